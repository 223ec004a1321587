import fs from 'node:fs';
import { z } from 'zod';
import { normalizeForMatching } from '../text/normalizeText';
import { escapeRegExp } from '../text/phrasePattern';
import { Calendar } from './parsedDate';
import { projectFile } from '../projectFiles';

const MonthName = z.object({ month: z.number().int().min(1).max(12), ar: z.string(), en: z.string(), names: z.array(z.string()).min(1) });
const MonthNames = z.object({ gregorian: z.array(MonthName).length(12), hijri: z.array(MonthName).length(12) });
export type MonthNames = z.infer<typeof MonthNames>;

export const monthNames: MonthNames = MonthNames.parse(JSON.parse(fs.readFileSync(projectFile('knowledge', 'dates', 'monthNames.json'), 'utf8')));

/** The name the bot writes for a month. */
export function monthDisplayName(calendar: Calendar, month: number, language: 'ar' | 'en'): string {
  return monthNames[calendar][month - 1][language];
}

export interface MonthReading {
  calendar: Calendar;
  month: number;
}

/** Word separators inside a month name as people type them: "جماد الاول", "jumada al-awwal", "rabi' al-thani". */
const spacing = String.raw`[\s\-'’]*`;

const byName = new Map<string, MonthReading>();
for (const calendar of Calendar.options) {
  for (const entry of monthNames[calendar]) {
    for (const name of [entry.ar, entry.en, ...entry.names]) {
      byName.set(normalizeForMatching(name).replace(/[\s\-'’]+/g, ' '), { calendar, month: entry.month });
    }
  }
}

/** One alternation of every month name, longest first so "ربيع الاول" wins over a shorter name inside it. */
export const MONTH_NAME_PATTERN = [...byName.keys()]
  .sort((a, b) => b.length - a.length)
  .map((name) => name.split(' ').map(escapeRegExp).join(spacing))
  .join('|');

/** The month a matched name stands for. */
export function readMonthName(matched: string): MonthReading | undefined {
  return byName.get(matched.replace(/[\s\-'’]+/g, ' ').trim());
}
