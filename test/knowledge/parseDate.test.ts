import fc from 'fast-check';
import { addDays, daysBetween, isoOf, saudiToday } from '../../knowledge/dates/calendarDay';
import { formatGregorian, formatHijri } from '../../knowledge/dates/formatDate';
import { hijriDaysInMonth, hijriToIso, isoToHijri } from '../../knowledge/dates/hijriCalendar';
import { MAX_DATE_TEXT, parseDate } from '../../knowledge/dates/parseDate';
import { ParsedDate } from '../../knowledge/dates/parsedDate';
import { readDateExpressions } from './dateExpressions';

const { reference, rows } = readDateExpressions();
const parse = (text: string) => parseDate(text, { reference });

describe('the table of date expressions', () => {
  test('covers every kind of expression, at least 90 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(90);
    const groups = new Set(rows.map((r) => r.group));
    for (const group of ['numeric', 'hijri-numeric', 'arabic-named', 'hijri-named', 'arabic-relative', 'english', 'unknown', 'none']) expect(groups).toContain(group);
  });

  test.each(rows.map((r) => [r.group, r.text, r.expected] as const))('%s: "%s"', (_group, text, expected) => {
    const reading = parse(text);
    expect(ParsedDate.parse(reading)).toEqual(reading);
    expect(reading).toMatchObject(expected);
  });
});

describe('reading dates', () => {
  test('the reference instant is a day in Saudi Arabia (UTC+3): 22:00 UTC is already tomorrow', () => {
    expect(saudiToday(new Date('2026-11-25T20:59:00Z'))).toBe('2026-11-25');
    expect(saudiToday(new Date('2026-11-25T21:00:00Z'))).toBe('2026-11-26');
    expect(parseDate('اليوم', { reference: new Date('2026-11-25T21:30:00Z') })).toMatchObject({ iso: '2026-11-26' });
  });

  test('Arabic-Indic, Persian and ASCII digits read the same date', () => {
    const arabicIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    const persian = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2060-12-31'), noInvalidDate: true }), fc.constantFrom('/', '-', '.'), (date, separator) => {
        const iso = date.toISOString().slice(0, 10);
        const [y, m, d] = iso.split('-');
        const written = [y, m, d].join(separator);
        const ascii = parse(written);
        expect(ascii).toMatchObject({ kind: 'exact', iso });
        expect(parse(arabicIndic(written))).toEqual(ascii);
        expect(parse(persian(written))).toEqual(ascii);
      }),
    );
  });

  test('a day-first date whose day is over 12 is never ambiguous, and is the day named', () => {
    fc.assert(
      fc.property(fc.integer({ min: 13, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2060 }), (day, month, year) => {
        expect(parse(`${day}/${month}/${year}`)).toEqual({ kind: 'exact', iso: isoOf({ year, month, day }), calendar: 'gregorian' });
      }),
    );
  });

  test('Hijri ↔ Gregorian round trip over the whole Umm al-Qura table, through written Hijri dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1343, max: 1500 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 30 }), (year, month, day) => {
        const reading = parse(`${day}/${month}/${year}`);
        if (day > hijriDaysInMonth(year, month)) {
          expect(reading).toMatchObject({ kind: 'impossible', reason: { code: 'noSuchDay', calendar: 'hijri' } });
          return;
        }
        expect(reading).toMatchObject({ kind: 'exact', calendar: 'hijri', hijri: { year, month, day } });
        const { iso } = reading as { iso: string };
        expect(isoToHijri(iso)).toEqual({ year, month, day });
        expect(hijriToIso({ year, month, day })).toBe(iso);
      }),
    );
  });

  test('consecutive Hijri days are consecutive Gregorian days (no gaps at month ends)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1344, max: 1499 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const last = hijriDaysInMonth(year, month);
        const next = month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
        expect(daysBetween(hijriToIso({ year, month, day: last }), hijriToIso(next))).toBe(1);
      }),
    );
  });

  test('"in N days" and "قبل N أيام" count from today', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (n) => {
        const today = saudiToday(reference);
        expect(parse(`بعد ${n} أيام`)).toMatchObject({ kind: 'exact', iso: addDays(today, n) });
        expect(parse(`قبل ${n} أيام`)).toMatchObject({ kind: 'exact', iso: addDays(today, -n) });
        expect(parse(`${n} days ago`)).toMatchObject({ kind: 'exact', iso: addDays(today, -n) });
      }),
    );
  });

  test.each(['قبل 0 يوم', 'قبل ٠ ايام', 'بعد 0 اسبوع', 'قبل 0 شهر'])('a count of zero ("%s") is today, not a crash', (text) => {
    expect(parse(text)).toMatchObject({ iso: saudiToday(reference) });
  });

  test.each([
    ['جمادى 1 15 1447', 1447, 5, 15],
    ['جمادى 2 15 1447', 1447, 6, 15],
    ['ربيع 2 10 1447', 1447, 4, 10],
    ['jumada 1 15 1447', 1447, 5, 15],
    ['15 جمادى 1 1447', 1447, 5, 15],
    ['15 ربيع 1 1447', 1447, 3, 15],
  ])('a month name ending in a digit does not eat the day: "%s"', (text, year, month, day) => {
    expect(parse(text)).toMatchObject({ kind: 'exact', hijri: { year, month, day } });
  });

  test.each(['جمادى 15 1447', 'ربيع 25 1447', 'jumada 15 1447'])('"%s" is not read as the 5th with the day\'s first digit taken for the month', (text) => {
    expect(parse(text)).not.toMatchObject({ hijri: { day: 5 } });
  });

  test.each([
    ['قبل 999 سنه', 1027],
    ['بعد 200 سنه', 2226],
    ['1000 years ago', 1026],
    ['in 200 years', 2226],
  ])('a relative date outside the years the bot reads ("%s") is impossible, with the year', (text, year) => {
    expect(parse(text)).toEqual({ kind: 'impossible', reason: { code: 'yearOutOfRange', calendar: 'gregorian', year } });
  });

  test('a very long message is read only at its start, so it cannot stall the bot', () => {
    expect(parse(`15 March 2026 ${'and then the month after the day before '.repeat(500)}`)).toMatchObject({ kind: 'exact', iso: '2026-03-15' });
    expect(parse(`${'x '.repeat(MAX_DATE_TEXT)} 15 March 2026`)).toEqual({ kind: 'none' });
  });

  test('"I don\'t know" gives way to a date written beside it', () => {
    expect(parse('ما ادري بالضبط، تقريباً ١٥ مارس ٢٠٢٦')).toMatchObject({ kind: 'exact', iso: '2026-03-15' });
  });
});

describe('writing dates in both calendars', () => {
  test.each([
    ['2026-03-15', 'ar', '١٥ مارس ٢٠٢٦', '٢٦ رمضان ١٤٤٧هـ'],
    ['2026-03-15', 'en', '15 March 2026', '26 Ramadan 1447 AH'],
    ['2025-11-11', 'ar', '١١ نوفمبر ٢٠٢٥', '٢٠ جمادى الأولى ١٤٤٧هـ'],
    ['2025-11-11', 'en', '11 November 2025', '20 Jumada al-Ula 1447 AH'],
  ] as const)('%s in %s', (iso, language, gregorian, hijri) => {
    expect(formatGregorian(iso, language)).toBe(gregorian);
    expect(formatHijri(iso, language)).toBe(hijri);
  });

  test('the Hijri we write agrees with ICU islamic-umalqura wherever ICU agrees with the Umm al-Qura table', () => {
    // ICU's table differs from the converter's on some days (60 in 2020–2030); on the days it agrees, our month names must be ICU's.
    const icuParts = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', { timeZone: 'UTC', day: 'numeric', month: 'numeric', year: 'numeric' });
    const icuArabic = new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura-nu-arab', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
    // Every 5th day of 1990–2060 (about 5,200 days), so the comparison is the same on every run.
    let compared = 0;
    for (let iso = '1990-01-01'; iso <= '2060-12-31'; iso = addDays(iso, 5)) {
      const instant = new Date(`${iso}T00:00:00Z`);
      const parts = Object.fromEntries(icuParts.formatToParts(instant).map((p) => [p.type, p.value]));
      const ours = isoToHijri(iso)!;
      if (Number(parts.year) !== ours.year || Number(parts.month) !== ours.month || Number(parts.day) !== ours.day) continue;
      compared++;
      expect(formatHijri(iso, 'ar')).toBe(icuArabic.format(instant).replace(/\s*هـ$/, 'هـ'));
    }
    expect(compared).toBeGreaterThan(2500);
  });

  test('outside the Umm al-Qura table there is no Hijri date rather than a wrong one', () => {
    expect(formatHijri('1900-01-01', 'ar')).toBeUndefined();
  });
});
