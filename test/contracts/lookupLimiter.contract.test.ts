import { PostgresLookupLimiter } from '../../postgres/postgresLookupLimiter';
import { LookupCounter } from '../../requests/lookupCounter';
import { LookupLimiter } from '../../requests/lookupLimiter';
import { PostgresBackend } from '../support/storeBackends';

const pg = new PostgresBackend();
const minutes = (m: number) => m * 60_000;
type Make = (clock: () => number) => Promise<LookupCounter>;
const backends: { name: string; setUp(): Promise<void>; tearDown(): Promise<void>; make: Make }[] = [
  { name: 'memory', setUp: async () => undefined, tearDown: async () => undefined, make: async (clock) => new LookupLimiter(5, minutes(15), clock) },
  {
    name: 'postgres',
    setUp: () => pg.setUp(),
    tearDown: () => pg.tearDown(),
    make: async (clock) => {
      await pg.empty();
      return new PostgresLookupLimiter(pg.pool(), 5, minutes(15), clock);
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
});
