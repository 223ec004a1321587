import fs from 'node:fs';
import { z } from 'zod';
import { normalizeForMatching } from '../text/normalizeText';
import { foldKeys } from '../text/phrasePattern';
import { projectFile } from '../projectFiles';

const Unit = z.object({
  days: z.number().int().positive().optional(),
  months: z.number().int().positive().optional(),
  singular: z.array(z.string()),
  dual: z.array(z.string()),
  plural: z.array(z.string()),
});
const DateWords = z.object({
  unknown: z.array(z.string()),
  namedDays: z.record(z.string(), z.number().int()),
  past: z.array(z.string()),
  future: z.array(z.string()),
  countNeeded: z.array(z.string()),
  units: z.record(z.string(), Unit),
  numbers: z.record(z.string(), z.number().int().positive()),
  approximatePhrases: z.record(z.string(), z.number().int()),
  ordinalDayUnits: z.record(z.string(), z.number().int().min(1).max(9)),
  ordinalDayTens: z.record(z.string(), z.number().int().min(10).max(30)),
});
export type DateWords = z.infer<typeof DateWords>;
export type DateUnit = z.infer<typeof Unit>;

const fold = (s: string) => normalizeForMatching(s);

function read(): DateWords {
  const raw = DateWords.parse(JSON.parse(fs.readFileSync(projectFile('knowledge', 'dates', 'dateWords.json'), 'utf8')));
  const units = Object.fromEntries(
    Object.entries(raw.units).map(([name, u]) => [name, { ...u, singular: u.singular.map(fold), dual: u.dual.map(fold), plural: u.plural.map(fold) }]),
  );
  return {
    unknown: raw.unknown.map(fold),
    namedDays: foldKeys(raw.namedDays),
    past: raw.past.map(fold),
    future: raw.future.map(fold),
    countNeeded: raw.countNeeded.map(fold),
    units,
    numbers: foldKeys(raw.numbers),
    approximatePhrases: foldKeys(raw.approximatePhrases),
    ordinalDayUnits: foldKeys(raw.ordinalDayUnits),
    ordinalDayTens: foldKeys(raw.ordinalDayTens),
  };
}

/** The date vocabulary, folded the way normalizeForMatching folds what people type. */
export const dateWords: DateWords = read();

/**
 * Every ordinal day word from 1 to 31 and its number: "الخامس" 5, "الخامس عشر" 15, "العشرين" 20,
 * "الحادي والعشرين" 21 — built from the units and tens, as Arabic builds them.
 */
export function ordinalDays(): Map<string, number> {
  const days = new Map<string, number>();
  const units = Object.entries(dateWords.ordinalDayUnits);
  for (const [word, n] of units) days.set(word, n);
  for (const [tens, t] of Object.entries(dateWords.ordinalDayTens)) {
    days.set(tens, t);
    for (const [unit, n] of units) {
      if (unit === 'اول' || unit === 'الاول') continue; // 11 is "الحادي عشر", 21 "الحادي والعشرين"
      days.set(t === 10 ? `${unit} عشر` : `${unit} و${tens}`, t + n);
    }
  }
  return new Map([...days].filter(([, n]) => n <= 31));
}
