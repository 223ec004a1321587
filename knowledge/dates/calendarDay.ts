import { z } from 'zod';

/** A calendar day written the ISO way, `2026-03-15`: the form every date takes inside the bot. */
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export type IsoDay = z.infer<typeof IsoDay>;

export const DayParts = z.object({ year: z.number().int(), month: z.number().int(), day: z.number().int() });
export type DayParts = z.infer<typeof DayParts>;

// Saudi Arabia keeps UTC+3 all year (no daylight saving), so "today" for the person is this shift away from UTC.
const SAUDI_OFFSET_MS = 3 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function isoOf({ year, month, day }: DayParts): IsoDay {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function partsOf(iso: IsoDay): DayParts {
  const [year, month, day] = iso.split('-').map(Number);
  return { year, month, day };
}

/**
 * The last Saudi day asked for and the instants it spans: a turn asks several times, and the next
 * turns mostly fall on the same day, so the day is written out once rather than on every call. An
 * instant outside the span (the next day, an earlier one, another clock) is worked out afresh.
 */
let lastDay = { from: 0, to: 0, day: '' };

/** The day it is in Saudi Arabia at the instant `now`. */
export function saudiToday(now: Date): IsoDay {
  const ms = now.getTime();
  if (ms >= lastDay.from && ms < lastDay.to) return lastDay.day;
  const shifted = ms + SAUDI_OFFSET_MS;
  const day = new Date(shifted).toISOString().slice(0, 10);
  // NaN (an invalid date) is never within a span, and toISOString throws on it as before.
  const from = Math.floor(shifted / DAY_MS) * DAY_MS - SAUDI_OFFSET_MS;
  lastDay = { from, to: from + DAY_MS, day };
  return day;
}

export function gregorianDaysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const utc = (iso: IsoDay) => {
  const { year, month, day } = partsOf(iso);
  return Date.UTC(year, month - 1, day);
};

export function addDays(iso: IsoDay, days: number): IsoDay {
  return new Date(utc(iso) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The same day of the month `months` later (or earlier), moved back to the month's end where it has no such day. */
export function addMonths(iso: IsoDay, months: number): IsoDay {
  const { year, month, day } = partsOf(iso);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth() + 1;
  return isoOf({ year: y, month: m, day: Math.min(day, gregorianDaysInMonth(y, m)) });
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: IsoDay, to: IsoDay): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}
