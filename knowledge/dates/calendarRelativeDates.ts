import memoizeOne from 'memoize-one';
import { alternation, WORD_END, WORD_START } from '../text/phrasePattern';
import { addDays, gregorianDaysInMonth, IsoDay, partsOf } from './calendarDay';
import { dateWords as currentDateWords, DateWords, ordinalDays } from './dateWords';
import { currentYear, dayFromParts, dayNearestToday, nearestOrBoth } from './dayFromParts';
import { hijriDaysInMonth, isoToHijri } from './hijriCalendar';
import { monthNamePattern, readMonthName } from './monthNames';
import { Calendar, ParseContext, ParsedDate } from './parsedDate';

type Edge = 'start' | 'middle' | 'end';
/** A day of a month as people give it: a number, an ordinal word, or an edge ("اول", "نص", "آخر", "end of"). */
type DaySpec = { day: number } | { edge: Edge };
type WeekdayKind = 'next' | 'last' | 'this' | 'thisPast' | 'afterNext' | 'beforeLast' | 'bare';

const DAY_NUMBER = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;

/** The patterns, built once per vocabulary. */
const patterns = memoizeOne((words: DateWords, monthNames: string, ordinals: Map<string, number>) => {
  const alt = (list: string[]) => alternation(list);
  const modifiers = Object.entries(words.weekdayWords).filter(([kind]) => kind !== 'thisPrefix');
  const WEEKDAY_MOD = alt(modifiers.flatMap(([, list]) => list));
  const WEEKDAY = alt(Object.keys(words.weekdays));
  const REL = alt(Object.keys(words.relativeMonth));
  const MONTH_WORD = alt(words.monthWord);
  const HIJRI = alt(words.hijriWord);
  const EDGE = alt(Object.keys(words.monthEdges));
  const ORDINAL = alt([...ordinals.keys()]);
  const DAY = String.raw`(?:(?:يوم|day)\s+)?(?:the\s+)?(?:${DAY_NUMBER}|(${ORDINAL})|(${EDGE}))`;
  const FEAST = alt(Object.keys(words.feasts));
  return {
    modifierKind: (word: string) => modifiers.find(([, list]) => list.includes(word))?.[0] as WeekdayKind | undefined,
    // "الخميس اللي فات", "هالسبت", "يوم الاحد الجاي", "this coming Saturday", "Saturday after next".
    WEEKDAY: new RegExp(
      String.raw`${WORD_START}(?:(?:يوم|on)\s+)?(?:(${WEEKDAY_MOD})\s+)?(?:[وبف](?=ال))?(ه(?=ال))?(${WEEKDAY})${WORD_END}(?:\s+(?:(?:يوم|day)\s+)?(${WEEKDAY_MOD})${WORD_END})?`,
      'u',
    ),
    // "١٠ الشهر الجاي", "٢٠ من الشهر الهجري اللي فات", "اول الشهر الجاي", "آخر الشهر الماضي", "١٥ الشهر".
    DAY_OF_MONTH: new RegExp(String.raw`${WORD_START}${DAY}\s+(?:(?:من|في|of)\s+)?(?:the\s+)?(${MONTH_WORD})(?:\s+(${HIJRI}))?(?:\s+(${REL}))?${WORD_END}`, 'u'),
    // "the 15th of last month", "end of next month".
    DAY_OF_MONTH_EN: new RegExp(String.raw`${WORD_START}${DAY}\s+(?:day\s+)?of\s+(?:the\s+)?(${REL})\s+(?:(${HIJRI})\s+)?month${WORD_END}`, 'u'),
    // "الشهر الجاي ١٠", "next month 10 date", "next month on the 10th".
    MONTH_THEN_DAY: new RegExp(
      String.raw`${WORD_START}(?:(?:the\s+)?(${REL})\s+(?:(${HIJRI})\s+)?month|(?:ال)?شهر(?:\s+(${HIJRI}))?\s+(${REL}))(?:'s)?\s+(?:(?:on|في|يوم)\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?!\s*(?:مرات|مره|times?|days?|ايام|يوم))${WORD_END}`,
      'u',
    ),
    // "غرة رمضان الجاي", "٢٧ رمضان اللي فات", "نهاية جمادى الآخرة هذا", "end of October", "نص نوفمبر".
    NAMED_RELATIVE: new RegExp(
      String.raw`${WORD_START}${DAY}\s+(?:(?:من|في|of)\s+)?(?:شهر\s+)?(?<![\p{L}])(${monthNames})(?![\p{L}])(?:\s+(${REL})${WORD_END}|\s*(\d{4})(?!\d))?`,
      'u',
    ),
    // "أول يوم عيد الفطر الجاي", "عيد الاضحى اللي فات".
    FEAST: new RegExp(
      String.raw`${WORD_START}(?:(?:(اول|ثاني|ثالث|رابع|first|second|third|fourth)\s+(?:يوم|ايام|day\s+of)\s+(?:من\s+)?(?:ال)?)|يوم\s+)?(${FEAST})(?:\s+(${REL}))?${WORD_END}`,
      'u',
    ),
    // "3 day before", "two weeks back": the recogniser reads "ago" but not these.
    ENGLISH_AGO: new RegExp(String.raw`${WORD_START}(\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(days?|weeks?)\s+(?:before|back|ago|earlier)${WORD_END}`, 'u'),
    // "الاسبوع الجاي", "next week": a span of days, estimated by its first day (Sunday) and confirmed.
    WEEK: new RegExp(String.raw`${WORD_START}(?:(?:ال)?(?:اسبوع|جمعه)\s+(${REL})|(?:the\s+)?(${REL})\s+week)${WORD_END}`, 'u'),
    // A message that is only a day of the month: "10", "١٥", "the 10th", "يوم ١٠".
    BARE_DAY: /^(?:(?:يوم|the)\s+)?(\d{1,2})(?:st|nd|rd|th)?$/u,
    HEDGE: new RegExp(String.raw`${WORD_START}(?:${alt(words.hedges)})${WORD_END}`, 'u'),
  };
});

const ENGLISH_NUMBERS: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

const weekdayOf = (iso: IsoDay) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const chronological = (a: IsoDay, b: IsoDay): [IsoDay, IsoDay] => (a <= b ? [a, b] : [b, a]);
const confirmDay = (iso: IsoDay): ParsedDate => ({ kind: 'exact', iso, calendar: 'gregorian', confirm: true });
const confirmEither = (a: IsoDay, b: IsoDay): ParsedDate => ({ kind: 'ambiguous', candidates: chronological(a, b), confirm: true });
const shift = (reading: ParsedDate, days: number): ParsedDate =>
  reading.kind === 'exact' ? confirmDay(addDays(reading.iso, days)) : reading.kind === 'ambiguous' ? confirmEither(addDays(reading.candidates[0], days), addDays(reading.candidates[1], days)) : reading;

/**
 * A weekday, placed from today in the Saudi week (Sunday to Saturday). "The coming X" and "X of this
 * week" are one day; "next X" is one day when X falls in next week, and either X when it falls in this
 * week too; likewise "last X"; a bare "Thursday" may be the last or the coming one. Every reading is
 * confirmed with the person.
 */
export function weekdayReading(weekday: number, kind: WeekdayKind, today: IsoDay): ParsedDate {
  const w0 = weekdayOf(today);
  const next = addDays(today, (weekday - w0 + 7) % 7 || 7);
  const last = addDays(today, -((w0 - weekday + 7) % 7 || 7));
  const weekStart = addDays(today, -w0);
  const weekEnd = addDays(weekStart, 6);
  switch (kind) {
    case 'this': {
      const thisWeek = addDays(weekStart, weekday);
      return thisWeek >= today ? confirmDay(thisWeek) : confirmEither(thisWeek, next);
    }
    case 'thisPast':
      return confirmDay(last);
    case 'next':
      return next <= weekEnd ? confirmEither(next, addDays(next, 7)) : confirmDay(next);
    case 'last':
      return last >= weekStart ? confirmEither(last, addDays(last, -7)) : confirmDay(last);
    case 'afterNext':
      return shift(weekdayReading(weekday, 'next', today), 7);
    case 'beforeLast':
      return shift(weekdayReading(weekday, 'last', today), -7);
    case 'bare':
      return weekday === w0 ? confirmEither(addDays(today, -7), today) : confirmEither(last, next);
  }
}

/** The month `offset` months from today's, in a calendar. */
function monthFromToday(calendar: Calendar, offset: number, today: IsoDay): { year: number; month: number } | undefined {
  const here = calendar === 'gregorian' ? partsOf(today) : isoToHijri(today);
  if (!here) return undefined;
  const index = here.year * 12 + (here.month - 1) + offset;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

const daysIn = (calendar: Calendar, year: number, month: number) => (calendar === 'gregorian' ? gregorianDaysInMonth(year, month) : hijriDaysInMonth(year, month));

function dayOf(spec: DaySpec, calendar: Calendar, year: number, month: number): number {
  if ('day' in spec) return spec.day;
  return spec.edge === 'start' ? 1 : spec.edge === 'middle' ? 15 : daysIn(calendar, year, month);
}

/** A day of a given month: the middle of a month is an estimate, confirmed; a named day is exact. */
function dayInMonth(spec: DaySpec, calendar: Calendar, year: number, month: number): ParsedDate {
  const reading = dayFromParts(calendar, year, month, dayOf(spec, calendar, year, month));
  if (reading.kind === 'exact' && 'edge' in spec && spec.edge === 'middle') return { kind: 'approximate', iso: reading.iso, approximate: true, confirm: true };
  return reading;
}

/** The occurrence of a month's day before today (-1), this year's (0) or after today (1). */
function occurrence(spec: DaySpec, calendar: Calendar, month: number, offset: number, today: IsoDay): ParsedDate {
  const year = currentYear(calendar, today);
  if (offset === 0) return dayInMonth(spec, calendar, year, month);
  const years = offset > 0 ? [year - 1, year, year + 1, year + 2] : [year + 1, year, year - 1, year - 2];
  let last: ParsedDate = { kind: 'none' };
  for (const y of years) {
    last = dayInMonth(spec, calendar, y, month);
    if ((last.kind === 'exact' || last.kind === 'approximate') && (offset > 0 ? last.iso > today : last.iso < today)) return last;
  }
  return last;
}

/** A day of a month named without its year and with no word placing it: the nearest, or both when far. */
function yearless(spec: DaySpec, calendar: Calendar, month: number, today: IsoDay): ParsedDate {
  if ('day' in spec) return dayNearestToday(calendar, month, spec.day, today);
  const past = occurrence(spec, calendar, month, -1, today);
  const coming = occurrence(spec, calendar, month, 1, today);
  const iso = (r: ParsedDate) => (r.kind === 'exact' || r.kind === 'approximate' ? r.iso : undefined);
  const reading = nearestOrBoth(iso(past), iso(coming), today);
  if (!reading) return past;
  return reading.kind === 'exact' ? (reading.iso === iso(past) ? past : coming) : reading;
}

/**
 * Dates placed from today by the calendar: weekdays ("الخميس اللي فات", "this coming Saturday"),
 * days of relative months ("١٠ الشهر الجاي", "the 15th of last month", "٥ الشهر الهجري الجاي"),
 * named months placed from now ("غرة رمضان الجاي", "٢٧ رمضان اللي فات", "end of October"),
 * feasts ("أول يوم عيد الفطر الجاي"), "3 days before", and a bare day of the month ("10").
 */
export function parseCalendarRelativeDate(text: string, context: ParseContext): ParsedDate | undefined {
  const words = currentDateWords();
  const ordinals = ordinalDays();
  const p = patterns(words, monthNamePattern(), ordinals);
  const { today } = context;
  const spec = (digits?: string, ordinal?: string, edge?: string): DaySpec =>
    digits ? { day: Number(digits) } : ordinal ? { day: ordinals.get(ordinal)! } : { edge: words.monthEdges[edge!] };

  const bare = p.BARE_DAY.exec(text.trim());
  if (bare) return bareDay(Number(bare[1]), today);

  const feast = p.FEAST.exec(text);
  if (feast) {
    const [month, day] = words.feasts[feast[2]];
    const nth = feast[1] ? ['اول', 'first', 'ثاني', 'second', 'ثالث', 'third', 'رابع', 'fourth'].indexOf(feast[1]) >> 1 : 0;
    const feastDay: DaySpec = { day: day + nth };
    const offset = feast[3] !== undefined ? words.relativeMonth[feast[3]] : undefined;
    return offset === undefined ? yearless(feastDay, 'hijri', month, today) : occurrence(feastDay, 'hijri', month, offset, today);
  }

  const dayOfMonth = p.DAY_OF_MONTH.exec(text);
  // "١٥ الشهر" is this month's 15th; "٣ شهر" and "3 month" are durations, read elsewhere, unless a word places the month.
  if (dayOfMonth && (dayOfMonth[4] === 'الشهر' || dayOfMonth[6] !== undefined)) {
    const [, digits, ordinal, edge, , hijri, rel] = dayOfMonth;
    const offset = rel !== undefined ? words.relativeMonth[rel] : 0;
    return ofRelativeMonth(spec(digits, ordinal, edge), hijri ? 'hijri' : 'gregorian', offset, today);
  }
  const english = p.DAY_OF_MONTH_EN.exec(text);
  if (english) {
    const [, digits, ordinal, edge, rel, hijri] = english;
    return ofRelativeMonth(spec(digits, ordinal, edge), hijri ? 'hijri' : 'gregorian', words.relativeMonth[rel], today);
  }
  const monthThenDay = p.MONTH_THEN_DAY.exec(text);
  if (monthThenDay) {
    const [, relEn, hijriEn, hijriAr, relAr, digits] = monthThenDay;
    return ofRelativeMonth({ day: Number(digits) }, hijriEn || hijriAr ? 'hijri' : 'gregorian', words.relativeMonth[relEn ?? relAr], today);
  }

  const named = p.NAMED_RELATIVE.exec(text);
  if (named) {
    const [, digits, ordinal, edge, monthName, rel, year] = named;
    const month = readMonthName(monthName);
    // A day and month with no word placing it, or with its year, is the named-date reader's; edges are read here.
    if (month && (rel !== undefined || (edge !== undefined && !digits && !ordinal))) {
      const daySpec = spec(digits, ordinal, edge);
      if (year) return dayInMonth(daySpec, month.calendar, Number(year), month.month);
      if (rel !== undefined) return occurrence(daySpec, month.calendar, month.month, words.relativeMonth[rel], today);
      return yearless(daySpec, month.calendar, month.month, today);
    }
  }

  const weekday = p.WEEKDAY.exec(text);
  if (weekday) {
    const [, before, thisPrefix, name, after] = weekday;
    const kind: WeekdayKind = (after && p.modifierKind(after)) || (before && p.modifierKind(before)) || (thisPrefix ? 'this' : 'bare');
    return weekdayReading(words.weekdays[name], kind, today);
  }

  const week = p.WEEK.exec(text);
  if (week) {
    const offset = words.relativeMonth[week[1] ?? week[2]];
    if (offset !== 0) return { kind: 'approximate', iso: addDays(today, -weekdayOf(today) + 7 * offset), approximate: true, confirm: true };
  }

  const ago = p.ENGLISH_AGO.exec(text);
  if (ago) {
    const n = /^\d+$/.test(ago[1]) ? Number(ago[1]) : ENGLISH_NUMBERS[ago[1]];
    return { kind: 'exact', iso: addDays(today, -n * (ago[2].startsWith('week') ? 7 : 1)), calendar: 'gregorian' };
  }
  return undefined;
}

function ofRelativeMonth(spec: DaySpec, calendar: Calendar, offset: number, today: IsoDay): ParsedDate | undefined {
  const month = monthFromToday(calendar, offset, today);
  return month && dayInMonth(spec, calendar, month.year, month.month);
}

/** A day of the month alone ("10"): the last one and the coming one are both offered. */
function bareDay(day: number, today: IsoDay): ParsedDate | undefined {
  if (day < 1 || day > 31) return undefined;
  const candidates: IsoDay[] = [];
  for (let offset = -2; offset <= 2; offset++) {
    const month = monthFromToday('gregorian', offset, today)!;
    const reading = dayFromParts('gregorian', month.year, month.month, day);
    if (reading.kind === 'exact') candidates.push(reading.iso);
  }
  const past = candidates.filter((d) => d <= today).pop();
  const coming = candidates.find((d) => d > today);
  if (past === today) return { kind: 'exact', iso: today, calendar: 'gregorian', confirm: true };
  if (past && coming) return { kind: 'ambiguous', candidates: [past, coming], confirm: true };
  return undefined;
}

/** Whether the message hedges its date ("تقريبا", "about", "sometime"). */
export function isHedged(text: string): boolean {
  return patterns(currentDateWords(), monthNamePattern(), ordinalDays()).HEDGE.test(text);
}
