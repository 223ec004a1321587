import memoizeOne from 'memoize-one';
import { content } from '../content';
import { DateUnit, DateWords } from '../contentSchemas';
import { normalizeForMatching } from '../text/normalizeText';
import { foldKeys } from '../text/phrasePattern';

export type { DateUnit, DateWords };

const fold = (s: string) => normalizeForMatching(s);

const folded = memoizeOne((raw: DateWords): DateWords => {
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
    weekdays: foldKeys(raw.weekdays),
    weekdayWords: Object.fromEntries(Object.entries(raw.weekdayWords).map(([k, list]) => [k, list.map(fold)])) as DateWords['weekdayWords'],
    relativeMonth: foldKeys(raw.relativeMonth),
    monthWord: raw.monthWord.map(fold),
    hijriWord: raw.hijriWord.map(fold),
    monthEdges: foldKeys(raw.monthEdges),
    feasts: foldKeys(raw.feasts),
    hedges: raw.hedges.map(fold),
  };
});

/** The date vocabulary, folded the way normalizeForMatching folds what people type. */
export const dateWords = (): DateWords => folded(content().dates.dateWords);

/**
 * Every ordinal day word from 1 to 31 and its number: "الخامس" 5, "الخامس عشر" 15, "العشرين" 20,
 * "الحادي والعشرين" 21 — built from the units and tens, as Arabic builds them.
 */
export const ordinalDays = (): Map<string, number> => ordinalDayTable(dateWords());

const ordinalDayTable = memoizeOne((dateWords: DateWords): Map<string, number> => {
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
});
