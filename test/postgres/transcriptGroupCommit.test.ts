import type { Activity } from 'botbuilder';
import { Pool } from 'pg';
import { PostgresTranscriptStore } from '../../postgres/postgresTranscriptStore';
import { PostgresBackend } from '../support/storeBackends';

// Under load, transcript lines must not queue up behind one another's INSERTs (a queue that only
// grows held every line in memory: the service's memory on PostgreSQL grew by gigabytes over 100,000
// conversations). Lines logged while an INSERT is in flight go together in the next one.
const pg = new PostgresBackend();
beforeAll(() => pg.setUp());
afterAll(() => pg.tearDown());

const said = (conversationId: string, text: string): Activity =>
  ({ type: 'message', text, conversation: { id: conversationId }, from: { id: 'user', role: 'user' }, timestamp: new Date('2026-12-01T10:00:00Z') }) as Activity;

test('lines logged over many event-loop turns while an INSERT is in flight go in the next INSERT, in order', async () => {
  const pool: Pool = pg.pool();
  let inserts = 0;
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  // Counts the INSERTs and makes each take a while, as a busy database does.
  (pool as unknown as { query: unknown }).query = async (...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
    if (text.includes('INSERT INTO transcript_lines')) {
      inserts += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return query(...args);
  };
  const store = new PostgresTranscriptStore(pool);
  const logged: Promise<void>[] = [store.logActivity(said('busy', 'line 0'))];
  // 200 lines, one per event-loop turn, all while the first INSERT is in flight.
  for (let i = 1; i <= 200; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    logged.push(store.logActivity(said('busy', `line ${i}`)));
  }
  await Promise.all(logged);
  expect(inserts).toBeLessThanOrEqual(3);
  const lines = await store.read('busy');
  expect(lines.map((l) => l.text)).toEqual(Array.from({ length: 201 }, (_, i) => `line ${i}`));
});
