import { PostgresLookupLimiter } from '../../postgres/postgresLookupLimiter';
import { LookupCounter, LookupLimits } from '../../requests/lookupCounter';
import { LookupLimiter } from '../../requests/lookupLimiter';
import { PostgresBackend } from '../support/storeBackends';

const pg = new PostgresBackend();
const minutes = (m: number) => m * 60_000;
type Make = (clock: () => number, limits?: Partial<LookupLimits>) => Promise<LookupCounter>;
const backends: { name: string; setUp(): Promise<void>; tearDown(): Promise<void>; make: Make }[] = [
  { name: 'memory', setUp: async () => undefined, tearDown: async () => undefined, make: async (clock, limits) => new LookupLimiter({ maxFailures: 5, windowMs: minutes(15), ...limits }, clock) },
  {
    name: 'postgres',
    setUp: () => pg.setUp(),
    tearDown: () => pg.tearDown(),
    make: async (clock, limits) => {
      await pg.empty();
      return new PostgresLookupLimiter(pg.pool(), { maxFailures: 5, windowMs: minutes(15), ...limits }, clock);
    },
  },
];

describe.each(backends)('look-up limiter contract: $name', (backend) => {
  let now = 0;
  const clock = () => now;
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());
  beforeEach(() => {
    now = Date.parse('2026-11-22T08:00:00Z');
  });

  test('four failures leave look-ups open; the fifth pauses them for that key only', async () => {
    const limiter = await backend.make(clock);
    for (let i = 0; i < 4; i++) await limiter.recordFailure(['user:a']);
    expect((await limiter.check(['user:a'])).blocked).toBe(false);
    await limiter.recordFailure(['user:a']);
    expect((await limiter.check(['user:a'])).blocked).toBe(true);
    expect((await limiter.check(['user:b'])).blocked).toBe(false);
  });

  test('a pause ends 15 minutes after the oldest counted failure', async () => {
    const limiter = await backend.make(clock);
    const start = now;
    for (let i = 0; i < 5; i++) {
      await limiter.recordFailure(['user:a']);
      now += minutes(1);
    }
    expect((await limiter.check(['user:a'])).retryAt?.getTime()).toBe(start + minutes(15));
    now = start + minutes(15);
    expect((await limiter.check(['user:a'])).blocked).toBe(false);
  });

  test('any blocked key blocks: a new user id in the same conversation is still paused', async () => {
    const limiter = await backend.make(clock);
    for (let i = 0; i < 5; i++) await limiter.recordFailure([`user:${i}`, 'conversation:c']);
    expect((await limiter.check(['user:new', 'conversation:c'])).blocked).toBe(true);
    expect((await limiter.check(['user:new', 'conversation:d'])).blocked).toBe(false);
  });

  test('past the global bound of failures per minute every look-up is under guessing, for a minute after the oldest counted', async () => {
    const limiter = await backend.make(clock, { globalMaxFailures: 100, globalWindowMs: minutes(1) });
    for (let i = 0; i < 99; i++) await limiter.recordFailure([`user:${i}`, `conversation:${i}`]);
    expect((await limiter.checkGlobal()).blocked).toBe(false);
    await limiter.recordFailure(['user:100']);
    expect(await limiter.checkGlobal()).toEqual({ blocked: true, retryAt: new Date(now + minutes(1)) });
    // No single key reached its own limit: only the global bound says so.
    expect((await limiter.check(['user:100', 'user:new'])).blocked).toBe(false);
    now += minutes(1);
    expect((await limiter.checkGlobal()).blocked).toBe(false);
  });

  test('failures spread out under the global bound never trip it', async () => {
    const limiter = await backend.make(clock, { globalMaxFailures: 10, globalWindowMs: minutes(1) });
    for (let i = 0; i < 40; i++) {
      await limiter.recordFailure([`user:${i}`]);
      now += 7000;
      expect((await limiter.checkGlobal()).blocked).toBe(false);
    }
  });

  test('a key failed on far more than its limit stays paused exactly a window after its fifth most recent failure', async () => {
    const limiter = await backend.make(clock);
    for (let i = 0; i < 30; i++) {
      await limiter.recordFailure(['number:TW-2026-12345678']);
      now += 1000;
    }
    const last = now - 1000;
    expect((await limiter.check(['number:TW-2026-12345678'])).retryAt?.getTime()).toBe(last - 4000 + minutes(15));
  });

  test("a look-up's three checks at once say what each check says alone: own keys, the parts looked up, the global bound", async () => {
    const limiter = await backend.make(clock, { globalMaxFailures: 12, globalWindowMs: minutes(1) });
    const own = ['user:a', 'conversation:a', 'pair:TW-1|email:x'];
    const parts = ['number:TW-1', 'email:x'];
    const alone = async () => ({ own: await limiter.check(own), parts: await limiter.check(parts), global: await limiter.checkGlobal() });
    expect(await limiter.checkLookup(own, parts)).toEqual({ own: { blocked: false }, parts: { blocked: false }, global: { blocked: false } });
    // Strangers fail on the number: the parts are under guessing, the client is not paused.
    for (let i = 0; i < 5; i++) {
      await limiter.recordFailure([`user:s${i}`, 'number:TW-1']);
      now += 1000;
    }
    let both = await limiter.checkLookup(own, parts);
    expect(both).toEqual(await alone());
    expect([both.own.blocked, both.parts.blocked, both.global.blocked]).toEqual([false, true, false]);
    expect(both.parts.retryAt?.getTime()).toBe(now - 5000 + minutes(15));
    // The client's own conversation fails five times: paused too; and the failures pass the global bound.
    for (let i = 0; i < 7; i++) await limiter.recordFailure(['conversation:a']);
    both = await limiter.checkLookup(own, parts);
    expect(both).toEqual(await alone());
    expect([both.own.blocked, both.parts.blocked, both.global.blocked]).toEqual([true, true, true]);
    expect(both.global.retryAt?.getTime()).toBe(now - 5000 + minutes(1));
    // A minute on, the global bound is over; the key pauses stay.
    now += minutes(1);
    both = await limiter.checkLookup(own, parts);
    expect(both).toEqual(await alone());
    expect([both.own.blocked, both.parts.blocked, both.global.blocked]).toEqual([true, true, false]);
  });

  test('checks made at the same moment (many look-ups at once) each get their own answer', async () => {
    const limiter = await backend.make(clock);
    for (let n = 0; n < 5; n++) for (let i = 0; i < n + 2; i++) await limiter.recordFailure([`user:${n}`]);
    // Users 0-2 have 2-4 failures (open), 3 and 4 have 5 and 6 (paused).
    const users = [0, 1, 2, 3, 4, 'new'].map((n) => `user:${n}`);
    const alone: boolean[] = [];
    for (const key of users) alone.push((await limiter.check([key])).blocked);
    const together = await Promise.all(users.map((key) => limiter.check([key])));
    expect(together.map((p) => p.blocked)).toEqual(alone);
    expect(alone).toEqual([false, false, false, true, true, false]);
    const lookups = await Promise.all(users.map((key) => limiter.checkLookup([key], ['number:TW-1'])));
    expect(lookups.map((l) => l.own.blocked)).toEqual(alone);
  });
});
