import { calendarOfYear, dayFromParts, dayNearestToday } from './dayFromParts';
import { alternation } from '../text/phrasePattern';
import { ordinalDays } from './dateWords';
import { monthNamePattern, MonthReading, readMonthName } from './monthNames';
import memoizeOne from 'memoize-one';
import { ParseContext, ParsedDate } from './parsedDate';

// Names such as "جمادى 1" end in a digit: that digit must not be the first of a day ("جمادى 15 1447" is no "جمادى 1" and a 5th).
const NOT_LETTER = String.raw`(?![\p{L}])(?!(?<=\p{N})\p{N})`;
const YEAR = String.raw`(?:\s*,?\s*(?:(?:سنه|عام|year)\s+)?(\d{4}|\d{2})(?!\d))?`;
/** The patterns, built once from the month names and date words in use. */
const patterns = memoizeOne((MONTH_NAME_PATTERN: string, ORDINAL_DAYS: Map<string, number>) => ({
  ORDINAL_DAYS,
  // "٢٠ جماد الاول ١٤٤٧", "15 من شهر مارس 2026", "20th of Ramadan 1447".
  DAY_FIRST: new RegExp(String.raw`(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+|من\s+)?(?:شهر\s+)?(?<![\p{L}])(${MONTH_NAME_PATTERN})${NOT_LETTER}${YEAR}`, 'u'),
  // "Ramadan 26, 1447", "رمضان ٢٦".
  MONTH_FIRST: new RegExp(String.raw`(?<![\p{L}])(${MONTH_NAME_PATTERN})${NOT_LETTER}\s*(\d{1,2})(?:st|nd|rd|th)?(?!\d)${YEAR}`, 'u'),
  // "الخامس عشر من مارس ٢٠٢٦", "اول رمضان".
  ORDINAL_DAY_FIRST: new RegExp(
    String.raw`(?<![\p{L}])(${alternation([...ORDINAL_DAYS.keys()])})\s+(?:من\s+)?(?:شهر\s+)?(${MONTH_NAME_PATTERN})${NOT_LETTER}${YEAR}`,
    'u',
  ),
}));

/**
 * Dates with a month name: Gregorian months in both Arabic conventions and Hijri months in Arabic
 * or transliterated, with or without the year (without it, the occurrence nearest today).
 */
export function parseNamedDate(text: string, context: ParseContext): ParsedDate | undefined {
  const { DAY_FIRST, MONTH_FIRST, ORDINAL_DAY_FIRST, ORDINAL_DAYS } = patterns(monthNamePattern(), ordinalDays());
  const dayFirst = DAY_FIRST.exec(text);
  if (dayFirst) return named(readMonthName(dayFirst[2]), Number(dayFirst[1]), dayFirst[3], context);
  const ordinal = ORDINAL_DAY_FIRST.exec(text);
  if (ordinal) return named(readMonthName(ordinal[2]), ORDINAL_DAYS.get(ordinal[1])!, ordinal[3], context);
  const monthFirst = MONTH_FIRST.exec(text);
  if (monthFirst) return named(readMonthName(monthFirst[1]), Number(monthFirst[2]), monthFirst[3], context);
  return undefined;
}

function named(reading: MonthReading | undefined, day: number, yearText: string | undefined, context: ParseContext): ParsedDate | undefined {
  if (!reading) return undefined;
  const { calendar, month } = reading;
  if (!yearText) return dayNearestToday(calendar, month, day, context.today);
  const written = Number(yearText);
  // A Hijri month with a Gregorian year (or the reverse) names no day: say which year we cannot place.
  if (yearText.length === 4 && calendarOfYear(written) !== calendar) return { kind: 'impossible', reason: { code: 'yearOutOfRange', calendar, year: written } };
  const year = yearText.length === 2 ? (calendar === 'hijri' ? 1400 : 2000) + written : written;
  return dayFromParts(calendar, year, month, day);
}
