import path from 'node:path';
import type { Activity } from 'botbuilder';
import { JournalTranscriptStore, TranscriptLine } from '../../bot/journalTranscriptStore';
import { PostgresTranscriptStore } from '../../postgres/postgresTranscriptStore';
import { PostgresBackend } from '../support/storeBackends';
import { temporaryDataDir } from '../support/testApp';

interface Transcripts {
  logActivity(activity: Activity): Promise<void>;
  read(conversationId: string): Promise<TranscriptLine[]>;
  sweep(days: number): Promise<number>;
}

/** A transcript store on a clock the test moves, and `reopen`: the next process on the same data. */
interface TranscriptBackend {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  fresh(now: () => Date): Promise<{ store: Transcripts; reopen: () => Transcripts }>;
}

const pg = new PostgresBackend();
const backends: TranscriptBackend[] = [
  {
    name: 'lowdb',
    setUp: async () => undefined,
    tearDown: async () => undefined,
    fresh: async (now) => {
      const dir = path.join(temporaryDataDir(), 'transcripts');
      return { store: new JournalTranscriptStore(dir, now), reopen: () => new JournalTranscriptStore(dir, now) };
    },
  },
  {
    name: 'postgres',
    setUp: () => pg.setUp(),
    tearDown: () => pg.tearDown(),
    fresh: async (now) => {
      await pg.empty();
      return { store: new PostgresTranscriptStore(pg.pool(), now), reopen: () => new PostgresTranscriptStore(pg.pool(), now) };
    },
  },
];

const DAY = 24 * 60 * 60 * 1000;
const said = (conversationId: string, text: string, role: 'user' | 'bot', at = new Date('2026-12-01T10:00:00Z')): Activity =>
  ({ type: 'message', text, conversation: { id: conversationId }, from: { id: role, role }, timestamp: at }) as Activity;

describe.each(backends)('transcript store contract: $name', (backend) => {
  let now: Date;
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());
  beforeEach(() => {
    now = new Date();
  });

  test('keeps each conversation’s messages, in the order logged, for the next process; other activities are left out', async () => {
    const { store, reopen } = await backend.fresh(() => now);
    // As the middleware logs a turn: one after another, without waiting.
    await Promise.all([
      store.logActivity(said('a', 'متى يصل رقم الطلب؟', 'user')),
      store.logActivity({ type: 'typing', conversation: { id: 'a' } } as Activity),
      store.logActivity(said('a', 'Hi, how can I help?', 'bot')),
      store.logActivity(said('b', 'other conversation', 'user')),
      store.logActivity(said('a', 'thanks', 'user')),
    ]);
    const lines = await reopen().read('a');
    expect(lines.map((l) => `${l.from}: ${l.text}`)).toEqual(['person: متى يصل رقم الطلب؟', 'bot: Hi, how can I help?', 'person: thanks']);
    expect(lines[0].at).toBe('2026-12-01T10:00:00.000Z');
    expect(await store.read('never-seen')).toEqual([]);
  });

  test('a long conversation keeps its latest 500 lines', async () => {
    const { store, reopen } = await backend.fresh(() => now);
    for (let i = 0; i < 510; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => store.logActivity(said('long', `line ${i + j}`, 'user'))));
    const lines = await reopen().read('long');
    expect(lines).toHaveLength(500);
    expect(lines[0].text).toBe('line 10');
    expect(lines[499].text).toBe('line 509');
  });

  test('each line is kept for the retention and then deleted, whatever came after it in the conversation', async () => {
    const { store, reopen } = await backend.fresh(() => now);
    await store.logActivity(said('a', 'hello', 'user'));
    await store.logActivity(said('b', 'other', 'user'));
    const start = now.getTime();
    now = new Date(start + 20 * DAY);
    await store.logActivity(said('a', 'back again', 'user', now));
    now = new Date(start + 29 * DAY);
    expect(await store.sweep(30)).toBe(0);
    expect((await reopen().read('a')).map((l) => l.text)).toEqual(['hello', 'back again']);
    now = new Date(start + 31 * DAY);
    expect(await store.sweep(30)).toBeGreaterThan(0);
    expect((await reopen().read('a')).map((l) => l.text)).toEqual(['back again']);
    expect(await reopen().read('b')).toEqual([]);
  });
});
