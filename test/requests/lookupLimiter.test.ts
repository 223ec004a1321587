import { LookupLimiter } from '../../requests/lookupLimiter';

describe('look-up limiter: 5 failures in 15 minutes', () => {
  let now = 0;
  const minutes = (m: number) => m * 60_000;
  beforeEach(() => {
    now = 1_000_000;
  });

  test('four failures leave look-ups open; the fifth pauses them for that key only', () => {
    const limiter = new LookupLimiter({ maxFailures: 5, windowMs: minutes(15) }, () => now);
    for (let i = 0; i < 4; i++) limiter.recordFailure(['user:a']);
    expect(limiter.check(['user:a']).blocked).toBe(false);
    limiter.recordFailure(['user:a']);
    expect(limiter.check(['user:a']).blocked).toBe(true);
    expect(limiter.check(['user:b']).blocked).toBe(false);
  });

  test('a pause ends 15 minutes after the oldest counted failure', () => {
    const limiter = new LookupLimiter({ maxFailures: 5, windowMs: minutes(15) }, () => now);
    for (let i = 0; i < 5; i++) {
      limiter.recordFailure(['user:a']);
      now += minutes(1);
    }
    const { retryAt } = limiter.check(['user:a']);
    expect(retryAt?.getTime()).toBe(1_000_000 + minutes(15));
    now = 1_000_000 + minutes(15);
    expect(limiter.check(['user:a']).blocked).toBe(false);
  });

  test('any blocked key blocks: a new user id in the same conversation is still paused', () => {
    const limiter = new LookupLimiter({ maxFailures: 5, windowMs: minutes(15) }, () => now);
    for (let i = 0; i < 5; i++) limiter.recordFailure([`user:${i}`, 'conversation:c']);
    expect(limiter.check(['user:new', 'conversation:c']).blocked).toBe(true);
  });

  test('keys whose failures have left the window are forgotten, so the map does not grow with every guess', async () => {
    const limiter = new LookupLimiter({ maxFailures: 5, windowMs: minutes(15) }, () => now);
    for (let i = 0; i < 1000; i++) limiter.recordFailure([`number:TW-2026-${i}`, `conversation:${i}`]);
    expect(limiter.size).toBe(2000);
    now += minutes(14);
    for (let i = 0; i < 5; i++) limiter.recordFailure(['user:recent']);
    now += minutes(2);
    limiter.recordFailure(['user:late']);
    // The thousand guesses are over and forgotten; the recent failures still count and still pause.
    expect(limiter.size).toBe(2);
    expect(limiter.check(['user:recent']).blocked).toBe(true);
  });
});

describe('look-up limiter: bounded memory, and a global bound fresh ids cannot get round', () => {
  let now = 1_000_000;
  const minutes = (m: number) => m * 60_000;

  test('however many fresh ids guess, the map holds at most maxKeys keys, each with at most maxFailures times', () => {
    const limiter = new LookupLimiter({ maxKeys: 1000 }, () => now);
    // 3,634 guesses, each from a fresh user and conversation, on a fresh number: the attack as reported.
    for (let i = 0; i < 3634; i++) limiter.recordFailure([`user:${i}`, `conversation:${i}`, `number:TW-2026-${10_000_000 + i}`, 'mobile:+966500000001']);
    expect(limiter.size).toBe(1000);
    // The key failed on every time is the most recently used: kept, and paused.
    expect(limiter.check(['mobile:+966500000001']).blocked).toBe(true);
    for (let i = 0; i < 10_000; i++) limiter.recordFailure(['user:same']);
    expect((limiter as unknown as { failures: { get(k: string): number[] } }).failures.get('user:same')).toHaveLength(5);
  });

  test('past the global bound of failures per minute every look-up is under guessing, for a minute after the oldest counted', () => {
    const limiter = new LookupLimiter({ globalMaxFailures: 100, globalWindowMs: minutes(1) }, () => now);
    for (let i = 0; i < 99; i++) limiter.recordFailure([`user:${i}`, `conversation:${i}`]);
    expect(limiter.checkGlobal().blocked).toBe(false);
    limiter.recordFailure(['user:100']);
    const global = limiter.checkGlobal();
    expect(global).toEqual({ blocked: true, retryAt: new Date(now + minutes(1)) });
    // No single key reached its own limit: only the global bound says so.
    expect(limiter.check(['user:100', 'user:new']).blocked).toBe(false);
    now += minutes(1);
    expect(limiter.checkGlobal().blocked).toBe(false);
  });

  test('failures spread out under the bound never trip it', () => {
    const limiter = new LookupLimiter({ globalMaxFailures: 100, globalWindowMs: minutes(1) }, () => now);
    for (let i = 0; i < 1000; i++) {
      limiter.recordFailure([`user:${i}`]);
      now += 1000;
      expect(limiter.checkGlobal().blocked).toBe(false);
    }
  });
});
