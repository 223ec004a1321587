import path from 'node:path';
import { Pool } from 'pg';
import { CurrentCaseConversations } from '../../postgres/currentCaseConversations';
import { DatabaseListener } from '../../postgres/databaseListener';
import { PostgresHandoffQueue } from '../../postgres/postgresHandoffQueue';
import { createLogger } from '../../platform/logger';
import { HandoffCase, HandoffQueue, isCurrent } from '../../staff/handoffQueue';
import { FileHandoffQueue } from '../../staff/fileHandoffQueue';
import { PostgresBackend } from '../support/storeBackends';
import { newCase } from '../support/handoffCases';
import { eventually } from '../support/staffClient';
import { temporaryDataDir } from '../support/testApp';

// "Is this person with an officer?" is asked at every message. On PostgreSQL each instance keeps the
// conversations that may have a current case, so that the others cost no query; these tests hold it
// to the database's answer across two instances, a lost listener and a restart.
const pg = new PostgresBackend();
const logger = createLogger('error', () => undefined);
const at = new Date('2026-12-01T09:00:00Z');

/** An instance's queue, with its own listener and index, as postgres/postgresStores.ts makes them. */
async function instance(pool: Pool) {
  const listener = new DatabaseListener(pg.url, logger, 50);
  await listener.start();
  const current = new CurrentCaseConversations(pool, listener, logger);
  await current.load();
  return { queue: new PostgresHandoffQueue(pool, current), current, listener, close: async () => (current.close(), await listener.close()) };
}

let pool: Pool;
let instances: Awaited<ReturnType<typeof instance>>[] = [];
beforeAll(async () => {
  await pg.setUp();
  pool = pg.pool();
});
afterAll(() => pg.tearDown());
beforeEach(() => pg.empty());
afterEach(async () => {
  await Promise.all(instances.map((i) => i.close()));
  instances = [];
});
const start = async () => {
  const started = await instance(pool);
  instances.push(started);
  return started;
};

/** A case moved to each status a case can have (the feedback steps after the end included). */
const ends: [string, (c: HandoffCase) => HandoffCase][] = [
  ['waiting', (c) => c],
  ['with an officer', (c) => ({ ...c, status: 'assigned', agent: 'noura', agentName: 'Noura', assignedAt: at.toISOString() })],
  ['ended, rating asked', (c) => ({ ...c, status: 'resolved', endedAt: at.toISOString(), endedBy: 'agent', feedback: 'rating' })],
  ['ended, comment asked', (c) => ({ ...c, status: 'resolved', endedAt: at.toISOString(), endedBy: 'agent', feedback: 'comment', rating: 4 })],
  ['ended, feedback given', (c) => ({ ...c, status: 'resolved', endedAt: at.toISOString(), endedBy: 'agent', feedback: 'done', rating: 4 })],
  ['ended, no feedback', (c) => ({ ...c, status: 'resolved', endedAt: at.toISOString(), endedBy: 'person' })],
  ['left the queue', (c) => ({ ...c, status: 'abandoned', endedAt: at.toISOString(), endedBy: 'person' })],
  ['expired', (c) => ({ ...c, status: 'expired', endedAt: at.toISOString(), endedBy: 'system' })],
];

test('both queues, and an instance started afterwards, call the same cases current', async () => {
  const inFiles = await FileHandoffQueue.open(path.join(temporaryDataDir(), 'handoff'));
  const first = await start();
  const expected: boolean[] = [];
  for (const queue of [inFiles, first.queue] as HandoffQueue[]) {
    for (const [name, apply] of ends) {
      const added = await queue.add(newCase(name), at);
      const changed = (await queue.change(added.id, apply))!;
      expect(changed.status).toBe(apply(added).status);
      if (queue === inFiles) expected.push(isCurrent(changed));
      expect((await queue.currentFor(name))?.id).toBe(isCurrent(changed) ? added.id : undefined);
    }
  }
  expect(expected).toEqual([true, true, true, true, false, false, false, false]);
  // A new instance reads the current cases from the database (the SQL says what isCurrent says).
  const later = await start();
  for (const [i, [name]] of ends.entries()) {
    expect(later.current.mayHave(name)).toBe(expected[i]);
    expect((await later.queue.currentFor(name)) !== undefined).toBe(expected[i]);
  }
  expect(later.current.mayHave('never-asked')).toBe(false);
});

test('a case raised on one instance is current on the other within moments, and forgotten there once it is over', async () => {
  const [a, b] = [await start(), await start()];
  expect(await b.queue.currentFor('c1')).toBeUndefined();
  expect(b.current.mayHave('c1')).toBe(false);
  const raised = await a.queue.add(newCase('c1'), at);
  // Raised on A: A knows at once, B through the NOTIFY that came with the insert.
  expect(a.current.mayHave('c1')).toBe(true);
  expect((await eventually(() => b.queue.currentFor('c1'))).id).toBe(raised.id);
  await a.queue.change(raised.id, (c) => ({ ...c, status: 'abandoned', endedAt: at.toISOString(), endedBy: 'person' }));
  expect(await b.queue.currentFor('c1')).toBeUndefined();
  expect(b.current.mayHave('c1')).toBe(false);
  // A second case in the same conversation is current again everywhere.
  const again = await a.queue.add(newCase('c1'), at);
  expect((await eventually(() => b.queue.currentFor('c1'))).id).toBe(again.id);
});

test('a case that becomes current again through a change (an officer returns it to the queue) is current on the other instance', async () => {
  const [a, b] = [await start(), await start()];
  const raised = await a.queue.add(newCase('c2'), at);
  await eventually(() => b.current.mayHave('c2'));
  await a.queue.change(raised.id, (c) => ({ ...c, status: 'resolved', endedAt: at.toISOString(), endedBy: 'person' }));
  expect(await b.queue.currentFor('c2')).toBeUndefined();
  await a.queue.change(raised.id, (c) => ({ ...c, status: 'resolved', feedback: 'rating' }));
  expect((await eventually(() => b.queue.currentFor('c2')))?.feedback).toBe('rating');
});

test('while its listener is disconnected an instance asks the database for every conversation, and after reconnecting knows what it missed', async () => {
  const [a, b] = [await start(), await start()];
  expect(b.current.mayHave('c3')).toBe(false);
  await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`);
  // Both listeners are gone: neither instance trusts what it knows.
  await eventually(() => !b.listener.listening && !a.listener.listening);
  expect(b.current.mayHave('c3')).toBe(true);
  const raised = await a.queue.add(newCase('c3'), at);
  expect((await b.queue.currentFor('c3'))?.id).toBe(raised.id);
  await eventually(() => b.listener.listening);
  // Reconnected and reloaded: the case raised meanwhile is known, a conversation without one is not.
  await eventually(() => !b.current.mayHave('c4'));
  expect(b.current.mayHave('c3')).toBe(true);
  expect((await b.queue.currentFor('c3'))?.id).toBe(raised.id);
});
