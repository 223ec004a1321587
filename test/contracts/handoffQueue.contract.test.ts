import path from 'node:path';
import { PostgresHandoffQueue } from '../../postgres/postgresHandoffQueue';
import { CaseTakenError, HandoffQueue } from '../../staff/handoffQueue';
import { LowdbHandoffQueue } from '../../staff/lowdbHandoffQueue';
import { PostgresBackend } from '../support/storeBackends';
import { newCase } from '../support/handoffCases';
import { temporaryDataDir } from '../support/testApp';

/** A queue, and `reopen`: the next process on the same data (for PostgreSQL, another instance too). */
interface QueueBackend {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  fresh(): Promise<{ queue: HandoffQueue; reopen: () => Promise<HandoffQueue> }>;
}

const pg = new PostgresBackend();
const backends: QueueBackend[] = [
  {
    name: 'lowdb',
    setUp: async () => undefined,
    tearDown: async () => undefined,
    fresh: async () => {
      const dir = path.join(temporaryDataDir(), 'handoff');
      return { queue: await LowdbHandoffQueue.open(dir), reopen: () => LowdbHandoffQueue.open(dir) };
    },
  },
  {
    name: 'postgres',
    setUp: () => pg.setUp(),
    tearDown: () => pg.tearDown(),
    fresh: async () => {
      await pg.empty();
      return { queue: new PostgresHandoffQueue(pg.pool()), reopen: async () => new PostgresHandoffQueue(pg.pool()) };
    },
  },
];

const at = new Date('2026-12-01T09:00:00Z');

describe.each(backends)('HandoffQueue contract: $name', (backend) => {
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());

  test('a case added waits in the queue, found by id and by conversation, after a restart too', async () => {
    const { queue, reopen } = await backend.fresh();
    const added = await queue.add(newCase('c1'), at);
    expect(added).toMatchObject({ conversationId: 'c1', status: 'waiting', createdAt: at.toISOString(), queuedAt: at.toISOString(), returns: 0, messages: [] });
    const next = await reopen();
    expect(await next.get(added.id)).toEqual(added);
    expect(await next.latestFor('c1')).toEqual(added);
    expect(await next.get('no-such-case')).toBeUndefined();
    expect(await next.latestFor('c2')).toBeUndefined();
  });

  test('the latest case of a conversation is the one added last; list keeps the order cases were added in and filters by status', async () => {
    const { queue } = await backend.fresh();
    const first = await queue.add(newCase('c1'), at);
    const other = await queue.add(newCase('c2'), new Date(at.getTime() + 1000));
    await queue.change(first.id, (c) => ({ ...c, status: 'abandoned', endedAt: at.toISOString(), endedBy: 'person' }));
    const second = await queue.add(newCase('c1'), new Date(at.getTime() + 2000));
    expect((await queue.latestFor('c1'))?.id).toBe(second.id);
    expect((await queue.list()).map((c) => c.id)).toEqual([first.id, other.id, second.id]);
    expect((await queue.list(['waiting'])).map((c) => c.id)).toEqual([other.id, second.id]);
    expect((await queue.list(['abandoned', 'resolved'])).map((c) => c.id)).toEqual([first.id]);
  });

  test('two agents claiming one case at the same moment: one gets it, the other is told who did', async () => {
    const { queue, reopen } = await backend.fresh();
    const { id } = await queue.add(newCase('c1'), at);
    const other = await reopen();
    const claim = (q: HandoffQueue, agent: string) =>
      q.change(id, (c) => {
        if (c.status !== 'waiting') throw new CaseTakenError(c);
        return { ...c, status: 'assigned', agent, assignedAt: at.toISOString(), claimedOnce: true };
      });
    // Against two instances where the store is shared; against one process's queue otherwise.
    const results = await Promise.allSettled([claim(queue, 'noura'), claim(backend.name === 'postgres' ? other : queue, 'fahad')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(CaseTakenError);
    const stored = await (await reopen()).get(id);
    expect(stored?.status).toBe('assigned');
    expect(lost[0].reason.message).toContain(`taken by ${stored?.agent}`);
  });

  test('a change that returns false or throws leaves the case as it was; no such case gives undefined', async () => {
    const { queue, reopen } = await backend.fresh();
    const added = await queue.add(newCase('c1'), at);
    expect(await queue.change(added.id, () => false)).toEqual(added);
    await expect(
      queue.change(added.id, () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await (await reopen()).get(added.id)).toEqual(added);
    expect(await queue.change('no-such-case', (c) => c)).toBeUndefined();
  });

  test('messages relayed one after another in a case are all kept, in order, with Arabic text as written', async () => {
    const { queue, reopen } = await backend.fresh();
    const { id } = await queue.add(newCase('c1'), at);
    await queue.change(id, (c) => ({ ...c, status: 'assigned', agent: 'noura' }));
    const texts = ['السلام عليكم', 'كيف أقدر أخدمك؟', 'رقم طلبك TW-2026-12345678', 'شكراً'];
    await Promise.all(texts.map((text, i) => queue.change(id, (c) => ({ ...c, messages: [...c.messages, { from: i % 2 ? 'agent' : 'person', text, at: at.toISOString() }] }))));
    expect((await (await reopen()).get(id))?.messages.map((m) => m.text)).toEqual(texts);
  });
});
