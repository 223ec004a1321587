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

/**
 * The seven weekday names per language, Sunday first, as Intl writes them: asked of Intl once, since a
 * tracking report names several days and each Intl format call costs more than the rest of the line.
 */
const weekdayNames: Record<Language, string[]> = {
  ar: weekdaysOf('ar'),
  en: weekdaysOf('en'),
};

function weekdaysOf(language: Language): string[] {
  const format = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
  // 4 January 1970 was a Sunday.
  return Array.from({ length: 7 }, (_, day) => format.format(new Date(Date.UTC(1970, 0, 4 + day))));
}

/**
 * A day as people read it in a sentence, with its weekday, in the reply's language, and the Hijri
 * date beside it where that helps (a due date in a chat reply; an SMS keeps it short):
 * "الأحد ١٣ ديسمبر ٢٠٢٦م، الموافق ٤ رجب ١٤٤٨هـ", "Sunday 13 December 2026 (4 Rajab 1448 AH)".
 */
export function formatDay(iso: IsoDay, language: Language, options: { hijri?: boolean } = {}): string {
  const weekday = weekdayNames[language][new Date(`${iso}T00:00:00Z`).getUTCDay()];
  const gregorian = `${weekday} ${formatGregorian(iso, language)}${language === 'ar' ? 'م' : ''}`;
  const hijri = options.hijri ? formatHijri(iso, language) : undefined;
  if (!hijri) return gregorian;
  return language === 'ar' ? `${gregorian}، الموافق ${hijri}` : `${gregorian} (${hijri})`;
}
