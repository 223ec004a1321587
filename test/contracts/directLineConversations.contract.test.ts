import type { Activity } from 'botbuilder';
import { ConversationLog, ConversationLogLimits, DEFAULT_LIMITS } from '../../channels/web/directLine/conversationLog';
import type { ActivitySet, DirectLineConversations } from '../../channels/web/directLine/directLineConversations';
import { createLogger } from '../../platform/logger';
import { DatabaseListener } from '../../postgres/databaseListener';
import { PostgresConversationLog } from '../../postgres/postgresConversationLog';
import { PostgresBackend } from '../support/storeBackends';
import { eventually } from '../support/staffClient';

/** A conversation log with these bounds, on a clock the test moves. */
interface LogBackend {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  fresh(limits: ConversationLogLimits, clock: () => number): Promise<DirectLineConversations>;
}

const pg = new PostgresBackend();
let listener: DatabaseListener;
const opened: DirectLineConversations[] = [];
const backends: LogBackend[] = [
  {
    name: 'memory',
    setUp: async () => undefined,
    tearDown: async () => undefined,
    fresh: async (limits, clock) => new ConversationLog(limits, clock),
  },
  {
    name: 'postgres',
    setUp: async () => {
      await pg.setUp();
      listener = new DatabaseListener(pg.url, createLogger('silent'));
      await listener.start();
    },
    tearDown: async () => {
      await listener.close();
      await pg.tearDown();
    },
    fresh: async (limits, clock) => {
      await pg.empty();
      return new PostgresConversationLog(pg.pool(), listener, limits, createLogger('silent'), clock);
    },
  },
];

const KB = 1024;
const MINUTE = 60_000;
const said = (text: string, extra: Partial<Activity> = {}): Partial<Activity> =>
  ({ type: 'message', text, from: { id: 'dl_person', role: 'user' }, ...extra }) as Partial<Activity>;
const textsOf = (set: ActivitySet | undefined) => set?.activities.map((a) => a.text);

describe.each(backends)('Direct Line conversation log contract: $name', (backend) => {
  let now: number;
  const clock = () => now;
  const fresh = async (limits: Partial<ConversationLogLimits> = {}) => {
    const log = await backend.fresh({ ...DEFAULT_LIMITS, ...limits }, clock);
    opened.push(log);
    return log;
  };
  beforeAll(() => backend.setUp());
  afterAll(async () => {
    opened.splice(0).forEach((log) => log.close());
    await backend.tearDown();
  });
  beforeEach(() => {
    now = Date.parse('2026-12-01T10:00:00Z');
  });

  test('a new conversation is known with its user and locale, an unknown one is not, and it is started once', async () => {
    const log = await fresh();
    const id = await log.create('dl_person', 'ar-SA');
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await log.has(id)).toBe(true);
    expect(await log.userOf(id)).toEqual({ userId: 'dl_person', locale: 'ar-SA' });
    expect(await log.has('no-such-conversation')).toBe(false);
    expect(await log.since('no-such-conversation')).toBeUndefined();
    expect(await log.append('no-such-conversation', said('hello'))).toBeUndefined();
    expect(await log.markStarted(id)).toBe(true);
    expect(await log.markStarted(id)).toBe(false);
  });

  test('activities come back in order after a watermark, with ids and timestamps, and never the serviceUrl', async () => {
    const log = await fresh();
    const id = await log.create('dl_person');
    const ids = [];
    for (const text of ['السلام عليكم', 'menu', 'track']) ids.push(await log.append(id, said(text, { serviceUrl: 'http://127.0.0.1:1/connector/secret' })));
    expect(ids).toEqual([`${id}|0000000`, `${id}|0000001`, `${id}|0000002`]);
    const all = await log.since(id);
    expect(textsOf(all)).toEqual(['السلام عليكم', 'menu', 'track']);
    expect(all!.watermark).toBe('3');
    expect(JSON.parse(JSON.stringify(all))).toMatchObject({ activities: [{ id: ids[0], conversation: { id } }, {}, {}] });
    expect(all!.activities.every((a) => a.serviceUrl === undefined && a.timestamp !== undefined)).toBe(true);
    expect(textsOf(await log.since(id, '2'))).toEqual(['track']);
    expect(await log.since(id, '3')).toEqual({ activities: [], watermark: '3' });
    // A watermark that is not ours reads from the start.
    expect(textsOf(await log.since(id, 'junk'))).toHaveLength(3);
  });

  test('past the bytes or the count a conversation may keep, its oldest activities go and the watermark goes on', async () => {
    const log = await fresh({ maxConversationBytes: 64 * KB, maxActivities: 50 });
    const id = await log.create('dl_person');
    const big = 'x'.repeat(10 * KB);
    for (let i = 0; i < 10; i++) await log.append(id, said(`${i} ${big}`));
    const kept = await log.since(id);
    expect(kept!.watermark).toBe('10');
    expect(kept!.activities.length).toBeLessThan(10);
    expect(kept!.activities.at(-1)!.text).toMatch(/^9 /);
    expect(kept!.activities.reduce((sum, a) => sum + Buffer.byteLength(JSON.stringify(a)), 0)).toBeLessThanOrEqual(64 * KB);
    const other = await log.create('dl_other');
    for (let i = 0; i < 60; i++) await log.append(other, said(`short ${i}`));
    const few = await log.since(other);
    expect(few!.activities).toHaveLength(50);
    expect(few!.activities[0].text).toBe('short 10');
    expect(few!.watermark).toBe('60');
  });

  test('a conversation idle past the limit is forgotten; one read or touched is not', async () => {
    const log = await fresh({ idleMs: 60 * MINUTE });
    const idle = await log.create('dl_idle');
    const read = await log.create('dl_read');
    const touched = await log.create('dl_touched');
    now += 40 * MINUTE;
    await log.since(read);
    expect(await log.touch(touched)).toBe(true);
    now += 30 * MINUTE;
    expect(await log.has(idle)).toBe(false);
    expect(await log.since(idle)).toBeUndefined();
    expect(await log.append(idle, said('late'))).toBeUndefined();
    expect(await log.touch(idle)).toBe(false);
    expect(await log.has(read)).toBe(true);
    expect(await log.has(touched)).toBe(true);
  });

  test('a subscriber gets each activity after its watermark once and in order, also those appended before it subscribed', async () => {
    const log = await fresh();
    const id = await log.create('dl_person');
    await log.append(id, said('first'));
    const backlog = await log.since(id);
    // Appended between the subscriber's read and its subscription: another page's stream has seen
    // it arrive, so whatever announced it has come and gone.
    const other: ActivitySet[] = [];
    const stopOther = log.subscribe(id, (set) => other.push(set), backlog!.watermark)!;
    await log.append(id, said('second'));
    await eventually(() => other.length > 0);
    stopOther();
    const sets: ActivitySet[] = [];
    const unsubscribe = log.subscribe(id, (set) => sets.push(set), backlog!.watermark)!;
    // Sent without waiting for another activity to come.
    await eventually(() => sets.length > 0);
    expect(sets.flatMap((s) => s.activities.map((a) => a.text))).toEqual(['second']);
    for (const text of ['third', 'fourth']) await log.append(id, said(text));
    await eventually(() => sets.flatMap((s) => s.activities).length >= 3);
    expect(sets.flatMap((s) => s.activities.map((a) => a.text))).toEqual(['second', 'third', 'fourth']);
    expect(sets.at(-1)!.watermark).toBe('4');
    unsubscribe();
    await log.append(id, said('after'));
    // Nothing after unsubscribing: a later subscriber (the same way in) sees it, this one did not.
    const later: ActivitySet[] = [];
    const stop = log.subscribe(id, (set) => later.push(set), '4')!;
    await eventually(() => later.length > 0);
    stop();
    expect(sets.flatMap((s) => s.activities.map((a) => a.text))).not.toContain('after');
  });
});
