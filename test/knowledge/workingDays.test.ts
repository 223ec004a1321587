import { CONTENT_DIR } from '../../knowledge/content';
import fs from 'node:fs';
import path from 'node:path';
import { ownerOnlyRule, responseTime, RuleSource } from '../../knowledge/rules/responseTime';
import { serviceCategoriesSource, categoryMentionedIn } from '../../knowledge/rules/serviceCategories';
import { addWorkingDays, expandHolidays, holidayListEndsSoon, isWorkingDay, localDate, saudiCalendar, WorkingCalendar, workingDaysBetween, WorkingWeekFile } from '../../knowledge/rules/workingDays';

const plainWeek: WorkingCalendar = { workingWeekdays: new Set([0, 1, 2, 3, 4]), holidays: new Set(), utcOffsetHours: 3 };
const withEid: WorkingCalendar = { ...plainWeek, holidays: expandHolidays([{ from: '2026-03-19', to: '2026-03-23' }]) };
const calendars = { plainWeek, withEid };
type CalendarName = keyof typeof calendars;

describe('working days (Sunday–Thursday, public holidays off)', () => {
  test.each([
    // [start, days, calendar, due, why]
    ['2026-11-22', 7, 'plainWeek', '2026-12-01', 'Sunday + 7: Mon–Thu, then Sun–Tue'],
    ['2026-11-26', 1, 'plainWeek', '2026-11-29', 'Thursday + 1 skips Friday and Saturday'],
    ['2026-11-27', 7, 'plainWeek', '2026-12-07', 'submitted on a Friday: counting starts on Sunday'],
    ['2026-11-28', 1, 'plainWeek', '2026-11-29', 'submitted on a Saturday: Sunday is the first working day'],
    ['2026-03-18', 1, 'withEid', '2026-03-24', 'Eid al-Fitr (Thu 19 – Mon 23) and a weekend inside it are skipped'],
    ['2026-03-15', 7, 'withEid', '2026-03-29', 'a week spanning Eid'],
    ['2026-11-22', 0, 'plainWeek', '2026-11-22', 'zero days is the day itself'],
  ])('%s + %i working days (%s) → %s: %s', (start, days, calendar, due) => {
    expect(addWorkingDays(start, days, calendars[calendar as CalendarName])).toBe(due);
  });

  test.each([
    ['2026-11-22', '2026-12-01', 'plainWeek', 7],
    ['2026-11-26', '2026-11-29', 'plainWeek', 1],
    ['2026-03-18', '2026-03-24', 'withEid', 1],
    ['2026-12-01', '2026-11-22', 'plainWeek', 0],
  ])('working days after %s up to %s (%s): %i', (from, to, calendar, count) => {
    expect(workingDaysBetween(from, to, calendars[calendar as CalendarName])).toBe(count);
  });

  test('adding n working days and counting them back agree, for every start date of a year', () => {
    for (let day = '2026-01-01'; day < '2027-01-01'; day = nextDay(day)) {
      for (const n of [1, 7, 12]) expect(workingDaysBetween(day, addWorkingDays(day, n))).toBe(n);
    }
  });

  test('the Saudi calendar: Friday and Saturday off, National Day off, a Sunday worked', () => {
    expect(isWorkingDay('2026-11-27', saudiCalendar())).toBe(false);
    expect(isWorkingDay('2026-11-28', saudiCalendar())).toBe(false);
    expect(isWorkingDay('2026-09-23', saudiCalendar())).toBe(false);
    expect(isWorkingDay('2026-11-29', saudiCalendar())).toBe(true);
  });

  test('dates are Riyadh dates: 22:30 UTC on Saturday is already Sunday in Riyadh', () => {
    expect(localDate(new Date('2026-11-28T22:30:00Z'))).toBe('2026-11-29');
    expect(localDate(new Date('2026-11-28T20:30:00Z'))).toBe('2026-11-28');
  });

  test('a negative number of days is refused', () => {
    expect(() => addWorkingDays('2026-11-22', -1)).toThrow(RangeError);
  });
});

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe('rules cite sections that exist in the source documents', () => {
  const headings = (file: string) => fs.readFileSync(path.join(CONTENT_DIR, 'sources', file), 'utf8').split('\n').map((l) => l.trim());
  const ar = headings('tawasul-ar.txt');
  const en = headings('tawasul-en.txt');
  test.each<[string, RuleSource]>([
    ['response time', responseTime().source],
    ['owner only', ownerOnlyRule().source],
    ['service categories', serviceCategoriesSource()],
  ])('%s', (_name, source) => {
    expect(ar).toContain(source.section);
    expect(en).toContain(source.sectionEn);
  });

  test('the response time is the 7 working days the guide states', () => {
    const section = fs.readFileSync(path.join(CONTENT_DIR, 'sources', 'tawasul-ar.txt'), 'utf8');
    expect(section).toContain(`${responseTime().workingDays} أيام عمل`);
  });
});

describe('the topic of a first message', () => {
  test.each([
    ['I want to raise a complaint about my iqama renewal', 'iqama'],
    ['ابي اقدم شكوى بخصوص تجديد الإقامة', 'iqama'],
    ['ابي اقدم طلب عن جوازي', 'passport'],
    ['I want to submit a request about a visit visa extension', 'visitVisa'],
    ['ابي اقدم طلب', undefined],
    ['my passport and my iqama', undefined],
  ])('"%s" → %s', (text, category) => {
    expect(categoryMentionedIn(text)).toBe(category);
  });
});

describe('calendar data that cannot work', () => {
  test('a working week with no working day is refused when read, and a calendar built without one throws rather than loops', () => {
    expect(WorkingWeekFile.safeParse({ workingDays: [], utcOffsetHours: 3 }).success).toBe(false);
    expect(WorkingWeekFile.safeParse({ workingDays: [0], utcOffsetHours: 3 }).success).toBe(true);
    expect(() => addWorkingDays('2026-11-22', 7, { ...plainWeek, workingWeekdays: new Set() })).toThrow(RangeError);
  });

  test.each([
    // [today, holidays until, warned?]
    ['2026-01-01', '2027-09-23', undefined],
    ['2026-09-23', '2027-09-23', '2027-09-23'],
    ['2026-11-25', '2027-09-23', '2027-09-23'],
    ['2028-01-01', '2027-09-23', '2027-09-23'],
  ])('on %s, a holiday list ending %s is reported as ending soon: %s', (today, last, expected) => {
    const calendar = { ...plainWeek, holidays: expandHolidays([{ from: '2026-03-19', to: '2026-03-23' }, { from: last, to: last }]) };
    expect(holidayListEndsSoon(today, calendar)).toBe(expected);
  });
});


describe('public holidays for the coming years, from the rules and the announcements', () => {
  /** The first day of a Hijri month, found day by day with Intl's own Umm al-Qura calendar (independent of the code). */
  function intlHijriDay(year: number, month: number, day: number, near: string): string {
    const parts = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' });
    for (let t = Date.parse(`${near}T00:00:00Z`) - 60 * 86_400_000, i = 0; i < 120; i++, t += 86_400_000) {
      const p = Object.fromEntries(parts.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      if (Number(p.year) === year && Number(p.month) === month && Number(p.day) === day) return new Date(t).toISOString().slice(0, 10);
    }
    throw new Error('not found');
  }

  test.each([
    // Eid al-Fitr 1449 and Eid al-Adha 1449 (2028): not in the announced file, so from the rules.
    ['Eid al-Fitr 1449', 1449, 10, 1, 4, '2028-02-26'],
    ['Eid al-Adha 1449', 1449, 12, 9, 13, '2028-05-03'],
  ])('%s is derived from the Umm al-Qura calendar', (_name, year, month, fromDay, toDay, near) => {
    const first = intlHijriDay(year, month, fromDay, near);
    const last = intlHijriDay(year, month, toDay, near);
    const calendar = saudiCalendar();
    expect(calendar.holidays.has(first)).toBe(true);
    expect(calendar.holidays.has(last)).toBe(true);
    expect(calendar.holidays.has(addCalendarDaysForTest(last, 1))).toBe(false);
  });

  test('the fixed days come every year, and an announced date replaces the expected one for its year', () => {
    const { holidays } = saudiCalendar();
    expect(holidays.has('2031-09-23')).toBe(true);
    expect(holidays.has('2031-02-22')).toBe(true);
    // Eid al-Fitr 1447 was announced from 30 Ramadan (2026-03-19), a day before the calendar's 1 Shawwal.
    expect(holidays.has('2026-03-19')).toBe(true);
  });

  test('start-up has no holiday list to warn about for years to come', () => {
    expect(holidayListEndsSoon('2026-12-02')).toBeUndefined();
    expect(holidayListEndsSoon('2040-06-01')).toBeUndefined();
  });
});

function addCalendarDaysForTest(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
