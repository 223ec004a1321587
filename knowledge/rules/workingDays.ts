import memoizeOne from 'memoize-one';
import { Content, content } from '../content';
import { CalendarDate, WorkingWeekFile } from '../contentSchemas';
import { publicHolidays } from './publicHolidays';

export { CalendarDate, WorkingWeekFile };

/** Which weekdays are worked and which dates are holidays. Data, so tests can build their own. */
export interface WorkingCalendar {
  workingWeekdays: ReadonlySet<number>;
  holidays: ReadonlySet<CalendarDate>;
  utcOffsetHours: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function toDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromDate(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return fromDate(new Date(toDate(date).getTime() + days * DAY_MS));
}

/** Every date of each inclusive range. */
export function expandHolidays(ranges: { from: CalendarDate; to: CalendarDate }[]): Set<CalendarDate> {
  const dates = new Set<CalendarDate>();
  for (const { from, to } of ranges) {
    for (let day = from; day <= to; day = addCalendarDays(day, 1)) dates.add(day);
  }
  return dates;
}

const calendarOf = memoizeOne(
  ({ rules }: Content): WorkingCalendar => ({
    workingWeekdays: new Set(rules.workingWeek.workingDays),
    holidays: expandHolidays(publicHolidays(rules.holidayRules, rules.saudiPublicHolidays.holidays)),
    utcOffsetHours: rules.workingWeek.utcOffsetHours,
  }),
);

/** The Saudi government calendar: Sunday–Thursday, with the public holidays of saudi-public-holidays.json. */
export const saudiCalendar = (): WorkingCalendar => calendarOf(content());

/** The calendar date an instant falls on in the calendar's zone (Riyadh for the Saudi one). */
export function localDate(instant: Date, calendar: WorkingCalendar = saudiCalendar()): CalendarDate {
  return fromDate(new Date(instant.getTime() + calendar.utcOffsetHours * 60 * 60 * 1000));
}

export function isWorkingDay(date: CalendarDate, calendar: WorkingCalendar = saudiCalendar()): boolean {
  return isWorkingDayNumber(dayNumber(date), calendar);
}

// Counting runs on whole day numbers (days since 1970-01-01, a Thursday) rather than on strings:
// a submission computes its due date, and tracking its days left, on every turn.
const dayNumber = (date: CalendarDate) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const holidayNumbers = new WeakMap<WorkingCalendar, Set<number>>();
function isWorkingDayNumber(day: number, calendar: WorkingCalendar): boolean {
  let holidays = holidayNumbers.get(calendar);
  if (!holidays) holidayNumbers.set(calendar, (holidays = new Set([...calendar.holidays].map(dayNumber))));
  return calendar.workingWeekdays.has((day + 4) % 7) && !holidays.has(day);
}

/**
 * The date on which `days` working days after `start` have passed. The day of submission itself
 * does not count (a request sent on Sunday afternoon has not had a working day yet), so with 7
 * days a request of Sunday is due on the Tuesday of the week after.
 */
export function addWorkingDays(start: CalendarDate, days: number, calendar: WorkingCalendar = saudiCalendar()): CalendarDate {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, not ${days}`);
  // A calendar built in code does not pass WorkingWeekFile: without a working weekday the loop below never ends.
  if (calendar.workingWeekdays.size === 0) throw new RangeError('the calendar has no working weekday');
  let day = dayNumber(start);
  for (let counted = 0; counted < days; ) {
    day += 1;
    if (isWorkingDayNumber(day, calendar)) counted += 1;
  }
  return fromDate(new Date(day * DAY_MS));
}

/** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
export function workingDaysBetween(from: CalendarDate, to: CalendarDate, calendar: WorkingCalendar = saudiCalendar()): number {
  let count = 0;
  const last = dayNumber(to);
  for (let day = dayNumber(from) + 1; day <= last; day++) {
    if (isWorkingDayNumber(day, calendar)) count += 1;
  }
  return count;
}

/**
 * The last holiday known when it is within `days` of `today`, else undefined. The holidays come from
 * the rules for every year the Umm al-Qura table covers (with the announced dates in place of the
 * expected ones), so start-up warns only when neither covers the coming year: due dates counted past
 * the end would silently ignore holidays.
 */
export function holidayListEndsSoon(today: CalendarDate, calendar: WorkingCalendar = saudiCalendar(), days = 365): CalendarDate | undefined {
  const last = [...calendar.holidays].sort().at(-1);
  if (last === undefined) return today;
  return last <= addCalendarDays(today, days) ? last : undefined;
}
