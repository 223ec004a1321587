import fs from 'node:fs';
import path from 'node:path';
import { Activity } from 'botbuilder';
import { LowdbTranscriptStore } from '../../bot/lowdbTranscriptStore';
import { temporaryDataDir } from '../support/testApp';

const said = (conversationId: string, text: string, role: 'user' | 'bot'): Activity =>
  ({ type: 'message', text, conversation: { id: conversationId }, from: { id: role, role }, timestamp: new Date('2026-12-01T10:00:00Z') }) as Activity;

test('keeps each conversation’s messages in order, and deletes those past the retention', async () => {
  const directory = path.join(temporaryDataDir(), 'transcripts');
  let now = new Date('2026-12-01T10:00:00Z');
  const store = new LowdbTranscriptStore(directory, () => now);
  await store.logActivity(said('a', 'hello', 'user'));
  await store.logActivity(said('a', 'Hi, how can I help?', 'bot'));
  await store.logActivity({ type: 'typing', conversation: { id: 'a' } } as Activity);
  await store.logActivity(said('b', 'other conversation', 'user'));
  expect((await store.read('a')).map((l) => `${l.from}: ${l.text}`)).toEqual(['person: hello', 'bot: Hi, how can I help?']);

  // Conversation b goes quiet for 31 days; a spoke yesterday.
  const files = fs.readdirSync(directory).map((f) => path.join(directory, f));
  const [fileOfB] = files.filter((f) => fs.readFileSync(f, 'utf8').includes('other conversation'));
  now = new Date('2027-01-01T10:00:00Z');
  fs.utimesSync(fileOfB, new Date('2026-12-01T10:00:00Z'), new Date('2026-12-01T10:00:00Z'));
  for (const f of files.filter((f) => f !== fileOfB)) fs.utimesSync(f, new Date('2026-12-31T10:00:00Z'), new Date('2026-12-31T10:00:00Z'));
  expect(await store.sweep(30)).toBe(1);
  expect(await store.read('b')).toEqual([]);
  expect(await store.read('a')).toHaveLength(2);
});
