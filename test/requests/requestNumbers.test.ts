import fs from 'node:fs';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { newRequest } from '../../requests/newRequest';
import { RandomRequestNumbers } from '../../requests/requestNumbers';
import { RequestNumber } from '../../requests/requestSchemas';
import { draftFor } from '../support/requestDrafts';
import { temporaryDataDir } from '../support/testApp';

const requestFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('random request numbers', () => {
  test('"TW-<year>-<8 digits>", read back unchanged by the RequestNumber schema', async () => {
    const numbers = new RandomRequestNumbers();
    const at = new Date('2026-11-22T07:00:00Z');
    for (let i = 0; i < 200; i++) {
      const number = await numbers.next(at);
      expect(number).toMatch(/^TW-2026-[1-9]\d{7}$/);
      expect(RequestNumber.parse(number)).toBe(number);
      expect(RequestNumber.parse(number.toLowerCase().replace(/-/g, ' '))).toBe(number);
    }
  });

  test('the year is Riyadh\'s: a number taken on the evening of 31 December UTC is already next year\'s', async () => {
    expect(await new RandomRequestNumbers().next(new Date('2026-12-31T22:00:00Z'))).toMatch(/^TW-2027-/);
  });

  test('numbers do not follow each other: of 1,000 draws none is the one before plus one, nearly all differ, and they spread over the range', async () => {
    const numbers = new RandomRequestNumbers();
    const drawn: string[] = [];
    for (let i = 0; i < 1000; i++) drawn.push(await numbers.next(new Date()));
    const values = drawn.map((n) => Number(n.slice(8)));
    // Consecutive submissions would each be the last plus one; for random draws that has odds of about
    // one in 90,000 a pair. A repeat may happen (about one run in 200 has one: the store refuses it and
    // the service draws again: test/contracts/requestStore.contract.test.ts), several would not be random.
    expect(values.slice(1).filter((v, i) => v - values[i] === 1)).toEqual([]);
    expect(new Set(values).size).toBeGreaterThanOrEqual(995);
    const sorted = [...values].sort((a, b) => a - b);
    expect(sorted[0]).toBeLessThan(20_000_000);
    expect(sorted[sorted.length - 1]).toBeGreaterThan(90_000_000);
  });
});

describe('the request store with random numbers', () => {
  test('files are filled in order up to 1,000 requests each, not one file per number; all are found after reopening', async () => {
    const dir = temporaryDataDir();
    const store = await LowdbRequestStore.open(dir);
    const numbers = new RandomRequestNumbers();
    const now = new Date();
    const requests = [];
    const taken = new Set<string>();
    while (requests.length < 2500) {
      const number = await numbers.next(now);
      if (taken.has(number)) continue;
      taken.add(number);
      requests.push(newRequest(draftFor(requests.length + 1), number, now));
    }
    await store.addMany(requests.slice(0, 2000));
    for (const request of requests.slice(2000, 2100)) await store.add(request);
    await Promise.all(requests.slice(2100).map((request) => store.add(request)));
    expect(requestFiles(dir)).toEqual(['requests-00000.json', 'requests-00001.json', 'requests-00002.json']);
    const sizes = requestFiles(dir).map((f) => Object.keys(JSON.parse(fs.readFileSync(`${dir}/${f}`, 'utf8'))).length);
    expect(sizes).toEqual([1000, 1000, 500]);

    const reopened = await LowdbRequestStore.open(dir);
    expect(reopened.size).toBe(2500);
    for (const request of requests.filter((_, i) => i % 97 === 0)) expect(await reopened.get(request.number)).toEqual(request);
    // A status change rewrites the file that holds the request, wherever it is.
    const early = requests[3];
    await reopened.updateStatus(early.number, 'in_review');
    expect((await (await LowdbRequestStore.open(dir)).get(early.number))!.status).toBe('in_review');
    // The next request goes into the newest file, which still has room.
    await reopened.add(newRequest(draftFor(9999), 'TW-2026-12345678', now));
    expect(requestFiles(dir)).toHaveLength(3);
    expect(JSON.parse(fs.readFileSync(`${dir}/requests-00002.json`, 'utf8'))['TW-2026-12345678']).toBeDefined();
  });
});
