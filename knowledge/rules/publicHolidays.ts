import { Holiday, HolidayRules } from '../contentSchemas';
import { HIJRI_YEARS, hijriToIso } from '../dates/hijriCalendar';

/** The Gregorian years the Umm al-Qura table covers whole, for which every holiday can be derived. */
const GREGORIAN_YEARS = { min: 1925, max: 2076 } as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** Every holiday the rules give, named as the announced file names them ("Eid al-Fitr 1448", "National Day 2027"). */
export function derivedHolidays(rules: HolidayRules): Holiday[] {
  const holidays: Holiday[] = [];
  for (let year = GREGORIAN_YEARS.min; year <= GREGORIAN_YEARS.max; year++) {
    for (const { name, month, day } of rules.fixed) holidays.push({ name: `${name} ${year}`, from: `${year}-${pad(month)}-${pad(day)}`, to: `${year}-${pad(month)}-${pad(day)}` });
  }
  for (let year = HIJRI_YEARS.min; year <= HIJRI_YEARS.max; year++) {
    for (const { name, month, fromDay, toDay } of rules.hijri) {
      holidays.push({ name: `${name} ${year}`, from: hijriToIso({ year, month, day: fromDay }), to: hijriToIso({ year, month, day: toDay }) });
    }
  }
  return holidays;
}

/**
 * The public holidays to count working days by: those announced (an operator's file, which wins for
 * the holiday and year it names) and, for every other year, those the rules give. The Eids follow the
 * sighting of the moon, so the announced dates may differ from the calendar's by a day.
 */
export function publicHolidays(rules: HolidayRules, announced: Holiday[]): Holiday[] {
  const named = new Set(announced.map((h) => h.name));
  return [...announced, ...derivedHolidays(rules).filter((h) => !named.has(h.name))];
}
