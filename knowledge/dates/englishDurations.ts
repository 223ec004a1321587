import { blankedOut, COUNT, FoundDate, shiftedDay } from './englishRelativeDates';
import { ParseContext } from './parsedDate';

/**
 * A count and a unit ("2 years", "a week") the recogniser reads as a bare duration, which
 * fromDuration (englishDates.ts) places by the word before the first place its text occurs: "for"
 * back from today, "in" and "within" forward. Its grammar takes "since" and "after" into the
 * duration as a modifier, so those place nothing; nor does a duration with no such word ("is 7 days
 * the max?", "5 years vs 10 years"), nor a count of working days, which it does not read at all.
 * Read here only when nothing after it is joined to it ("3 days later", "a year and a half", "in 3
 * days at 5pm", another count or unit): the end of a sentence, or a word none of its patterns go on with.
 */
const JOINED_AFTER = [
  'ago', 'earlier', 'later', 'before', 'after', 'back', 'hence', 'from', 'prior', 'in', 'and', 'or', 'to', 'till', 'until', 'by', 'since', 'at', 'plus',
  'of', 'on', 'half', 'quarter', 'more', 'less', 'fortnight', 'decade', 'hours?', 'hrs?', 'h', 'min(?:ute)?s?', 'sec(?:ond)?s?', 'nights?',
  '\\w+ty', '\\w+teen', 'hundred', 'thousand', 'dozen', COUNT,
].join('|');
const NOTHING_JOINED = String.raw`(?=\s*$|[?.!]+(?:\s|$)|[,;:]?\s+(?!(?:${JOINED_AFTER})\b)[a-z])`;
const PLACED = new RegExp(String.raw`\b(for|since|in|within|after)\s+((${COUNT})\s+(day|week|month|year)s?)\b${NOTHING_JOINED}`, 'g');
const BARE = new RegExp(String.raw`\b((${COUNT})\s+(day|week|month|year)s?)\b${NOTHING_JOINED}`, 'g');
const WORKING_DAYS = new RegExp(String.raw`\b(?:${COUNT})\s+(?:working|business)\s+days?\b${NOTHING_JOINED}`, 'g');
const SIGN: Record<string, number> = { for: -1, since: 0, in: 1, within: 1, after: 0 };

/**
 * Words before a duration, or before the word placing it, that make it a day or a span ("next 7
 * days", "the last 3 years"), a modifier ("by 7 days", "on or after 3 days"), part of a number
 * ("twenty 3 days", "1.5 working days") or one duration with another ("007 hours 3 months"): there it
 * is left to the recogniser.
 */
const JOINED_BEFORE = new RegExp(
  `^(?:${[
    'in', 'within', 'for', 'since', 'after', 'before', 'by', 'on', 'at', 'as', 'starting', 'beginning', 'any', 'equal', 'greater', 'later', 'till', 'until',
    'til', 'than', 'from', 'to', 'through', 'thru', 'during', 'over', 'under', 'about', 'around', 'nearly', 'almost', 'approximately', 'roughly', 'least',
    'most', 'and', 'or', 'plus', 'of', 'per', 'every', 'each', 'next', 'last', 'past', 'previous', 'prior', 'coming', 'upcoming', 'following', 'this',
    'that', 'these', 'those', 'same', 'other', 'first', 'second', 'third', 'fourth', 'fifth', 'the', 'my', 'another', 'half', 'quarter', 'few', 'couple',
    'several', 'some', 'whole', 'entire', 'all', 'full', 'mid', 'early', 'late', 'end', 'rest', 'beginning', 'start', 'middle', 'current', 'remaining',
    '\\w+ty', '\\w+teen', 'hundred', 'thousand', 'dozen', COUNT,
    'days?', 'weeks?', 'months?', 'years?', 'fortnights?', 'decades?', 'hours?', 'hrs?', 'h', 'min(?:ute)?s?', 'sec(?:ond)?s?', 'nights?',
  ].join('|')})$`,
);
/** "more than"/"less than" anywhere before a duration joins everything from there to it into one modified duration. */
const MORE_OR_LESS_THAN = /\b(?:more|less)\s+than\b/;
/** The word before a position, with any punctuation after it, or the start of the text. */
const WORD_BEFORE = /(?:^|\s)([a-z']+)[,;:?!.]?\s+$|^\s*$/;

/** Whether the word before `at` (or the start of the text) leaves what follows to be read here, not joined to it. */
function standsApart(text: string, at: number, joins: RegExp): boolean {
  const before = WORD_BEFORE.exec(text.slice(0, at));
  return before !== null && !joins.test(before[1] ?? '');
}
/** Any word but a number's own, or the start: "after 7 working days" reads nothing whatever places it, "1.5 working days" is a date. */
const NUMBER_PART = new RegExp(`^(?:\\w+ty|\\w+teen|hundred|thousand|dozen|and|half|quarter|${COUNT})$`);

/**
 * The durations in `text` that the recogniser's reading is known for, read with that reading ("for 2
 * years": two years ago, approximately) or as nothing ("is 7 days the max?"), and blanked out of
 * `rest` (the text with what the other readers took blanked). Those it cannot vouch for stay in `rest`,
 * so that the caller asks the recogniser about the whole text. fromDuration places a duration by the
 * first place its text occurs, so one that occurs earlier ("for 17 days, not 7 days") stays too.
 * test/knowledge/englishDateReading.test.ts holds these readings to the recogniser's.
 */
export function readEnglishDurations(text: string, taken: string, context: ParseContext): { found: FoundDate[]; rest: string } {
  const found: FoundDate[] = [];
  let rest = taken;
  if (MORE_OR_LESS_THAN.test(text)) return { found, rest };
  const free = (at: number, length: number) => rest.slice(at, at + length) === text.slice(at, at + length);
  const blank = (at: number, length: number) => (rest = blankedOut(rest, at, length));
  for (const m of text.matchAll(PLACED)) {
    const duration = m.index + m[0].length - m[2].length;
    if (!free(m.index, m[0].length) || text.indexOf(m[2]) !== duration || !standsApart(text, m.index, JOINED_BEFORE)) continue;
    if (SIGN[m[1]] !== 0) found.push({ at: m.index, reading: shiftedDay(m[3], SIGN[m[1]], m[4], context) });
    blank(m.index, m[0].length);
  }
  for (const m of text.matchAll(BARE)) {
    if (free(m.index, m[0].length) && text.indexOf(m[1]) === m.index && standsApart(text, m.index, JOINED_BEFORE)) blank(m.index, m[0].length);
  }
  for (const m of text.matchAll(WORKING_DAYS)) {
    if (free(m.index, m[0].length) && standsApart(text, m.index, NUMBER_PART)) blank(m.index, m[0].length);
  }
  return { found, rest };
}
