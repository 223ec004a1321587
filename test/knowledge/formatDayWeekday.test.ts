import { formatDay } from '../../knowledge/dates/formatDate';
import { IsoDay } from '../../knowledge/dates/calendarDay';

/** Every day of a span that crosses months, a year's end and a leap day, in both languages. */
const days: IsoDay[] = Array.from({ length: 800 }, (_, i) => new Date(Date.UTC(2026, 10, 1) + i * 86_400_000).toISOString().slice(0, 10) as IsoDay);

describe('formatDay names the weekday as Intl does', () => {
  test.each(['ar', 'en'] as const)('%s', (language) => {
    const intl = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
    for (const iso of days) {
      expect(formatDay(iso, language).startsWith(`${intl.format(new Date(`${iso}T00:00:00Z`))} `)).toBe(true);
    }
  });

  test('a day as the report writes it', () => {
    expect(formatDay('2026-12-13' as IsoDay, 'en', { hijri: true })).toBe('Sunday 13 December 2026 (4 Rajab 1448 AH)');
    expect(formatDay('2026-12-13' as IsoDay, 'ar', { hijri: true })).toBe('الأحد ١٣ ديسمبر ٢٠٢٦م، الموافق ٤ رجب ١٤٤٨هـ');
  });
});
