import memoizeOne from 'memoize-one';
import { content } from '../content';
import { MonthNames } from '../contentSchemas';
import { normalizeForMatching } from '../text/normalizeText';
import { escapeRegExp } from '../text/phrasePattern';
import { Calendar } from './parsedDate';

export { MonthNames };

export const monthNames = (): MonthNames => content().dates.monthNames;

/** The name the bot writes for a month. */
export function monthDisplayName(calendar: Calendar, month: number, language: 'ar' | 'en'): string {
  return monthNames()[calendar][month - 1][language];
}

export interface MonthReading {
  calendar: Calendar;
  month: number;
}

/** Word separators inside a month name as people type them: "جماد الاول", "jumada al-awwal", "rabi' al-thani". */
const spacing = String.raw`[\s\-'’]*`;

/** Every month name folded as people type it, and one pattern for them all. */
const monthTables = memoizeOne((names: MonthNames) => {
  const byName = new Map<string, MonthReading>();
  for (const calendar of Calendar.options) {
    for (const entry of names[calendar]) {
      for (const name of [entry.ar, entry.en, ...entry.names]) {
        byName.set(normalizeForMatching(name).replace(/[\s\-'’]+/g, ' '), { calendar, month: entry.month });
      }
    }
  }
  // One alternation of every month name, longest first so "ربيع الاول" wins over a shorter name inside it.
  const pattern = [...byName.keys()]
    .sort((a, b) => b.length - a.length)
    .map((name) => name.split(' ').map(escapeRegExp).join(spacing))
    .join('|');
  return { byName, pattern };
});

/** One alternation of every month name, for readers that build their patterns on it. */
export const monthNamePattern = (): string => monthTables(monthNames()).pattern;

/** The month a matched name stands for. */
export function readMonthName(matched: string): MonthReading | undefined {
  return monthTables(monthNames()).byName.get(matched.replace(/[\s\-'’]+/g, ' ').trim());
}
