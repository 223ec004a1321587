import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { InvalidTransitionError } from '../../requests/requestStore';
import { draftFor, storeDraft } from '../support/requestDrafts';
import { temporaryDataDir } from '../support/testApp';

const requestFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('LowdbRequestStore', () => {
  test('200 concurrent submissions get 200 distinct numbers, and a reopened store has them all', async () => {
    const dir = temporaryDataDir();
    const store = await LowdbRequestStore.open(dir);
    const created = await Promise.all(Array.from({ length: 200 }, (_, i) => storeDraft(store, draftFor(i + 1))));
    const numbers = new Set(created.map((r) => r.number));
    expect(numbers.size).toBe(200);

    const reopened = await LowdbRequestStore.open(dir);
    expect(reopened.size).toBe(200);
    for (const request of created) expect(await reopened.get(request.number)).toEqual(request);
    // Numbering carries on after a restart, rather than starting again.
    const next = await storeDraft(reopened, draftFor(201));
    expect(numbers.has(next.number)).toBe(false);
  });

  test('a new request is received, due in 7 Saudi working days, with its history started', async () => {
    const store = await LowdbRequestStore.open(temporaryDataDir());
    const request = await storeDraft(store, draftFor(1), new Date('2026-11-22T07:00:00Z')); // Sunday morning, Riyadh
    expect(request).toMatchObject({ status: 'received', dueDate: '2026-12-01', number: 'TW-2026-000001' });
    expect(request.history).toEqual([{ status: 'received', at: '2026-11-22T07:00:00.000Z' }]);
  });

  test('a draft that breaks the schema is refused and nothing is stored', async () => {
    const dir = temporaryDataDir();
    const store = await LowdbRequestStore.open(dir);
    await expect(storeDraft(store, draftFor(1, { nationalId: '1234567890' }))).rejects.toMatchObject({
      name: 'ZodError',
      issues: [expect.objectContaining({ path: ['nationalId'], message: 'checkDigit' })],
    });
    await expect(storeDraft(store, draftFor(1, { description: 'short' }))).rejects.toMatchObject({
      name: 'ZodError',
      issues: [expect.objectContaining({ path: ['description'], code: 'too_small' })],
    });
    expect(store.size).toBe(0);
    expect(requestFiles(dir)).toEqual([]);
  });

  test('finding a person needs both their ID and their mobile', async () => {
    const store = await LowdbRequestStore.open(temporaryDataDir());
    await storeDraft(store, draftFor(1));
    await storeDraft(store, draftFor(1, { category: 'iqama' }));
    await storeDraft(store, draftFor(2));
    expect(await store.findByPerson(draftFor(1).nationalId, draftFor(1).mobile)).toHaveLength(2);
    expect(await store.findByPerson(draftFor(1).nationalId, draftFor(2).mobile)).toHaveLength(0);
  });

  test('a status change that cannot be written is refused, and the store still shows what the file holds', async () => {
    const dir = temporaryDataDir();
    const store = await LowdbRequestStore.open(dir);
    const { number } = await storeDraft(store, draftFor(1));
    // lowdb's writer writes ".<file>.tmp" and renames it; a folder in its place makes the write fail (even as root).
    const blocker = path.join(dir, `.${requestFiles(dir)[0]}.tmp`);
    fs.mkdirSync(blocker);
    await expect(store.updateStatus(number, 'in_review', 'Checking with the branch office.')).rejects.toMatchObject({ code: 'EISDIR' });
    const afterFailure = await store.get(number);
    expect(afterFailure).toMatchObject({ status: 'received' });
    expect(afterFailure!.history).toHaveLength(1);
    expect((await store.list({ status: 'in_review' })).total).toBe(0);
    fs.rmdirSync(blocker);
    expect(await LowdbRequestStore.open(dir).then((reopened) => reopened.get(number))).toEqual(afterFailure);
    // Once the disk is writable again the same change goes through, exactly once in the history.
    expect((await store.updateStatus(number, 'in_review'))!.history.map((h) => h.status)).toEqual(['received', 'in_review']);
  });

  test('status changes sent at the same moment are applied one after the other, none lost', async () => {
    const dir = temporaryDataDir();
    const store = await LowdbRequestStore.open(dir);
    const { number } = await storeDraft(store, draftFor(1));
    // The second is only valid once the first is applied: it must see it.
    await Promise.all([store.updateStatus(number, 'in_review', 'first'), store.updateStatus(number, 'awaiting_info', 'second')]);
    const expected = ['received', 'in_review', 'awaiting_info'];
    expect((await store.get(number))!.history.map((h) => h.status)).toEqual(expected);
    expect((await (await LowdbRequestStore.open(dir)).get(number))!.history.map((h) => h.status)).toEqual(expected);
  });

  test('status changes follow the graph, keep their notes, and survive a restart', async () => {
    const dir = temporaryDataDir();
    const store = await LowdbRequestStore.open(dir);
    const { number } = await storeDraft(store, draftFor(1));
    await store.updateStatus(number, 'in_review');
    await store.updateStatus(number, 'awaiting_info', 'Please send a copy of your passport.');
    await expect(store.updateStatus(number, 'received')).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(await store.updateStatus('TW-2026-999999', 'in_review')).toBeUndefined();
    const reopened = await LowdbRequestStore.open(dir);
    const request = await reopened.get(number);
    expect(request?.status).toBe('awaiting_info');
    expect(request?.history.map((h) => [h.status, h.note])).toEqual([
      ['received', undefined],
      ['in_review', undefined],
      ['awaiting_info', 'Please send a copy of your passport.'],
    ]);
  });

  test('list filters by status, category, submission date and overdue', async () => {
    const store = await LowdbRequestStore.open(temporaryDataDir());
    const old = await storeDraft(store, draftFor(1), new Date('2026-01-04T08:00:00Z'));
    await storeDraft(store, draftFor(2, { category: 'iqama' }), new Date('2026-11-22T08:00:00Z'));
    const closed = await storeDraft(store, draftFor(3), new Date('2026-01-05T08:00:00Z'));
    await store.updateStatus(closed.number, 'rejected');
    expect((await store.list({ category: 'iqama' })).total).toBe(1);
    expect((await store.list({ status: 'rejected' })).requests.map((r) => r.number)).toEqual([closed.number]);
    expect((await store.list({ submittedFrom: '2026-11-01' })).total).toBe(1);
    expect((await store.list({ submittedTo: '2026-01-04' })).total).toBe(1);
    expect((await store.list({ overdueOn: '2026-11-25' })).requests.map((r) => r.number)).toEqual([old.number]);
    expect((await store.list({ limit: 2 })).requests).toHaveLength(2);
  });

  test('a file that is not a list of requests stops the store from opening, naming the file', async () => {
    const dir = temporaryDataDir();
    fs.writeFileSync(path.join(dir, 'requests-00000.json'), JSON.stringify({ 'TW-2026-000001': { hello: 'world' } }));
    await expect(LowdbRequestStore.open(dir)).rejects.toThrow(/requests-00000\.json/);
  });

  test('a process killed while writing leaves every file whole and every acknowledged request stored', async () => {
    const dir = temporaryDataDir();
    const script = path.join(__dirname, '../support/writeRequestsForever.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: string[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      acknowledged.push(...lines.filter(Boolean));
    });
    await new Promise<void>((resolve) => {
      const waitForWrites = setInterval(() => {
        if (acknowledged.length >= 300) {
          clearInterval(waitForWrites);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    for (const file of requestFiles(dir)) expect(() => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))).not.toThrow();
    const reopened = await LowdbRequestStore.open(dir);
    for (const number of acknowledged) expect(await reopened.get(number)).toBeDefined();
  });
});
