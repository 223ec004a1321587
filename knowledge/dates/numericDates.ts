import { calendarOfYear, dayFromParts, dayNearestToday, expandTwoDigitYear } from './dayFromParts';
import { ParseContext, ParsedDate } from './parsedDate';

// Three groups of digits joined by / - . (or the Arabic decimal sign ٫ and a backslash, which phones insert).
const NUMERIC_DATE = /(?<!\d)(\d{1,4})\s*[/\-.\u066B\\]\s*(\d{1,2})\s*[/\-.\u066B\\]\s*(\d{1,4})(?!\d)/;

// A day and month with no year: "٣/١١", "22/11" (not a fraction of a longer number, nor a time "10:30").
const DAY_MONTH = /(?<![\d/\-.\u066B\\])(\d{1,2})\s*[/\-\u066B\\]\s*(\d{1,2})(?![\d/\-.\u066B\\])/;

/**
 * Numeric dates in either order, yyyy/mm/dd or dd/mm/yyyy, in either calendar (a year 1300–1500 is
 * Hijri). A Gregorian dd/mm against mm/dd is ambiguous when both parts could be the month and differ:
 * 03/04/2026 is confirmed with the person. Hijri dates are written day first in Saudi practice (the
 * month-first order is an American habit that never meets a Hijri year), so they are not asked about.
 */
export function parseNumericDate(text: string, context: ParseContext): ParsedDate | undefined {
  const match = NUMERIC_DATE.exec(text);
  if (!match) return dayAndMonth(text, context);
  const [, first, middle, last] = match;
  const a = Number(first);
  const b = Number(middle);
  const c = Number(last);
  if (first.length === 4) return last.length <= 2 ? inYear(a, b, c) : undefined;
  if (first.length > 2) return undefined;
  let year: { calendar: ReturnType<typeof calendarOfYear>; year: number };
  if (last.length === 4) year = { calendar: calendarOfYear(c), year: c };
  else if (last.length === 2) year = expandTwoDigitYear(c, context.today);
  else return undefined;
  if (!year.calendar) return { kind: 'impossible', reason: { code: 'yearOutOfRange', calendar: c > 1500 ? 'gregorian' : 'hijri', year: year.year } };
  const { calendar } = year;
  if (a > 12 && b > 12) return { kind: 'impossible', reason: { code: 'noSuchMonth', month: b } };
  if (b > 12) return dayFromParts(calendar, year.year, a, b);
  const dayFirst = dayFromParts(calendar, year.year, b, a);
  if (calendar === 'gregorian' && a <= 12 && a !== b) {
    const monthFirst = dayFromParts(calendar, year.year, a, b);
    if (dayFirst.kind === 'exact' && monthFirst.kind === 'exact') return { kind: 'ambiguous', candidates: [dayFirst.iso, monthFirst.iso] };
  }
  return dayFirst;
}

function inYear(year: number, month: number, day: number): ParsedDate {
  const calendar = calendarOfYear(year);
  if (!calendar) return { kind: 'impossible', reason: { code: 'yearOutOfRange', calendar: year > 1500 ? 'gregorian' : 'hijri', year } };
  return dayFromParts(calendar, year, month, day);
}

/**
 * A day and month without the year ("خلصت ٣/١١", "22/11"): the Gregorian occurrence nearest today, or
 * both when far (dayNearestToday). Day first; with both parts 12 or less and different, the
 * month-first reading is offered too when it names a day as clearly.
 */
function dayAndMonth(text: string, context: ParseContext): ParsedDate | undefined {
  const match = DAY_MONTH.exec(text);
  if (!match) return undefined;
  const a = Number(match[1]);
  const b = Number(match[2]);
  if (a === 0 || b === 0) return undefined;
  if (b > 12 && a > 12) return undefined;
  if (b > 12) return dayNearestToday('gregorian', a, b, context.today);
  const dayFirst = dayNearestToday('gregorian', b, a, context.today);
  if (a > 12 || a === b) return dayFirst;
  const monthFirst = dayNearestToday('gregorian', a, b, context.today);
  if (dayFirst.kind === 'exact' && monthFirst.kind === 'exact') return { kind: 'ambiguous', candidates: dayFirst.iso <= monthFirst.iso ? [dayFirst.iso, monthFirst.iso] : [monthFirst.iso, dayFirst.iso] };
  return dayFirst;
}
