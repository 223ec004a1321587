import fs from 'node:fs';
import path from 'node:path';
import { Activity } from 'botbuilder';
import { JournalTranscriptStore } from '../../bot/journalTranscriptStore';
import { temporaryDataDir } from '../support/testApp';

const said = (conversationId: string, text: string, role: 'user' | 'bot', at = '2026-12-01T10:00:00Z'): Activity =>
  ({ type: 'message', text, conversation: { id: conversationId }, from: { id: role, role }, timestamp: new Date(at) }) as Activity;

const texts = async (store: JournalTranscriptStore, id: string) => (await store.read(id)).map((l) => `${l.from}: ${l.text}`);

test('keeps each conversation’s messages in order, apart from the others, and deletes days past the retention', async () => {
  const directory = path.join(temporaryDataDir(), 'transcripts');
  let now = new Date('2026-12-01T10:00:00Z');
  const store = new JournalTranscriptStore(directory, () => now);
  await store.logActivity(said('a', 'hello', 'user'));
  await store.logActivity(said('a', 'Hi, how can I help?', 'bot'));
  await store.logActivity({ type: 'typing', conversation: { id: 'a' } } as Activity);
  await store.logActivity(said('b', 'other conversation', 'user'));
  expect(await texts(store, 'a')).toEqual(['person: hello', 'bot: Hi, how can I help?']);

  // A month later a speaks again; b never does.
  now = new Date('2027-01-01T10:00:00Z');
  await store.logActivity(said('a', 'back again', 'user', '2027-01-01T10:00:00Z'));
  expect(await texts(store, 'a')).toEqual(['person: hello', 'bot: Hi, how can I help?', 'person: back again']);
  expect(await store.sweep(30)).toBe(1);
  expect(await store.read('b')).toEqual([]);
  expect(await texts(store, 'a')).toEqual(['person: back again']);
  await store.close();
});

test('many turns at once are all kept, each once, in each conversation’s order', async () => {
  const directory = path.join(temporaryDataDir(), 'transcripts');
  const store = new JournalTranscriptStore(directory, () => new Date('2026-12-01T10:00:00Z'));
  await Promise.all(Array.from({ length: 40 }, (_, c) => (async () => {
    for (let i = 0; i < 10; i++) await store.logActivity(said(`c${c}`, `message ${i}`, 'user'));
  })()));
  for (const c of [0, 17, 39]) expect(await texts(store, `c${c}`)).toEqual(Array.from({ length: 10 }, (_, i) => `person: message ${i}`));
  await store.close();
});

test('files are private, hold no conversation id, and a half-written last line is skipped', async () => {
  const directory = path.join(temporaryDataDir(), 'transcripts');
  const store = new JournalTranscriptStore(directory, () => new Date('2026-12-01T10:00:00Z'));
  await store.logActivity(said('conversation-with-a-secret-id', 'my id is 1012345678', 'user'));
  await store.close();
  const [file] = fs.readdirSync(path.join(directory, '2026-12-01')).map((f) => path.join(directory, '2026-12-01', f));
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(fs.statSync(path.join(directory, '2026-12-01')).mode & 0o777).toBe(0o700);
  expect(fs.readFileSync(file, 'utf8')).not.toContain('conversation-with-a-secret-id');
  fs.appendFileSync(file, '{"c":"trunc');
  // After a restart the next line starts afresh: nothing written after the cut is lost.
  const reopened = new JournalTranscriptStore(directory, () => new Date('2026-12-01T11:00:00Z'));
  await reopened.logActivity(said('conversation-with-a-secret-id', 'after the restart', 'user'));
  expect(await texts(reopened, 'conversation-with-a-secret-id')).toEqual(['person: my id is 1012345678', 'person: after the restart']);
  await reopened.close();
});

test('each line is the JSON of { c, at, from, text } as JSON.stringify writes it, whatever the text holds', async () => {
  const directory = path.join(temporaryDataDir(), 'transcripts');
  const store = new JournalTranscriptStore(directory, () => new Date('2026-12-01T10:00:00Z'));
  const awkward = ['quote " and backslash \\ and \n newline\ttab', 'عربي مع "اقتباس"', 'emoji 👋 and lone \ud800 surrogate', '\u2028\u2029 and </script>', '{"c":"x"}'];
  for (const [i, text] of awkward.entries()) await store.logActivity(said(`conv-${i % 2}`, text, i % 2 ? 'bot' : 'user', `2026-12-01T10:00:0${i}.123Z`));
  await store.close();
  const day = path.join(directory, '2026-12-01');
  const lines = fs.readdirSync(day).flatMap((f) => fs.readFileSync(path.join(day, f), 'utf8').split('\n').filter(Boolean));
  const expected = awkward.map((text, i) => {
    const [line] = lines.filter((l) => (JSON.parse(l) as { text: string }).text === text);
    const c = (JSON.parse(line) as { c: string }).c;
    expect(c).toMatch(/^[0-9a-f]{40}$/);
    return JSON.stringify({ c, at: `2026-12-01T10:00:0${i}.123Z`, from: i % 2 ? 'bot' : 'person', text });
  });
  expect(lines.sort()).toEqual(expected.sort());
  // The hash of a conversation is the same from one line to the next, and differs between conversations.
  const hashes = lines.map((l) => (JSON.parse(l) as { c: string }).c);
  expect(new Set(hashes).size).toBe(2);
});

test('a line goes to the UTC day of the clock when it is logged, across midnight and back', async () => {
  const directory = path.join(temporaryDataDir(), 'transcripts');
  let now = new Date('2026-12-01T23:59:59.999Z');
  const store = new JournalTranscriptStore(directory, () => now);
  const dayFiles = () => fs.readdirSync(directory).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const texts = (day: string) => fs.readdirSync(path.join(directory, day)).flatMap((f) => fs.readFileSync(path.join(directory, day, f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text)).sort();
  await store.logActivity(said('a', 'last moment of the 1st', 'user'));
  now = new Date('2026-12-02T00:00:00.000Z');
  await store.logActivity(said('a', 'first moment of the 2nd', 'user'));
  now = new Date('2026-12-02T23:59:59.999Z');
  await store.logActivity(said('a', 'last moment of the 2nd', 'user'));
  // A clock set back writes to the day it shows again.
  now = new Date('2026-12-01T12:00:00.000Z');
  await store.logActivity(said('a', 'the 1st again', 'user'));
  now = new Date('1969-12-31T23:59:59.999Z');
  await store.logActivity(said('a', 'before 1970', 'user'));
  await store.close();
  expect(dayFiles()).toEqual(['1969-12-31', '2026-12-01', '2026-12-02']);
  expect(texts('2026-12-01')).toEqual(['last moment of the 1st', 'the 1st again']);
  expect(texts('2026-12-02')).toEqual(['first moment of the 2nd', 'last moment of the 2nd']);
  expect(texts('1969-12-31')).toEqual(['before 1970']);
});

test('lines logged in the same millisecond and in the next each carry their own instant', async () => {
  const directory = path.join(temporaryDataDir(), 'transcripts');
  const store = new JournalTranscriptStore(directory, () => new Date('2026-12-01T10:00:00Z'));
  const instants = ['2026-12-01T10:00:00.001Z', '2026-12-01T10:00:00.001Z', '2026-12-01T10:00:00.002Z', '2026-12-01T10:00:00.001Z'];
  for (const [i, at] of instants.entries()) await store.logActivity(said('a', `line ${i}`, 'user', at));
  // A message with no timestamp takes the clock's.
  await store.logActivity({ type: 'message', text: 'no timestamp', conversation: { id: 'a' }, from: { id: 'bot', role: 'bot' } } as Activity);
  expect((await store.read('a')).map((l) => l.at)).toEqual([...instants, '2026-12-01T10:00:00.000Z']);
  await store.close();
});
