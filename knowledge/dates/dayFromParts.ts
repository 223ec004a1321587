import { daysBetween, gregorianDaysInMonth, IsoDay, isoOf, partsOf } from './calendarDay';
import { hijriDaysInMonth, hijriToIso, isHijriYearInTable, isoToHijri } from './hijriCalendar';
import { Calendar, ParsedDate } from './parsedDate';

/** Years the bot reads as dates at all: numeric years 1300–1500 are Hijri, as the issue and Saudi usage have it. */
const YEARS: Record<Calendar, { min: number; max: number }> = { hijri: { min: 1300, max: 1500 }, gregorian: { min: 1900, max: 2100 } };

/** A reading of a day the bot cannot place (year outside 1900–2100 CE: "قبل ٩٩٩ سنه") becomes impossible, with the year. */
export function withinSupportedYears(reading: ParsedDate): ParsedDate {
  if (reading.kind !== 'exact' && reading.kind !== 'approximate') return reading;
  const year = Number(reading.iso.slice(0, 4));
  return year >= YEARS.gregorian.min && year <= YEARS.gregorian.max ? reading : { kind: 'impossible', reason: { code: 'yearOutOfRange', calendar: 'gregorian', year } };
}

export function calendarOfYear(year: number): Calendar | undefined {
  return (Object.keys(YEARS) as Calendar[]).find((c) => year >= YEARS[c].min && year <= YEARS[c].max);
}

/** A day from its parts in the given calendar, or the reason there is no such day. */
export function dayFromParts(calendar: Calendar, year: number, month: number, day: number): ParsedDate {
  if (month < 1 || month > 12) return { kind: 'impossible', reason: { code: 'noSuchMonth', month } };
  const inRange = calendar === 'hijri' ? isHijriYearInTable(year) : year >= YEARS.gregorian.min && year <= YEARS.gregorian.max;
  if (!inRange) return { kind: 'impossible', reason: { code: 'yearOutOfRange', calendar, year } };
  const daysInMonth = calendar === 'hijri' ? hijriDaysInMonth(year, month) : gregorianDaysInMonth(year, month);
  if (day < 1 || day > daysInMonth) return { kind: 'impossible', reason: { code: 'noSuchDay', calendar, day, month, year, daysInMonth } };
  if (calendar === 'gregorian') return { kind: 'exact', iso: isoOf({ year, month, day }), calendar };
  return { kind: 'exact', iso: hijriToIso({ year, month, day }), calendar, hijri: { year, month, day } };
}

/** The current year of `today` in a calendar. */
export function currentYear(calendar: Calendar, today: IsoDay): number {
  if (calendar === 'gregorian') return partsOf(today).year;
  const hijri = isoToHijri(today);
  if (!hijri) throw new Error(`today (${today}) is outside the Umm al-Qura table`);
  return hijri.year;
}

/**
 * A day written without its year is taken as the occurrence nearest today only when that one is
 * recent or coming (within NEAR_DAYS) and the other is at least twice as far; otherwise both are
 * offered ("١٥ رمضان" on 2 December 2026: last March or next February?). An expiry date someone asks
 * about is recent or coming, but half a year back and a few months ahead are both recent enough.
 */
export const NEAR_DAYS = 62;

export function nearestOrBoth(past: IsoDay | undefined, coming: IsoDay | undefined, today: IsoDay): ParsedDate | undefined {
  if (!past || !coming) return past ? { kind: 'exact', iso: past, calendar: 'gregorian' } : coming ? { kind: 'exact', iso: coming, calendar: 'gregorian' } : undefined;
  const back = daysBetween(past, today);
  const ahead = daysBetween(today, coming);
  const near = Math.min(back, ahead);
  if (near <= NEAR_DAYS && Math.max(back, ahead) >= 2 * near) return { kind: 'exact', iso: back <= ahead ? past : coming, calendar: 'gregorian' };
  return { kind: 'ambiguous', candidates: [past, coming] };
}

/** A day of a month written without its year ("٢٠ رمضان", "15/3"): see nearestOrBoth. */
export function dayNearestToday(calendar: Calendar, month: number, day: number, today: IsoDay): ParsedDate {
  const year = currentYear(calendar, today);
  const readings = [year - 1, year, year + 1, year + 2].map((y) => dayFromParts(calendar, y, month, day));
  const days = readings.filter((r) => r.kind === 'exact');
  if (days.length === 0) return readings[1];
  const past = days.filter((r) => r.iso <= today).pop();
  const coming = days.find((r) => r.iso > today);
  const reading = nearestOrBoth(past?.iso, coming?.iso, today)!;
  // The day chosen keeps its calendar and Hijri parts.
  return reading.kind === 'exact' ? days.find((r) => r.iso === reading.iso)! : reading;
}

/** A two-digit year ("15/3/26", "20/5/47") read in whichever calendar puts it nearer the current year. */
export function expandTwoDigitYear(yy: number, today: IsoDay): { calendar: Calendar; year: number } {
  const gregorian = 2000 + yy;
  const hijri = 1400 + yy;
  const distance = (c: Calendar, y: number) => Math.abs(y - currentYear(c, today));
  return distance('hijri', hijri) < distance('gregorian', gregorian) ? { calendar: 'hijri', year: hijri } : { calendar: 'gregorian', year: gregorian };
}
