import path from 'node:path';
import { PostgresHandoffQueue } from '../../postgres/postgresHandoffQueue';
import { CaseTakenError, HandoffQueue } from '../../staff/handoffQueue';
import { FileHandoffQueue } from '../../staff/fileHandoffQueue';
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
    name: 'file',
    setUp: async () => undefined,
    tearDown: async () => undefined,
    fresh: async () => {
      const dir = path.join(temporaryDataDir(), 'handoff');
      return { queue: await FileHandoffQueue.open(dir), reopen: () => FileHandoffQueue.open(dir) };
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

  test("a waiting case's standing: its place first come first served (ties in the order added), the latest officers' conversation lengths, the officers busy; after a restart too", async () => {
    const { queue, reopen } = await backend.fresh();
    const minute = 60_000;
    const iso = (minutes: number) => new Date(at.getTime() + minutes * minute).toISOString();
    // 25 conversations with an officer ended, the n-th lasting n minutes and ending at minute 100 + n; one
    // resolved without an officer; two officers busy (one with two cases); four waiting, two queued at once.
    for (let n = 1; n <= 25; n++) {
      const c = await queue.add(newCase(`done${n}`), at);
      await queue.change(c.id, (x) => ({ ...x, status: 'resolved', agent: 'noura', assignedAt: iso(100), endedAt: iso(100 + n), endedBy: 'agent' }));
    }
    const unattended = await queue.add(newCase('unattended'), at);
    await queue.change(unattended.id, (x) => ({ ...x, status: 'resolved', endedAt: iso(999), endedBy: 'system' }));
    for (const [conversation, agent] of [['busy1', 'noura'], ['busy2', 'noura'], ['busy3', 'fahad']]) {
      const c = await queue.add(newCase(conversation), at);
      await queue.change(c.id, (x) => ({ ...x, status: 'assigned', agent, assignedAt: iso(1) }));
    }
    const later = await queue.add(newCase('later'), new Date(at.getTime() + 5 * minute));
    const tiedFirst = await queue.add(newCase('tied1'), new Date(at.getTime() + 2 * minute));
    const tiedSecond = await queue.add(newCase('tied2'), new Date(at.getTime() + 2 * minute));
    const earliest = await queue.add(newCase('earliest'), new Date(at.getTime() + minute));
    const latestFirst = [25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6];
    for (const q of [queue, await reopen()]) {
      const positions = await Promise.all([earliest, tiedFirst, tiedSecond, later].map(async (c) => (await q.standing(c.id)).position));
      expect(positions).toEqual([1, 2, 3, 4]);
      const standing = await q.standing(later.id);
      expect(standing.recentHandlingMinutes.map((m) => Math.round(m * 1000) / 1000)).toEqual(latestFirst);
      expect(standing.busyAgents).toBe(2);
      expect((await q.standing(unattended.id)).position).toBe(0);
      expect((await q.standing('no-such-case')).position).toBe(0);
    }
    // The first leaves: everyone behind moves up; an officer's conversation ending later leads the lengths.
    await queue.change(earliest.id, (x) => ({ ...x, status: 'abandoned', endedAt: iso(6), endedBy: 'person' }));
    const [busy] = await queue.list(['assigned']);
    await queue.change(busy.id, (x) => ({ ...x, status: 'resolved', endedAt: iso(1000), endedBy: 'agent' }));
    const after = await (await reopen()).standing(later.id);
    expect(after.position).toBe(3);
    expect(after.recentHandlingMinutes.slice(0, 2).map(Math.round)).toEqual([999, 25]);
    expect(after.recentHandlingMinutes).toHaveLength(20);
    expect((await queue.standing(earliest.id)).position).toBe(0);
  });

  test("changing a conversation's older case (its files deleted, a late rating) leaves the newer one its latest and current, after a restart too", async () => {
    const { queue, reopen } = await backend.fresh();
    const older = await queue.add(newCase('c1'), at);
    await queue.change(older.id, (c) => ({ ...c, status: 'resolved', agent: 'noura', assignedAt: at.toISOString(), endedAt: at.toISOString(), endedBy: 'agent', feedback: 'done' }));
    const newer = await queue.add(newCase('c1'), new Date(at.getTime() + 60_000));
    await queue.change(older.id, (c) => ({ ...c, rating: 4 }));
    for (const q of [queue, await reopen()]) {
      expect((await q.latestFor('c1'))?.id).toBe(newer.id);
      expect((await q.currentFor('c1'))?.id).toBe(newer.id);
    }
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
