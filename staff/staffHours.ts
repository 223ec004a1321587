import { Language } from '../knowledge/language';
import { message, MessageKey } from '../knowledge/messages';
import { addCalendarDays, isWorkingDay, localDate, saudiCalendar, WorkingCalendar } from '../knowledge/rules/workingDays';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTE_MS = 60_000;

/** When staff answer: round the clock, or some weekdays between two times of day (Riyadh time), public holidays off. */
export type StaffHours = { always: true } | { always: false; weekdays: number[]; fromMinute: number; toMinute: number };

/** Reads STAFF_HOURS: "always", or "sun-thu 08:00-16:00" (days as ranges or lists: "sun,tue-thu"). */
export function parseStaffHours(setting: string): StaffHours {
  const text = setting.trim().toLowerCase();
  if (text === 'always') return { always: true };
  const [days, times] = text.split(/\s+/);
  const weekdays = new Set<number>();
  for (const part of days.split(',')) {
    const [first, last = first] = part.split('-').map((d) => DAYS.indexOf(d));
    if (first < 0 || last < 0) throw new Error(`STAFF_HOURS: unknown day in "${part}"`);
    for (let day = first; ; day = (day + 1) % 7) {
      weekdays.add(day);
      if (day === last) break;
    }
  }
  const [fromMinute, toMinute] = times.split('-').map((t) => {
    const [h, m] = t.split(':').map(Number);
    return h * 60 + m;
  });
  if (!(fromMinute < toMinute) || toMinute > 24 * 60) throw new Error(`STAFF_HOURS: "${times}" is not a span within a day`);
  return { always: false, weekdays: [...weekdays].sort(), fromMinute, toMinute };
}

/** Whether staff answer at an instant, and when they are next back if not. */
export interface StaffAvailability {
  open: boolean;
  /** The next opening, when closed. */
  backAt?: Date;
}

export class StaffSchedule {
  constructor(
    readonly hours: StaffHours,
    private readonly calendar: WorkingCalendar = saudiCalendar(),
  ) {}

  private worksOn(date: string): boolean {
    if (this.hours.always) return true;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    // The configured days, less the public holidays (working weekdays of the calendar that it marks off).
    return this.hours.weekdays.includes(weekday) && (isWorkingDay(date, this.calendar) || !this.calendar.workingWeekdays.has(weekday));
  }

  availability(now: Date): StaffAvailability {
    if (this.hours.always) return { open: true };
    const offsetMs = this.calendar.utcOffsetHours * 60 * MINUTE_MS;
    const today = localDate(now, this.calendar);
    const minute = Math.floor((now.getTime() + offsetMs - Date.parse(`${today}T00:00:00Z`)) / MINUTE_MS);
    if (this.worksOn(today) && minute >= this.hours.fromMinute && minute < this.hours.toMinute) return { open: true };
    for (let days = 0; days <= 60; days++) {
      const date = addCalendarDays(today, days);
      if (!this.worksOn(date) || (days === 0 && minute >= this.hours.fromMinute)) continue;
      return { open: false, backAt: new Date(Date.parse(`${date}T00:00:00Z`) + this.hours.fromMinute * MINUTE_MS - offsetMs) };
    }
    return { open: false };
  }

  /** When the current opening began (today's start of hours); undefined when closed, or open round the clock. */
  openedAt(now: Date): Date | undefined {
    if (this.hours.always || !this.availability(now).open) return undefined;
    const offsetMs = this.calendar.utcOffsetHours * 60 * MINUTE_MS;
    return new Date(Date.parse(`${localDate(now, this.calendar)}T00:00:00Z`) + this.hours.fromMinute * MINUTE_MS - offsetMs);
  }

  /** "Sunday to Thursday, 08:00 to 16:00 (Riyadh time)", in the person's language. */
  describe(language: Language): string {
    if (this.hours.always) return message(language, 'handoff.hours.always');
    const day = (d: number) => message(language, `handoff.day.${d}` as MessageKey);
    const { weekdays } = this.hours;
    // Consecutive from its first day (sun-thu, or fri-sun wrapping the week) reads as a range.
    const start = weekdays.find((d) => !weekdays.includes((d + 6) % 7)) ?? weekdays[0];
    const ordered = weekdays.map((_, i) => (start + i) % 7);
    const consecutive = ordered.every((d) => weekdays.includes(d));
    const days =
      consecutive && weekdays.length > 2 ? message(language, 'handoff.days.range', { first: day(ordered[0]), last: day(ordered.at(-1)!) }) : weekdays.map(day).join(language === 'ar' ? '، ' : ', ');
    return message(language, 'handoff.hours', { days, from: clock(this.hours.fromMinute), to: clock(this.hours.toMinute) });
  }

  /** "tomorrow at 08:00 (Riyadh time)" for the next opening. */
  describeBack(backAt: Date, now: Date, language: Language): string {
    const local = localDate(backAt, this.calendar);
    const offsetMs = this.calendar.utcOffsetHours * 60 * MINUTE_MS;
    const time = clock(Math.round((backAt.getTime() + offsetMs - Date.parse(`${local}T00:00:00Z`)) / MINUTE_MS));
    const today = localDate(now, this.calendar);
    if (local === today) return message(language, 'handoff.backToday', { time });
    if (local === addCalendarDays(today, 1)) return message(language, 'handoff.backTomorrow', { time });
    const weekday = new Date(`${local}T00:00:00Z`).getUTCDay();
    return message(language, 'handoff.backAt', { day: message(language, `handoff.day.${weekday}` as MessageKey), time });
  }
}

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
