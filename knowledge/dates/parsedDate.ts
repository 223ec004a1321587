import { z } from 'zod';
import { DayParts, IsoDay } from './calendarDay';

export const Calendar = z.enum(['gregorian', 'hijri']);
export type Calendar = z.infer<typeof Calendar>;

/** Why a date cannot be a day at all: the bot says which part is wrong and asks again. */
export const ImpossibleReason = z.discriminatedUnion('code', [
  z.object({ code: z.literal('noSuchMonth'), month: z.number().int() }),
  /** The month has fewer days: 31 February, or 30 Safar in a year where Umm al-Qura gives Safar 29. */
  z.object({ code: z.literal('noSuchDay'), calendar: Calendar, day: z.number().int(), month: z.number().int(), year: z.number().int(), daysInMonth: z.number().int() }),
  /** A year the bot cannot place: outside 1300–1500 AH or 1900–2100 CE, or outside the Umm al-Qura table (1343–1500 AH). */
  z.object({ code: z.literal('yearOutOfRange'), calendar: Calendar, year: z.number().int() }),
]);
export type ImpossibleReason = z.infer<typeof ImpossibleReason>;

/**
 * `confirm` marks a reading the bot restates as a question before it computes anything: a weekday
 * ("this coming Saturday" → "Saturday 5 December?"), a middle of a month, a date the person hedged
 * ("about a month ago"). An ambiguous reading with `confirm` that the message's tense narrows to
 * one day keeps it.
 *
 * What a message says about a date. A day the person named is `exact`; one the bot had to
 * estimate ("قبل شهرين", "two months ago") is `approximate` and is said to be so; two readings
 * of 03/04/2026 are `ambiguous` and confirmed, never guessed.
 */
export const ParsedDate = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact'), iso: IsoDay, calendar: Calendar, hijri: DayParts.optional(), confirm: z.literal(true).optional() }),
  z.object({ kind: z.literal('approximate'), iso: IsoDay, approximate: z.literal(true), confirm: z.literal(true).optional() }),
  z.object({ kind: z.literal('ambiguous'), candidates: z.tuple([IsoDay, IsoDay]), confirm: z.literal(true).optional() }),
  z.object({ kind: z.literal('impossible'), reason: ImpossibleReason }),
  /** "I don't know", "ما ادري", "مدري", "لا أعرف". */
  z.object({ kind: z.literal('unknown') }),
  z.object({ kind: z.literal('none') }),
]);
export type ParsedDate = z.infer<typeof ParsedDate>;
export type ExactDate = Extract<ParsedDate, { kind: 'exact' }>;
/** A date the bot can answer on: a day, named or estimated. */
export type UnderstoodDate = Extract<ParsedDate, { kind: 'exact' | 'approximate' }>;

export interface ParseContext {
  /** The person's "today", as a day in Saudi Arabia. */
  today: IsoDay;
}
