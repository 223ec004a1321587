// The sign-in limiter on its own clock: the hold-backs and the 15-minute limit as shipped. The HTTP edge
// (test/staff/handoff.test.ts) runs it with a shorter first hold-back, so as not to wait eight seconds.
import { LoginLimiter } from '../../staff/staffSessions';

const IP = '203.0.113.7';

test('each wrong password is answered later than the last (250 ms, doubling, at most 4 s); the sixth try within 15 minutes is refused', () => {
  let now = Date.parse('2026-12-02T09:00:00Z');
  const limiter = new LoginLimiter(() => now);
  const holdBacks = [];
  for (let i = 0; i < 5; i++) {
    expect(limiter.blockedFor(IP, 'fahad')).toBe(0);
    holdBacks.push(limiter.failed(IP, 'fahad'));
    now += 1000;
  }
  expect(holdBacks).toEqual([250, 500, 1000, 2000, 4000]);
  expect(limiter.failed(IP, 'fahad')).toBe(4000);
  // Refused for what is left of the 15 minutes since the first failure, in seconds.
  expect(limiter.blockedFor(IP, 'fahad')).toBe(15 * 60 - 5);
  // From another address too: the username is limited, and the address, for any username.
  expect(limiter.blockedFor('198.51.100.1', 'fahad')).toBeGreaterThan(0);
  expect(limiter.blockedFor(IP, 'noura')).toBeGreaterThan(0);
  now += 15 * 60 * 1000;
  expect(limiter.blockedFor(IP, 'fahad')).toBe(0);
});

test('a right password clears the count of that username', () => {
  const limiter = new LoginLimiter(() => 0);
  for (let i = 0; i < 3; i++) limiter.failed(IP, 'noura');
  limiter.succeeded('noura');
  expect(limiter.failed('198.51.100.1', 'noura')).toBe(250);
});
