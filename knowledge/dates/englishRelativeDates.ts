import { addDays, addMonths } from './calendarDay';
import { ParseContext, ParsedDate } from './parsedDate';

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const UNIT_DAYS = { day: 1, week: 7 } as const;
const UNIT_MONTHS = { month: 1, year: 12 } as const;
/** A count as the readers here take it: digits or a number word up to twelve. */
export const COUNT = String.raw`\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve`;

// "3 days ago", "two weeks ago", "a month ago"; "in 10 days", "in two weeks"; yesterday, today, tomorrow.
const AGO = new RegExp(String.raw`\b(${COUNT})\s+(day|week|month|year)s?\s+ago\b`, 'g');
const IN = new RegExp(String.raw`\bin\s+(${COUNT})\s+(day|week)s?\b`, 'g');
const NAMED = /\b(?:the\s+)?(day\s+before\s+yesterday|yesterday|today|tomorrow)\b/g;
const NAMED_OFFSET: Record<string, number> = { 'day before yesterday': -2, yesterday: -1, today: 0, tomorrow: 1 };
// "in October", "sometime in oct", "last October", "October 2025": a month with no day before or after it. "may" is left to
// the recogniser, which tells the month from the verb ("I may be late").
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  /(?<!\d(?:st|nd|rd|th)?\s*(?:of\s+)?)\b(?:(last|this|next)\s+)?(january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b(?!\s*\d{1,2}(?!\d))(?:\s*,?\s*(\d{4})\b)?/g;

/** A reading and where in the text it was found: readings are taken in the text's order. */
export interface FoundDate {
  at: number;
  reading: ParsedDate;
}

/** `rest` with the `length` characters at `at` made spaces: what a reader took, out of what is left to read. */
export const blankedOut = (rest: string, at: number, length: number) => rest.slice(0, at) + ' '.repeat(length) + rest.slice(at + length);

const countOf = (word: string) => (/^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word]);

/** The day `count` units (day, week, month, year) from today, as the recogniser gives it: days and weeks name a day; months and years are estimates. */
export function shiftedDay(count: string, sign: number, unit: string, { today }: ParseContext): ParsedDate {
  const n = sign * countOf(count);
  return unit in UNIT_DAYS
    ? { kind: 'exact', iso: addDays(today, n * UNIT_DAYS[unit as keyof typeof UNIT_DAYS]), calendar: 'gregorian' }
    : { kind: 'approximate', iso: addMonths(today, n * UNIT_MONTHS[unit as keyof typeof UNIT_MONTHS]), approximate: true };
}

/**
 * The English relative dates people write most ("3 days ago", "two weeks ago", "yesterday", "in 10
 * days", "in October"), read without the recogniser, with exactly its readings (days and weeks name a day; months
 * and years are estimates), so that a fines question costs microseconds rather than milliseconds.
 * `rest` is the text with what was read blanked out: when it still holds a calendar word the caller
 * asks the recogniser about the whole text instead, so a message is never read half one way and half
 * the other. test/knowledge/englishDateReading.test.ts holds these readings to the recogniser's.
 */
export function readEnglishRelativeDates(text: string, context: ParseContext): { found: FoundDate[]; rest: string } {
  const found: FoundDate[] = [];
  let rest = text;
  const take = (pattern: RegExp, read: (match: RegExpExecArray) => ParsedDate) => {
    for (const match of text.matchAll(pattern)) {
      found.push({ at: match.index, reading: read(match) });
      rest = blankedOut(rest, match.index, match[0].length);
    }
  };
  take(AGO, (m) => shiftedDay(m[1], -1, m[2], context));
  take(IN, (m) => shiftedDay(m[1], 1, m[2], context));
  take(MONTH, (m) => ({ kind: 'approximate', iso: monthStart(m[1], MONTHS.indexOf(m[2].slice(0, 3)) + 1, m[3], context), approximate: true }));
  take(NAMED, (m) => ({ kind: 'exact', iso: addDays(context.today, NAMED_OFFSET[m[1].replace(/\s+/g, ' ')]), calendar: 'gregorian' }));
  return { found, rest };
}

/**
 * The first day of a month named without its day, as the recogniser reads it: with its year, that
 * year's; "this" this year's; "next" next year's; "last" last year's; alone, the latest such month
 * before the current one.
 */
function monthStart(which: string | undefined, month: number, yearText: string | undefined, { today }: ParseContext): string {
  const [year, current] = today.split('-').map(Number);
  const chosen = yearText ? Number(yearText) : which === 'this' ? year : which === 'next' ? year + 1 : which === 'last' ? year - 1 : month < current ? year : year - 1;
  return `${chosen}-${String(month).padStart(2, '0')}-01`;
}
