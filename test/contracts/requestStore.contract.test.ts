import { PostgresRequestStore, SequenceRequestNumbers } from '../../postgres/postgresRequestStore';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { newRequest } from '../../requests/newRequest';
import { RequestNumbers, SequentialRequestNumbers } from '../../requests/requestNumbers';
import { Request, RequestDraft } from '../../requests/requestSchemas';
import { DuplicateRequestNumberError, InvalidTransitionError, RequestStore } from '../../requests/requestStore';
import { draftFor } from '../support/requestDrafts';
import { PostgresBackend } from '../support/storeBackends';
import { temporaryDataDir } from '../support/testApp';

/** A store and its numbering as the composition root pairs them; `reopen` is another process on the same data. */
interface Opened {
  store: RequestStore;
  numbers: RequestNumbers;
  reopen(): Promise<Opened>;
}

interface RequestStoreBackend {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  fresh(): Promise<Opened>;
}

const pg = new PostgresBackend();
const openLowdb = async (dir: string): Promise<Opened> => {
  const store = await LowdbRequestStore.open(dir);
  return { store, numbers: new SequentialRequestNumbers(store.highestSequence), reopen: () => openLowdb(dir) };
};
const openPostgres = (): Opened => {
  const pool = pg.pool();
  return { store: new PostgresRequestStore(pool), numbers: new SequenceRequestNumbers(pool), reopen: async () => openPostgres() };
};

const backends: RequestStoreBackend[] = [
  { name: 'lowdb', setUp: async () => undefined, tearDown: async () => undefined, fresh: () => openLowdb(temporaryDataDir()) },
  {
    name: 'postgres',
    setUp: () => pg.setUp(),
    tearDown: () => pg.tearDown(),
    fresh: async () => {
      await pg.empty();
      return openPostgres();
    },
  },
];

async function submit({ store, numbers }: Opened, draft: RequestDraft, now = new Date()): Promise<Request> {
  const request = newRequest(draft, await numbers.next(now), now);
  await store.add(request);
  return request;
}

describe.each(backends)('RequestStore contract: $name', (backend) => {
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());

  test('200 concurrent submissions get 200 distinct numbers, all read back by another process', async () => {
    const opened = await backend.fresh();
    const created = await Promise.all(Array.from({ length: 200 }, (_, i) => submit(opened, draftFor(i + 1))));
    expect(new Set(created.map((r) => r.number)).size).toBe(200);
    const reopened = await opened.reopen();
    for (const request of created.slice(0, 20)) expect(await reopened.store.get(request.number)).toEqual(request);
    expect((await reopened.store.list({ limit: 1 })).total).toBe(200);
    const next = await submit(reopened, draftFor(201));
    expect(created.map((r) => r.number)).not.toContain(next.number);
  });

  test('a new request is received, due in 7 Saudi working days, with its history started', async () => {
    const opened = await backend.fresh();
    const request = await submit(opened, draftFor(1), new Date('2026-11-22T07:00:00Z'));
    expect(request).toMatchObject({ status: 'received', dueDate: '2026-12-01', number: 'TW-2026-000001' });
    expect((await opened.store.get(request.number))!.history).toEqual([{ status: 'received', at: '2026-11-22T07:00:00.000Z' }]);
  });

  test('a number already held is refused as a duplicate, and the first request stays as it was', async () => {
    const opened = await backend.fresh();
    const first = await submit(opened, draftFor(1));
    const again = newRequest(draftFor(2), first.number, new Date());
    await expect(opened.store.add(again)).rejects.toBeInstanceOf(DuplicateRequestNumberError);
    expect(await opened.store.get(first.number)).toEqual(first);
  });

  test('a request that breaks the schema is refused and nothing is stored', async () => {
    const opened = await backend.fresh();
    const bad = { ...newRequest(draftFor(1), 'TW-2026-000001', new Date()), nationalId: '1234567890' };
    await expect(opened.store.add(bad)).rejects.toThrow();
    expect((await opened.store.list()).total).toBe(0);
  });

  test('finding a person needs both their ID and their mobile, newest first', async () => {
    const opened = await backend.fresh();
    const older = await submit(opened, draftFor(1), new Date('2026-11-01T08:00:00Z'));
    const newer = await submit(opened, draftFor(1, { category: 'iqama' }), new Date('2026-11-02T08:00:00Z'));
    await submit(opened, draftFor(2));
    expect((await opened.store.findByPerson(draftFor(1).nationalId, draftFor(1).mobile)).map((r) => r.number)).toEqual([newer.number, older.number]);
    expect(await opened.store.findByPerson(draftFor(1).nationalId, draftFor(2).mobile)).toHaveLength(0);
    expect(await opened.store.get('TW-2026-999999')).toBeUndefined();
  });

  test('status changes sent at the same moment are applied one after the other, none lost', async () => {
    const opened = await backend.fresh();
    const { number } = await submit(opened, draftFor(1));
    await Promise.all([opened.store.updateStatus(number, 'in_review', 'first'), opened.store.updateStatus(number, 'awaiting_info', 'second')]);
    const expected = ['received', 'in_review', 'awaiting_info'];
    expect((await opened.store.get(number))!.history.map((h) => h.status)).toEqual(expected);
    expect((await (await opened.reopen()).store.get(number))!.history.map((h) => h.status)).toEqual(expected);
  });

  test('status changes follow the graph, keep their notes, and survive a restart', async () => {
    const opened = await backend.fresh();
    const { number } = await submit(opened, draftFor(1));
    const at = new Date('2026-11-23T09:00:00Z');
    expect(await opened.store.updateStatus(number, 'in_review', undefined, at)).toMatchObject({ status: 'in_review', updatedAt: at.toISOString() });
    await opened.store.updateStatus(number, 'awaiting_info', 'Please send a copy of your passport.');
    await expect(opened.store.updateStatus(number, 'received')).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(await opened.store.updateStatus('TW-2026-999999', 'in_review')).toBeUndefined();
    const request = await (await opened.reopen()).store.get(number);
    expect(request?.status).toBe('awaiting_info');
    expect(request?.history.map((h) => [h.status, h.note])).toEqual([
      ['received', undefined],
      ['in_review', undefined],
      ['awaiting_info', 'Please send a copy of your passport.'],
    ]);
  });

  test('list filters by status, category, submission date (Riyadh) and overdue, newest first, in pages', async () => {
    const opened = await backend.fresh();
    const old = await submit(opened, draftFor(1), new Date('2026-01-04T08:00:00Z'));
    const iqama = await submit(opened, draftFor(2, { category: 'iqama' }), new Date('2026-11-22T08:00:00Z'));
    const closed = await submit(opened, draftFor(3), new Date('2026-01-05T08:00:00Z'));
    // 22:30 UTC on the 4th is already the 5th in Riyadh.
    const lateEvening = await submit(opened, draftFor(4), new Date('2026-01-04T22:30:00Z'));
    await opened.store.updateStatus(closed.number, 'rejected');
    const { store } = opened;
    expect((await store.list({ category: 'iqama' })).requests.map((r) => r.number)).toEqual([iqama.number]);
    expect((await store.list({ status: 'rejected' })).requests.map((r) => r.number)).toEqual([closed.number]);
    expect((await store.list({ submittedFrom: '2026-11-01' })).total).toBe(1);
    expect((await store.list({ submittedTo: '2026-01-04' })).requests.map((r) => r.number)).toEqual([old.number]);
    expect((await store.list({ submittedFrom: '2026-01-05', submittedTo: '2026-01-05' })).requests.map((r) => r.number).sort()).toEqual([closed.number, lateEvening.number].sort());
    expect((await store.list({ overdueOn: '2026-01-14' })).requests.map((r) => r.number)).toEqual([old.number]);
    const all = await store.list();
    expect(all.requests.map((r) => r.number)).toEqual([iqama.number, closed.number, lateEvening.number, old.number]);
    const page = await store.list({ offset: 1, limit: 2 });
    expect(page).toEqual({ total: 4, requests: all.requests.slice(1, 3) });
    expect(await store.list({ offset: 10 })).toEqual({ total: 4, requests: [] });
  });
});
