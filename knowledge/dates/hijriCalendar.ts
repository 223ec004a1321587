import { gregorianToHijri, hijriToGregorian } from '@tabby_ai/hijri-converter';
import { DayParts, IsoDay, isoOf, partsOf } from './calendarDay';

/**
 * The Umm al-Qura calendar, the official calendar of Saudi Arabia, through @tabby_ai/hijri-converter
 * (a port of the table-based Python hijri-converter). ICU's islamic-umalqura differs from it on some
 * days (60 days between 2020 and 2030, checked when this was written), so the converter is the one truth.
 */
export const HIJRI_YEARS = { min: 1343, max: 1500 } as const;

export function isHijriYearInTable(year: number): boolean {
  return year >= HIJRI_YEARS.min && year <= HIJRI_YEARS.max;
}

/**
 * A month's length in the Umm al-Qura table, measured between its first day and the next month's:
 * 29 or 30 from 1365 AH on, but the table keeps a few historic months of 28 and 31 days (1345 AH
 * Jumada al-Ula has 31), so no rule of thumb will do.
 */
export function hijriDaysInMonth(year: number, month: number): number {
  const next = month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
  if (next.year > HIJRI_YEARS.max) return 30; // the table's last month, Dhu al-Hijjah 1500, has 30 days
  const from = hijriToGregorian({ year, month, day: 1 });
  const to = hijriToGregorian(next);
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000);
}

/** The Gregorian day of a valid Hijri date in the table's range; callers check the day against hijriDaysInMonth first. */
export function hijriToIso(hijri: DayParts): IsoDay {
  return isoOf(hijriToGregorian(hijri));
}

/** The Hijri date of a Gregorian day, or undefined outside the table (before 1924 or after 2077). */
export function isoToHijri(iso: IsoDay): DayParts | undefined {
  try {
    return gregorianToHijri(partsOf(iso));
  } catch {
    return undefined;
  }
}
