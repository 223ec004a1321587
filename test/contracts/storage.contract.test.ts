import type { Storage } from 'botbuilder';
import { LowdbStorage } from '../../bot/lowdbStorage';
import { PostgresStorage } from '../../postgres/postgresStorage';
import { PostgresBackend } from '../support/storeBackends';
import { temporaryDataDir } from '../support/testApp';

/** Storage with the sweep of idle state that index.ts runs every hour. */
type SweptStorage = Storage & { sweepExpired(maxAgeMs: number, now?: number): Promise<number> };

/** botbuilder's Storage as every implementation must keep it: `open` a fresh store, `reopen` another process on the same data. */
interface StorageBackend {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  fresh(): Promise<{ store: SweptStorage; reopen: () => Promise<SweptStorage> }>;
}

const pg = new PostgresBackend();
const backends: StorageBackend[] = [
  {
    name: 'lowdb',
    setUp: async () => undefined,
    tearDown: async () => undefined,
    fresh: async () => {
      const dir = temporaryDataDir();
      return { store: await LowdbStorage.open(dir), reopen: () => LowdbStorage.open(dir) };
    },
  },
  {
    name: 'postgres',
    setUp: () => pg.setUp(),
    tearDown: () => pg.tearDown(),
    fresh: async () => {
      await pg.empty();
      return { store: new PostgresStorage(pg.pool()), reopen: async () => new PostgresStorage(pg.pool()) };
    },
  },
];

describe.each(backends)('Storage contract: $name', (backend) => {
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());

  test('what is written is read back by another process; keys never written are left out', async () => {
    const { store, reopen } = await backend.fresh();
    await store.write({ 'a/conversations/1': { dialogState: { step: 2 } }, 'a/users/1': { language: 'en' } });
    const items = await (await reopen()).read(['a/conversations/1', 'a/users/1', 'missing']);
    expect(items['a/conversations/1']).toMatchObject({ dialogState: { step: 2 } });
    expect(items['a/users/1']).toMatchObject({ language: 'en' });
    expect(typeof items['a/users/1'].eTag).toBe('string');
    expect(items.missing).toBeUndefined();
  });

  test('a stale eTag is refused, a fresh one and "*" are accepted', async () => {
    const { store } = await backend.fresh();
    await store.write({ key: { n: 1 } });
    const first = (await store.read(['key'])).key;
    await store.write({ key: { ...first, n: 2 } });
    await expect(store.write({ key: { ...first, n: 3 } })).rejects.toThrow(/eTag/);
    expect((await store.read(['key'])).key.n).toBe(2);
    await store.write({ key: { n: 4, eTag: '*' } });
    expect((await store.read(['key'])).key.n).toBe(4);
  });

  test('a write from another process in between makes this one stale', async () => {
    const { store, reopen } = await backend.fresh();
    await store.write({ key: { n: 1 } });
    const other = await reopen();
    const mine = (await store.read(['key'])).key;
    const theirs = (await other.read(['key'])).key;
    await other.write({ key: { ...theirs, n: 2 } });
    if (backend.name === 'lowdb') return; // files are one process's: a second one is not told of the first's writes
    await expect(store.write({ key: { ...mine, n: 3 } })).rejects.toThrow(/eTag/);
  });

  test('two writes with the same eTag: one lands, the other is refused', async () => {
    const { store } = await backend.fresh();
    await store.write({ key: { n: 1 } });
    const read = (await store.read(['key'])).key;
    const results = await Promise.allSettled([store.write({ key: { ...read, n: 2 } }), store.write({ key: { ...read, n: 3 } })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  test('a reader cannot change what is stored by mutating what it read', async () => {
    const { store } = await backend.fresh();
    await store.write({ key: { list: [1] } });
    const item = (await store.read(['key'])).key;
    item.list.push(2);
    expect((await store.read(['key'])).key.list).toEqual([1]);
  });

  test('delete removes the item, for this process and the next', async () => {
    const { store, reopen } = await backend.fresh();
    await store.write({ gone: { x: 1 }, kept: { x: 2 } });
    await store.delete(['gone']);
    expect(Object.keys(await store.read(['gone', 'kept']))).toEqual(['kept']);
    expect(Object.keys(await (await reopen()).read(['gone', 'kept']))).toEqual(['kept']);
  });

  test('empty state is not kept, and a stale eTag still cannot empty it', async () => {
    const { store, reopen } = await backend.fresh();
    await store.write({ conv: { dialogState: { dialogStack: [{ id: 'form', state: { step: 1 } }] } } });
    const read = (await store.read(['conv'])).conv;
    await store.write({ conv: { ...read, dialogState: { dialogStack: [{ id: 'form', state: { step: 2 } }] } } });
    await expect(store.write({ conv: { ...read, dialogState: { dialogStack: [] } } })).rejects.toThrow(/eTag/);
    const current = (await store.read(['conv'])).conv;
    await store.write({ conv: { ...current, dialogState: { dialogStack: [] }, offeredChoices: undefined } });
    await store.write({ other: { dialogState: { dialogStack: [] } } });
    expect(await (await reopen()).read(['conv', 'other'])).toEqual({});
  });

  test('many concurrent writes to different keys all land', async () => {
    const { store, reopen } = await backend.fresh();
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    await Promise.all(keys.map((key, i) => store.write({ [key]: { i } })));
    expect(Object.keys(await (await reopen()).read(keys))).toHaveLength(200);
  });

  test('reads and writes made at the same moment (many turns at once) each get what they would one at a time', async () => {
    const { store, reopen } = await backend.fresh();
    await store.write({ shared: { list: [1] }, mine: { n: 1 } });
    // Two readers of the same key at once: each may change what it got without touching the other's.
    const [first, second, both] = await Promise.all([store.read(['shared']), store.read(['shared', 'missing']), store.read(['shared', 'mine'])]);
    first.shared.list.push(2);
    expect(second).toEqual({ shared: { list: [1], eTag: second.shared.eTag } });
    expect(both.shared.list).toEqual([1]);
    expect(both.mine.n).toBe(1);
    // Writes at once: to the same key the last one wins; emptied state goes; a stale conditional
    // write is refused alone while the others land.
    const stale = { ...both.mine, n: 0 };
    await store.write({ mine: { n: 2 } });
    const results = await Promise.allSettled([
      store.write({ shared: { list: [3] }, gone: { dialogState: { dialogStack: [] } } }),
      store.write({ shared: { list: [4] }, added: { a: 1 } }),
      store.write({ mine: stale }),
      store.write({ emptied: { x: 1 } }).then(() => store.write({ emptied: { dialogState: { dialogStack: [] } } })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const after = await (await reopen()).read(['shared', 'added', 'mine', 'gone', 'emptied']);
    expect(Object.keys(after).sort()).toEqual(['added', 'mine', 'shared']);
    expect(after.shared.list).toEqual([4]);
    expect(after.mine.n).toBe(2);
  });

  test('Arabic text and nested values come back as written', async () => {
    const { store, reopen } = await backend.fresh();
    const value = { language: 'ar', last: 'متى تصل رسالة رقم الطلب؟', nested: { list: [1, 'ب', null, { deep: true }] } };
    await store.write({ key: value });
    const { eTag, ...read } = (await (await reopen()).read(['key'])).key;
    expect(read).toEqual(value);
    expect(eTag).toBeDefined();
  });

  test('the sweep deletes state not written within the TTL, for this process and the next; state written since stays', async () => {
    const HOUR = 60 * 60 * 1000;
    const { store, reopen } = await backend.fresh();
    await store.write({ 'a/conversations/old': { form: { nationalId: '1000000016' } }, 'a/users/old': { language: 'ar' } });
    expect(await store.sweepExpired(24 * HOUR, Date.now())).toBe(0);
    expect(await store.sweepExpired(24 * HOUR, Date.now() + 25 * HOUR)).toBe(2);
    expect(await (await reopen()).read(['a/conversations/old', 'a/users/old'])).toEqual({});
    expect(await store.read(['a/conversations/old'])).toEqual({});
    await store.write({ 'a/conversations/old': { form: { step: 1 } } });
    expect(await store.sweepExpired(24 * HOUR, Date.now())).toBe(0);
    expect((await (await reopen()).read(['a/conversations/old']))['a/conversations/old']).toMatchObject({ form: { step: 1 } });
  });
});
