import { Culture, DateTimeRecognizer } from '@microsoft/recognizers-text-date-time';
import { z } from 'zod';
import { addDays, addMonths, daysBetween, partsOf } from './calendarDay';
import { dayFromParts } from './dayFromParts';
import { readEnglishDurations } from './englishDurations';
import { FoundDate, readEnglishRelativeDates } from './englishRelativeDates';
import { ParseContext, ParsedDate } from './parsedDate';

const Resolution = z.object({
  values: z.array(z.object({ timex: z.string().optional(), type: z.string(), value: z.string().optional(), start: z.string().optional(), end: z.string().optional() })),
});

// Building the model compiles hundreds of regular expressions: done once, on first use.
let model: ReturnType<DateTimeRecognizer['getDateTimeModel']> | undefined;
const dateTimeModel = () => (model ??= new DateTimeRecognizer(Culture.English).getDateTimeModel());

const FULL_DATE_TIMEX = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * What we take from the recogniser is a day named by the calendar: a month or weekday name, a unit
 * counted back or forward ("two weeks ago", "in 3 days"), today, yesterday, a holiday. Numeric dates
 * and day-month names are read before it (numericDates.ts, namedDates.ts), and numbers alone
 * ("three times", "my 2nd renewal", "late once in 2024") give nothing we use. A message with no
 * calendar word or numeric date (most questions) is therefore not handed to the recogniser, whose regular expressions
 * cost milliseconds a message even when they find nothing.
 * test/knowledge/englishDateReading.test.ts holds the pre-check to reading every expression as the
 * recogniser alone would.
 */
const words = (list: string[]) => list.join('|');
/** Month and weekday names as the recogniser's own English patterns spell them, as whole words ("friend" and "money" are not days). */
const MONTH = words(['apr(?:il)?', 'aug(?:ust)?', 'dec(?:ember)?', 'feb(?:ruary)?', 'jan(?:uary)?', 'july?', 'june?', 'mar(?:ch)?', 'may', 'nov(?:ember)?', 'oct(?:ober)?', 'sept(?:ember)?', 'sep']);
const WEEKDAY = words(['(?:sun|mon|tues?|thurs?|fri)(?:day)?', 'thu', 'wedn(?:esday)?', 'weds?', 'sat(?:urday)?']);
/** Word beginnings, so that plurals and spellings pass; a false alarm costs only the recogniser's time. */
const DAY_WORDS = words(['weekday', 'weekend', 'today', 'tonight', 'tomorrow', 'tmrw', 'yesterday', 'now', 'ago', 'christmas', 'easter', 'new year', 'eid', 'ramadan', 'valentine', 'halloween', 'thanksgiving']);
const UNIT = words(['day', 'week', 'workweek', 'fortnight', 'month', 'year', 'decade']);
/**
 * A unit is a date only when it is counted or placed: "3 days", "a week", "last month", "the end of
 * the year", "all week"; "working days" and "per month" name no day, and the recogniser finds none.
 */
const UNIT_PLACED_BY = words([
  'an?', 'another', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  '\\w+teen', '\\w+ty', 'hundred', 'dozen', 'half', 'couple', 'few', 'several', 'some',
  'first', 'second', 'third', 'fourth', 'fifth', 'last', 'next', 'this', 'past', 'previous', 'coming', 'following', 'upcoming',
  'current', 'same', 'prior', 'that', 'other', 'end', 'beginning', 'start', 'middle', 'early', 'late', 'rest', 'whole', 'entire', 'all',
  // "the day", "the month", "my week": the recogniser reads them as today and this month or week.
  'the', 'my',
]);
const UNIT_FOLLOWED_BY = words(['ago', 'later', 'earlier', 'back', 'before', 'after', 'from', 'hence', 'to date']);
const MAY_HOLD_DATE = new RegExp(
  [
    // Digits with a date's separators: the numeric reader leaves the impossible ones ("2/30/2026") to the recogniser; a code's long digit runs are no date.
    String.raw`(?<!\d)\d{1,4}\s*[/.-]\s*\d{1,4}(?!\d)`,
    String.raw`\b(?:${MONTH})(?![a-z])`,
    String.raw`\b(?:${WEEKDAY})s?\b`,
    String.raw`\b(?:${DAY_WORDS})`,
    String.raw`(?:\d|\b(?:${UNIT_PLACED_BY})\b|\bmid)[^a-z\d]*(?:[a-z]+[^a-z\d]+){0,2}?(?:${UNIT})`,
    String.raw`\b(?:${UNIT})s?\W+(?:${UNIT_FOLLOWED_BY})\b`,
    // This week, to the recogniser; "working days" are no day.
    String.raw`\b(?:working|business)\W+week`,
  ].join('|'),
  'i',
);

export const mayHoldEnglishDate = (text: string) => MAY_HOLD_DATE.test(text);
/**
 * The words a long message is cut around (dateStretches): word beginnings of every calendar word,
 * placed or not, so that a stretch keeps the words the recogniser reads beside a date.
 */
const DATE_WORDS = new RegExp(
  String.raw`\d\s*[/.-]\s*\d|\b(?:` +
    [
      'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',
      'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'weekday', 'weekend',
      'today', 'tonight', 'tomorrow', 'tmrw', 'yesterday', 'now', 'ago',
      'day', 'week', 'fortnight', 'month', 'year', 'decade',
      'christmas', 'easter', 'new year', 'eid', 'ramadan', 'valentine', 'halloween', 'thanksgiving',
    ].join('|') +
    ')',
  'gi',
);

/** Words either side of a date word that the recogniser needs to read the date ("expired on the 3rd of", "two weeks ago"). */
const CONTEXT_CHARS = 25;
/** Texts up to this long are read whole. */
const READ_WHOLE = 50;

/**
 * The stretches of a long message around its date words, each read on its own: the recogniser's time
 * grows with the square of the text's length, so a story with one date in it costs a fraction of
 * reading it whole. Stretches that touch are joined, and each is cut at word boundaries.
 */
function dateStretches(text: string): string[] {
  if (text.length <= READ_WHOLE) return [text];
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(DATE_WORDS)) {
    const start = Math.max(0, match.index - CONTEXT_CHARS);
    const end = Math.min(text.length, match.index + match[0].length + CONTEXT_CHARS);
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1]) last[1] = end;
    else ranges.push([start, end]);
  }
  return ranges.map(([start, end]) => {
    const from = start === 0 ? 0 : text.indexOf(' ', start) + 1 || start;
    const to = end === text.length ? end : text.lastIndexOf(' ', end) > from ? text.lastIndexOf(' ', end) : end;
    return text.slice(from, to);
  });
}
const VAGUE_UNIT = /\b(months?|years?)\b/;
const DURATION_TIMEX = /^P(\d+(?:\.\d+)?)([DWMY])$/;

/**
 * English dates through @microsoft/recognizers-text-date-time, its output normalised to a ParsedDate:
 * - "31 February 2026" comes back "not resolved": we say why it is impossible;
 * - "March 15" comes back as this year and next: we take the one nearer today;
 * - "in two weeks" comes back as a bare duration: we count it from today;
 * - "two months ago" comes back as a day: we mark it approximate, as the Arabic layer does;
 * - "the third" (as in "the third time") comes back with no month: we ignore it.
 */
export function parseEnglishDate(text: string, context: ParseContext): ParsedDate | undefined {
  if (!mayHoldEnglishDate(text)) return undefined;
  // The commonest relative dates and durations are read directly, when they are all the text says of a date.
  const days = readEnglishRelativeDates(text, context);
  const durations = readEnglishDurations(text, days.rest, context);
  if (durations.rest !== text && !mayHoldEnglishDate(durations.rest)) return preferred(inTextOrder([...days.found, ...durations.found]));
  return recogniseEnglishDate(text, context);
}

const inTextOrder = (found: FoundDate[]) => found.sort((a, b) => a.at - b.at).map((f) => f.reading);

/** A day named in full wins over a span or a duration elsewhere in the message ("in KSA for 3 years … expired Nov 14 2026"). */
const preferred = (readings: ParsedDate[]) => readings.find((r) => r.kind === 'exact' || r.kind === 'impossible') ?? readings[0];

/** The recogniser's reading of the text, with no pre-check (tests compare the two). */
export function recogniseEnglishDate(text: string, context: ParseContext): ParsedDate | undefined {
  const { year, month, day } = partsOf(context.today);
  // The recogniser reads the reference date's local fields; noon keeps it clear of any midnight shift.
  const reference = new Date(year, month - 1, day, 12);
  const readings: ParsedDate[] = [];
  for (const stretch of dateStretches(text)) {
    for (const result of dateTimeModel().parse(stretch, reference)) {
      const parsed = Resolution.safeParse(result.resolution);
      if (!parsed.success) continue;
      const reading = fromResolution(result.typeName, result.text, parsed.data.values, stretch, context);
      if (reading) readings.push(reading);
    }
  }
  return preferred(readings);
}

type Value = z.infer<typeof Resolution>['values'][number];

function fromResolution(typeName: string, matched: string, values: Value[], text: string, context: ParseContext): ParsedDate | undefined {
  const type = typeName.replace('datetimeV2.', '');
  if (type === 'date' || type === 'datetime') {
    const days = values.filter((v) => v.value && v.value !== 'not resolved').map((v) => v.value!.slice(0, 10));
    if (days.length === 0) return impossibleFromTimex(values[0]?.timex);
    if (values[0]?.timex?.includes('XX-XX')) return undefined; // a day of the month with no month: "the third"
    const nearest = days.reduce((best, d) => (Math.abs(daysBetween(context.today, d)) < Math.abs(daysBetween(context.today, best)) ? d : best));
    if (VAGUE_UNIT.test(matched)) return { kind: 'approximate', iso: nearest, approximate: true };
    return { kind: 'exact', iso: nearest, calendar: 'gregorian' };
  }
  if (type === 'duration') return fromDuration(values[0]?.timex, matched, text, context);
  if (type === 'daterange') {
    const { start, end } = values[0] ?? {};
    // "last week", "March 2026": a span of a month or less, read as its first day and said to be approximate.
    if (start && end && daysBetween(start, end) <= 31) return { kind: 'approximate', iso: start, approximate: true };
  }
  return undefined;
}

function impossibleFromTimex(timex: string | undefined): ParsedDate | undefined {
  const parts = timex && FULL_DATE_TIMEX.exec(timex);
  if (!parts) return undefined;
  const reading = dayFromParts('gregorian', Number(parts[1]), Number(parts[2]), Number(parts[3]));
  return reading.kind === 'impossible' ? reading : undefined;
}

/** "in two weeks", "10 days from now": the recogniser gives only the duration. */
function fromDuration(timex: string | undefined, matched: string, text: string, context: ParseContext): ParsedDate | undefined {
  const parts = timex && DURATION_TIMEX.exec(timex);
  if (!parts) return undefined;
  const before = text.slice(0, text.toLowerCase().indexOf(matched.toLowerCase())).toLowerCase();
  const sign = /\b(in|within|after)\s+$/.test(before) ? 1 : /\b(for|since)\s+$/.test(before) ? -1 : 0;
  if (sign === 0) return undefined;
  const n = Number(parts[1]) * sign;
  const unit = parts[2];
  if (unit === 'D' || unit === 'W') return { kind: 'exact', iso: addDays(context.today, Math.round(n * (unit === 'W' ? 7 : 1))), calendar: 'gregorian' };
  return { kind: 'approximate', iso: addMonths(context.today, Math.round(n * (unit === 'Y' ? 12 : 1))), approximate: true };
}
