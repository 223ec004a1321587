import { saudiToday } from '../../knowledge/dates/calendarDay';
import { parseDate } from '../../knowledge/dates/parseDate';
import { parseExpiryDate } from '../../knowledge/fines/expiryDate';

const HOUR_MS = 60 * 60 * 1000;
/** The Saudi day of an instant written out the long way, with no day kept from an earlier call. */
const writtenOut = (ms: number) => new Date(ms + 3 * HOUR_MS).toISOString().slice(0, 10);

describe("today in Saudi Arabia, asked turn after turn on one clock", () => {
  test('turns at Saudi midnight (21:00 UTC), and follows a clock set back', () => {
    let now = new Date('2026-11-25T20:59:59.999Z');
    const clock = () => now;
    expect(saudiToday(clock())).toBe('2026-11-25');
    expect(parseDate('اليوم', { reference: clock() })).toMatchObject({ iso: '2026-11-25' });
    now = new Date('2026-11-25T21:00:00.000Z');
    expect(saudiToday(clock())).toBe('2026-11-26');
    expect(parseExpiryDate('انتهت اليوم', { reference: clock() })).toMatchObject({ kind: 'exact', iso: '2026-11-26' });
    expect(parseDate('امس', { reference: clock() })).toMatchObject({ iso: '2026-11-25' });
    now = new Date('2026-11-25T20:00:00.000Z');
    expect(saudiToday(clock())).toBe('2026-11-25');
    now = new Date('2026-12-31T21:00:00.000Z');
    expect(saudiToday(clock())).toBe('2027-01-01');
  });

  test('a minute-by-minute walk over two midnights, and back, names the day the clock is on', () => {
    const start = Date.parse('2028-02-28T18:00:00Z');
    const minutes = Array.from({ length: 2 * 24 * 60 }, (_, i) => start + i * 60_000);
    for (const ms of [...minutes, ...minutes.reverse()]) expect(saudiToday(new Date(ms))).toBe(writtenOut(ms));
  });
});
