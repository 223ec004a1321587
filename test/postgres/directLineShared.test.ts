import { Pool } from 'pg';
import type { Activity } from 'botbuilder';
import { DEFAULT_LIMITS } from '../../channels/web/directLine/conversationLog';
import type { ActivitySet } from '../../channels/web/directLine/directLineConversations';
import { createLogger } from '../../platform/logger';
import { DatabaseListener } from '../../postgres/databaseListener';
import { migrate } from '../../postgres/migrate';
import { PostgresConversationLog } from '../../postgres/postgresConversationLog';
import { PostgresFeedBus } from '../../postgres/postgresFeedBus';
import type { FeedEvent } from '../../staff/handoffService';
import { PostgresServer, startPostgresServer } from '../support/postgres';
import { eventually } from '../support/staffClient';

// Two processes' worth of the built-in Direct Line and the feed bus on one database of their own,
// since this suite stops it on purpose: what one appends or publishes reaches the other's
// subscribers, and still does after the database was down.
let server: PostgresServer;
const logLines: string[] = [];
const logger = createLogger('debug', (line) => logLines.push(line));
const closers: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  server = await startPostgresServer();
  await server.ready;
  const pool = new Pool({ connectionString: server.url });
  await migrate(pool);
  await pool.end();
}, 120_000);
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await server?.stop();
});

/** One instance's side: its pool, its listening connection, its log and its feed bus. */
async function instance(limits = DEFAULT_LIMITS) {
  const pool = new Pool({ connectionString: server.url });
  pool.on('error', () => undefined);
  const listener = new DatabaseListener(server.url, logger, 100);
  await listener.start();
  const log = new PostgresConversationLog(pool, listener, limits, logger);
  const feed = new PostgresFeedBus(pool, listener, logger);
  closers.push(async () => {
    log.close();
    await feed.close();
    await listener.close();
    await pool.end();
  });
  return { pool, log, feed };
}

const said = (text: string) => ({ type: 'message', text, from: { id: 'tawasul-bot', role: 'bot' } }) as Partial<Activity>;
const caseMessage = (text: string): FeedEvent => ({ type: 'message', caseId: 'case-1', message: { from: 'person', text, at: '2026-12-01T10:00:00.000Z' } as never });

test('a stream on one instance gets what the other appends, and after the database was down, what was appended meanwhile', async () => {
  const [a, b] = [await instance(), await instance()];
  const id = await b.log.create('dl_person');
  const sets: ActivitySet[] = [];
  a.log.subscribe(id, (set) => sets.push(set), '0');
  const events: FeedEvent[] = [];
  a.feed.subscribe((event) => events.push(event));
  await b.log.append(id, said('before'));
  b.feed.publish(caseMessage('before'));
  await eventually(() => sets.length === 1 && events.length === 1);

  await server.stop();
  await server.restart();
  // Appended while A's listener may not be listening yet: A reads it once it is back.
  await eventually(async () => Boolean(await b.log.append(id, said('after')).catch(() => undefined)), 30_000);
  await eventually(() => sets.flatMap((s) => s.activities).some((x) => x.text === 'after'), 30_000);
  expect(logLines.some((line) => line.includes('database listener reconnected'))).toBe(true);
  // And feed events published from now on reach A's consoles.
  await eventually(() => logLines.filter((line) => line.includes('database listener reconnected')).length >= 2, 30_000);
  b.feed.publish(caseMessage('after'));
  await eventually(() => events.length === 2);
  expect(sets.flatMap((s) => s.activities.map((x) => x.text))).toEqual(['before', 'after']);
  expect(events.map((e) => e.type === 'message' && e.message.text)).toEqual(['before', 'after']);
}, 90_000);

test('the sweep keeps the bounds over all conversations: idle ones go, then the least recently active past the count, files with them', async () => {
  const limits = { ...DEFAULT_LIMITS, maxConversations: 2, idleMs: 60 * 60_000 };
  const { pool, log } = await instance(limits);
  await pool.query('DELETE FROM directline_conversations');
  const ids = [];
  for (let i = 0; i < 3; i++) {
    ids.push(await log.create(`dl_${i}`));
    await log.append(ids[i], said(`hello ${i}`));
  }
  await pool.query("INSERT INTO directline_uploads (conversation_id, file_id, name, content_type, content) VALUES ($1, 'file-000001', 'a.pdf', 'application/pdf', '\\x25504446')", [ids[0]]);
  await pool.query("UPDATE directline_conversations SET last_active = now() - interval '1 minute' WHERE id = $1", [ids[0]]);
  const idle = await log.create('dl_idle');
  await pool.query("UPDATE directline_conversations SET last_active = now() - interval '2 hours' WHERE id = $1", [idle]);
  expect(await log.sweep()).toBe(2);
  for (const [id, kept] of [[ids[0], false], [ids[1], true], [ids[2], true], [idle, false]] as const) expect(await log.has(id)).toBe(kept);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM directline_uploads');
  expect(rows[0].n).toBe(0);
});
