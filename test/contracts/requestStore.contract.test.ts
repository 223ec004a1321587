import { PostgresRequestStore, SequenceRequestNumbers } from '../../postgres/postgresRequestStore';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { newRequest } from '../../requests/newRequest';
import { createLogger } from '../../platform/logger';
import { FolderAttachmentStore } from '../../requests/attachmentStore';
import { RandomRequestNumbers, RequestNumbers, SequentialRequestNumbers } from '../../requests/requestNumbers';
import { RequestService } from '../../requests/requestService';
import { Request, RequestDraft } from '../../requests/requestSchemas';
import { ClosedRequestError, DuplicateRequestNumberError, DuplicateSubmissionError, InvalidTransitionError, RequestStore } from '../../requests/requestStore';
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
  /** What a second instance of the service uses: the same database; for the files, the one store (a data folder has one owner). */
  secondInstance(opened: Opened): Promise<RequestStore>;
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
  {
    name: 'lowdb',
    setUp: async () => undefined,
    tearDown: async () => undefined,
    fresh: () => openLowdb(temporaryDataDir()),
    secondInstance: async (opened) => opened.store,
  },
  {
    name: 'postgres',
    setUp: () => pg.setUp(),
    tearDown: () => pg.tearDown(),
    fresh: async () => {
      await pg.empty();
      return openPostgres();
    },
    secondInstance: async (opened) => (await opened.reopen()).store,
  },
];

async function submit({ store, numbers }: Opened, draft: RequestDraft, now = new Date()): Promise<Request> {
  const request = newRequest(draft, await numbers.next(now), now);
  await store.add(request);
  return request;
}

/** The request service as the composition root builds it on this store, numbers drawn at random unless given. */
function serviceOn(store: RequestStore, numbers: RequestNumbers = new RandomRequestNumbers()) {
  const texted: string[] = [];
  const requests = new RequestService({
    store,
    numbers,
    notifier: { tell: async (notice) => (texted.push(notice.requestNumber), { sms: true, chat: false }) },
    attachments: new FolderAttachmentStore(temporaryDataDir()),
    logger: createLogger('silent'),
  });
  return { requests, texted };
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

  test('look-ups by number made at the same moment each get their own request, or nothing, and their own copy', async () => {
    const opened = await backend.fresh();
    const [one, two] = [await submit(opened, draftFor(1)), await submit(opened, draftFor(2))];
    const found = await Promise.all([one.number, two.number, 'TW-2026-999999', one.number].map((number) => opened.store.get(number)));
    expect(found).toEqual([one, two, undefined, one]);
    found[0]!.history.push({ status: 'resolved', at: new Date().toISOString() });
    expect(found[3]).toEqual(one);
    expect(await opened.store.get(one.number)).toEqual(one);
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

  test('information a person adds is kept with its files, moves "awaiting information" back to review, survives a restart; a closed request refuses', async () => {
    const opened = await backend.fresh();
    const { number } = await submit(opened, draftFor(1));
    await opened.store.updateStatus(number, 'in_review');
    await opened.store.updateStatus(number, 'awaiting_info', 'Please attach a copy of your passport.');
    const file = { id: '6f1c2a9e-1b7d-4c3e-9a58-2d4f0b7e8c11', name: 'passport.pdf', contentType: 'application/pdf' as const, bytes: 1200, file: 'attachments/6f1c2a9e.pdf' };
    const at = new Date('2026-11-24T08:00:00Z');
    const updated = await opened.store.addInformation(number, { text: 'Passport attached', attachments: [file] }, at);
    expect(updated).toMatchObject({ status: 'in_review', updatedAt: at.toISOString() });
    const request = await (await opened.reopen()).store.get(number);
    expect(request?.attachments.map((a) => a.name)).toContain('passport.pdf');
    expect(request?.history.at(-1)).toMatchObject({ status: 'in_review', by: 'requester', added: { text: 'Passport attached', files: [{ id: file.id, name: 'passport.pdf' }] } });
    expect(await opened.store.addInformation('TW-2026-999999', { attachments: [] })).toBeUndefined();
    await opened.store.updateStatus(number, 'rejected', 'closed');
    // Closed: nothing more is added.
    await expect(opened.store.addInformation(number, { text: 'more', attachments: [] })).rejects.toBeInstanceOf(ClosedRequestError);
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

  test('a submission key already held is refused, the first request stays, and the key finds it after a restart', async () => {
    const opened = await backend.fresh();
    const first = { ...newRequest(draftFor(1), await opened.numbers.next(new Date()), new Date()), submissionKey: 'form-1' };
    await opened.store.add(first);
    const again = { ...newRequest(draftFor(1), await opened.numbers.next(new Date()), new Date()), submissionKey: 'form-1' };
    await expect(opened.store.add(again)).rejects.toBeInstanceOf(DuplicateSubmissionError);
    const reopened = await opened.reopen();
    expect(await reopened.store.findBySubmissionKey('form-1')).toEqual(first);
    expect(await reopened.store.findBySubmissionKey('form-2')).toBeUndefined();
    expect((await reopened.store.list()).total).toBe(1);
  });

  test('one form submitted through two instances at the same moment is stored once and texted once', async () => {
    const opened = await backend.fresh();
    const a = serviceOn(opened.store);
    const b = serviceOn(await backend.secondInstance(opened));
    const results = await Promise.all([a, b, a, b].map(({ requests }) => requests.submit(draftFor(7), { submissionKey: 'form-7' })));
    expect(new Set(results.map((r) => r.request.number)).size).toBe(1);
    expect((await opened.store.list()).total).toBe(1);
    expect([...a.texted, ...b.texted]).toEqual([results[0].request.number]);
  });

  test('with random numbers (the default) a number drawn twice costs a new draw, never a request', async () => {
    const opened = await backend.fresh();
    const draws = [12_345_678, 12_345_678, 87_654_321];
    const { requests } = serviceOn(opened.store, new RandomRequestNumbers(() => draws.shift()!));
    const first = await requests.submit(draftFor(1));
    const second = await requests.submit(draftFor(2));
    expect(first.request.number).toMatch(/^TW-\d{4}-12345678$/);
    expect(second.request.number).toMatch(/^TW-\d{4}-87654321$/);
    expect((await opened.store.get(first.request.number))?.nationalId).toBe(draftFor(1).nationalId);
    expect((await opened.store.list()).total).toBe(2);
  });
});
