import { Language } from '../language';
import { IsoDay, partsOf } from './calendarDay';
import { isoToHijri } from './hijriCalendar';
import { monthDisplayName } from './monthNames';

/** ASCII digits as Arabic-Indic (٠–٩), the digits Arabic replies use. */
export function toArabicIndicDigits(value: string | number): string {
  return String(value).replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
}

/** A number in the digits of the reply's language. */
export function localDigits(value: string | number, language: Language): string {
  return language === 'ar' ? toArabicIndicDigits(value) : String(value);
}

/** "١٥ مارس ٢٠٢٦" or "15 March 2026". */
export function formatGregorian(iso: IsoDay, language: Language): string {
  const { year, month, day } = partsOf(iso);
  return localDigits(`${day} ${monthDisplayName('gregorian', month, language)} ${year}`, language);
}

/** "٢٦ رمضان ١٤٤٧هـ" or "26 Ramadan 1447 AH" (Umm al-Qura), or undefined outside the calendar's table. */
export function formatHijri(iso: IsoDay, language: Language): string | undefined {
  const hijri = isoToHijri(iso);
  if (!hijri) return undefined;
  const name = monthDisplayName('hijri', hijri.month, language);
  return language === 'ar' ? toArabicIndicDigits(`${hijri.day} ${name} ${hijri.year}`) + 'هـ' : `${hijri.day} ${name} ${hijri.year} AH`;
}

export interface DayInBothCalendars {
  iso: IsoDay;
  gregorian: string;
  hijri?: string;
}

export function inBothCalendars(iso: IsoDay, language: Language): DayInBothCalendars {
  return { iso, gregorian: formatGregorian(iso, language), hijri: formatHijri(iso, language) };
}
