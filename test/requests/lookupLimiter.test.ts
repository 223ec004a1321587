import { LookupLimiter } from '../../requests/lookupLimiter';

describe('look-up limiter: 5 failures in 15 minutes', () => {
  let now = 0;
  const minutes = (m: number) => m * 60_000;
  beforeEach(() => {
    now = 1_000_000;
  });

  test('four failures leave look-ups open; the fifth pauses them for that key only', () => {
    const limiter = new LookupLimiter(5, minutes(15), () => now);
    for (let i = 0; i < 4; i++) limiter.recordFailure(['user:a']);
    expect(limiter.check(['user:a']).blocked).toBe(false);
    limiter.recordFailure(['user:a']);
    expect(limiter.check(['user:a']).blocked).toBe(true);
    expect(limiter.check(['user:b']).blocked).toBe(false);
  });

  test('a pause ends 15 minutes after the oldest counted failure', () => {
    const limiter = new LookupLimiter(5, minutes(15), () => now);
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
    const limiter = new LookupLimiter(5, minutes(15), () => now);
    for (let i = 0; i < 5; i++) limiter.recordFailure([`user:${i}`, 'conversation:c']);
    expect(limiter.check(['user:new', 'conversation:c']).blocked).toBe(true);
  });

  test('keys whose failures have left the window are forgotten, so the map does not grow with every guess', async () => {
    const limiter = new LookupLimiter(5, minutes(15), () => now);
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
