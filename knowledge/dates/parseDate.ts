import { Language } from '../language';
import { normalizeForMatching } from '../text/normalizeText';
import { saudiToday } from './calendarDay';
import { alternation } from '../text/phrasePattern';
import memoizeOne from 'memoize-one';
import { dateWords, DateWords } from './dateWords';
import { withinSupportedYears } from './dayFromParts';
import { parseEnglishDate } from './englishDates';
import { parseNamedDate } from './namedDates';
import { parseNumericDate } from './numericDates';
import { isHedged, parseCalendarRelativeDate } from './calendarRelativeDates';
import { ParseContext, ParsedDate } from './parsedDate';
import { parseRelativeArabicDate } from './relativeDates';

export interface ParseDateOptions {
  /** The instant the person writes at; their "today" is that day in Saudi Arabia. */
  reference: Date;
  /** The reply language; the text is read the same way whichever it is. */
  language?: Language;
}

/**
 * Only the start of a message is read: a date is given in a few words, and the English recogniser's
 * time grows with the square of the length, so a long message would hold up the turn (docs/performance.md).
 */
export const MAX_DATE_TEXT = 500;

const unknownPattern = memoizeOne((words: DateWords) => new RegExp(String.raw`(?<![\p{L}])(?:${alternation(words.unknown)})(?![\p{L}])`, 'u'));
const LATIN = /[a-z]/;

/** A day the person hedged ("قبل شهرين تقريبا", "about two weeks ago") is one to confirm when the answer depends on it. */
function hedged(reading: ParsedDate, text: string): ParsedDate {
  if ((reading.kind === 'exact' || reading.kind === 'approximate') && !reading.confirm && isHedged(text)) return { ...reading, confirm: true };
  return reading;
}

/** Curly apostrophes and the Arabic decimal sign, which phones put where people mean ' and a separator. */
const prepare = (text: string) => normalizeForMatching(text).replace(/[’‘`]/g, "'");

/**
 * What a message says about a date, in Arabic or English, either calendar, numeric, named or
 * relative. Readers are tried from the most specific (digits with separators) to the least (an
 * English phrase); "I don't know" counts only when no date is given beside it.
 */
export function parseDate(text: string, { reference }: ParseDateOptions): ParsedDate {
  const prepared = prepare(text.slice(0, MAX_DATE_TEXT));
  const context: ParseContext = { today: saudiToday(reference) };
  const readers = [
    parseNumericDate,
    parseCalendarRelativeDate,
    parseNamedDate,
    parseRelativeArabicDate,
    (t: string, c: ParseContext) => (LATIN.test(t) ? parseEnglishDate(t, c) : undefined),
  ];
  for (const read of readers) {
    const reading = read(prepared, context);
    // Relative and English readers compute a day without the year check the numeric and named readers make.
    if (reading) return hedged(withinSupportedYears(reading), prepared);
  }
  return unknownPattern(dateWords()).test(prepared) ? { kind: 'unknown' } : { kind: 'none' };
}
