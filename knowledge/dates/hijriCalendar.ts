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

/** 29 or 30: an Umm al-Qura month's length, which no formula gives. */
export function hijriDaysInMonth(year: number, month: number): number {
  try {
    hijriToGregorian({ year, month, day: 30 });
    return 30;
  } catch {
    return 29;
  }
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
