import { addDays, addMonths } from './calendarDay';
import { alternation, WORD_END, WORD_START } from '../text/phrasePattern';
import memoizeOne from 'memoize-one';
import { dateWords as currentDateWords, DateWords } from './dateWords';
import { ParseContext, ParsedDate } from './parsedDate';

/** The patterns built from the date vocabulary, once per vocabulary. */
const patterns = memoizeOne((dateWords: DateWords) => {
  const units = Object.values(dateWords.units);
  const unitWords = units.flatMap((u) => [...u.singular, ...u.dual, ...u.plural]);
  return {
    unitOf: (word: string) => units.find((u) => [...u.singular, ...u.dual, ...u.plural].includes(word))!,
    // "قبل ٣ أيام", "قبل ثلاث ايام", "قبل اسبوعين", "بعد ١٠ ايام", "باقي شهر", "من يومين".
    QUANTITY: new RegExp(
      String.raw`${WORD_START}(${alternation([...dateWords.past, ...dateWords.future])})\s+(حوالي\s+|تقريبا\s+|نحو\s+)?(\d{1,3}|${alternation(Object.keys(dateWords.numbers))})?\s*(${alternation(unitWords)})${WORD_END}`,
      'u',
    ),
    NAMED_DAY: new RegExp(String.raw`${WORD_START}(${alternation(Object.keys(dateWords.namedDays))})${WORD_END}`, 'u'),
    APPROXIMATE: new RegExp(String.raw`${WORD_START}(${alternation(Object.keys(dateWords.approximatePhrases))})${WORD_END}`, 'u'),
  };
});

/**
 * Arabic relative dates. Days and weeks name one day ("قبل ٣ أيام" is exact); months and years do
 * not ("قبل شهرين" is an estimate, and the reply says so).
 */
export function parseRelativeArabicDate(text: string, context: ParseContext): ParsedDate | undefined {
  const dateWords = currentDateWords();
  const { APPROXIMATE, NAMED_DAY } = patterns(dateWords);
  const quantity = quantityDate(text, context, dateWords);
  if (quantity) return quantity;
  const approximate = APPROXIMATE.exec(text);
  if (approximate) return { kind: 'approximate', iso: addMonths(context.today, dateWords.approximatePhrases[approximate[1]]), approximate: true };
  const named = NAMED_DAY.exec(text);
  if (named) return { kind: 'exact', iso: addDays(context.today, dateWords.namedDays[named[1]]), calendar: 'gregorian' };
  return undefined;
}

function quantityDate(text: string, context: ParseContext, dateWords: DateWords): ParsedDate | undefined {
  const { QUANTITY, unitOf } = patterns(dateWords);
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, direction, hedge, count, unitWord] = match;
  const unit = unitOf(unitWord);
  const dual = unit.dual.includes(unitWord);
  // "قبل ايام" (some days ago) names no day; "من يوم انتهت" means "since the day it expired".
  // "من حوالي شهر" (about a month ago): a hedge before the unit gives the singular its one.
  if (!count && !dual && (unit.plural.includes(unitWord) || (dateWords.countNeeded.includes(direction) && !hedge))) return undefined;
  // "قبل ٠ يوم" is today: a written zero is a number like any other, not a missing one.
  const n = dual ? 2 : count ? (/^\d+$/.test(count) ? Number(count) : dateWords.numbers[count]) : 1;
  const sign = dateWords.future.includes(direction) ? 1 : -1;
  if (unit.months) return { kind: 'approximate', iso: addMonths(context.today, sign * n * unit.months), approximate: true };
  return { kind: 'exact', iso: addDays(context.today, sign * n * (unit.days ?? 1)), calendar: 'gregorian' };
}
