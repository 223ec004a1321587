/**
 * A calendar day as the bot writes it in English ("Sunday 13 December 2026"), computed here with
 * Intl, independently of knowledge/dates/formatDate.ts, so a test does not check the code against itself.
 */
export function englishDay(iso: string): string {
  const format = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return format.format(new Date(`${iso}T00:00:00Z`)).replace(',', '');
}

/** The Umm al-Qura year of a day, from Intl's own calendar: the Hijri date beside it must be of that year. */
export function hijriYear(iso: string): string {
  const format = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', { year: 'numeric', timeZone: 'UTC' });
  return format.format(new Date(`${iso}T00:00:00Z`)).replace(/\D/g, '');
}

/** The day an instant falls on in Riyadh (UTC+3, no daylight saving). */
export function riyadhDay(instant: string): string {
  return new Date(Date.parse(instant) + 3 * 3_600_000).toISOString().slice(0, 10);
}
