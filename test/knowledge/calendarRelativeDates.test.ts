import { parseDate } from '../../knowledge/dates/parseDate';
import { ParsedDate } from '../../knowledge/dates/parsedDate';
import { parseExpiryDate } from '../../knowledge/fines/expiryDate';

/**
 * Dates placed from today by the calendar. Every expected day here is computed independently of the
 * reader: Gregorian days by hand from the calendar below, Hijri days by searching for the Gregorian
 * day that ICU's islamic-umalqura calendar (Intl.DateTimeFormat) calls that Hijri day.
 *
 * Reference: Wednesday 25 November 2026, noon in Riyadh (15 Jumada al-Akhirah 1448).
 *
 *        November 2026                 December 2026
 *   Su Mo Tu We Th Fr Sa          Su Mo Tu We Th Fr Sa
 *   15 16 17 18 19 20 21                 1  2  3  4  5
 *   22 23 24 25 26 27 28           6  7  8  9 10 11 12
 *   29 30
 * The Saudi week runs Sunday to Saturday: "this week" is 22–28 November.
 */
const REFERENCE = new Date('2026-11-25T09:00:00Z');

const umalqura = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' });
/** The Gregorian day ICU's Umm al-Qura calendar names year/month/day AH, found by searching 2025–2028. */
function hijri(year: number, month: number, day: number): string {
  const wanted = `${month}/${day}/${year} AH`;
  for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
    if (umalqura.format(new Date(t)) === wanted) return new Date(t).toISOString().slice(0, 10);
  }
  throw new Error(`no day ${wanted}`);
}
/** The day before another, for "the last day of a Hijri month" (the day before the next month's first). */
const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const exact = (iso: string, confirm?: true) => ({ kind: 'exact', iso, ...(confirm ? { confirm } : {}) });
const either = (a: string, b: string) => ({ kind: 'ambiguous', candidates: [a, b] });
const around = (iso: string) => ({ kind: 'approximate', iso, confirm: true });

const read = (text: string) => parseDate(text, { reference: REFERENCE });

describe('weekdays, placed in the Saudi week and always confirmed', () => {
  test.each<[string, object]>([
    ['الخميس اللي فات', exact('2026-11-19', true)], // last week's Thursday: this week's is tomorrow
    ['السبت اللي راح', exact('2026-11-21', true)],
    ['الاثنين الماضي', either('2026-11-16', '2026-11-23')], // this week's Monday has passed too: which one?
    ['last Tuesday', either('2026-11-17', '2026-11-24')],
    ['this past Sunday', exact('2026-11-22', true)],
    ['الأحد الجاي', exact('2026-11-29', true)], // Sunday begins next week: only one "coming Sunday"
    ['يوم الحد الجاي', exact('2026-11-29', true)], // Egyptian "الحد"
    ['this coming Saturday', exact('2026-11-28', true)], // never 5 December
    ['هالسبت', exact('2026-11-28', true)],
    ['السبت هذا', exact('2026-11-28', true)],
    ['next Friday', either('2026-11-27', '2026-12-04')], // this week's or next week's
    ['الجمعة الجاية', either('2026-11-27', '2026-12-04')],
    ['الأحد اللي بعد الجاي', exact('2026-12-06', true)],
    ['يوم الخميس', either('2026-11-19', '2026-11-26')],
    ['Thursday', either('2026-11-19', '2026-11-26')],
  ])('"%s"', (text, expected) => {
    const reading = read(text);
    expect(ParsedDate.parse(reading)).toEqual(reading);
    expect(reading).toMatchObject({ confirm: true, ...expected });
  });

  test('the tense of the message picks the last or the coming one, still to be confirmed', () => {
    expect(parseExpiryDate('انتهت اقامتي يوم الخميس', { reference: REFERENCE })).toMatchObject(exact('2026-11-19', true));
    expect(parseExpiryDate('اقامتي تنتهي يوم الخميس', { reference: REFERENCE })).toMatchObject(exact('2026-11-26', true));
    expect(parseExpiryDate('my iqama expired on Thursday', { reference: REFERENCE })).toMatchObject(exact('2026-11-19', true));
  });
});

describe('days of months placed from now', () => {
  test.each<[string, object]>([
    ['١٠ الشهر الجاي', exact('2026-12-10')],
    ['خلصت ٥ الشهر اللي فات', exact('2026-10-05')],
    ['٢٠ الشهر هذا', exact('2026-11-20')],
    ['١٥ الشهر', exact('2026-11-15')],
    ['the 15th of last month', exact('2026-10-15')],
    ['the 3rd of next month', exact('2026-12-03')],
    ['next month 7 date', exact('2026-12-07')],
    ['الشهر الجاي ٧', exact('2026-12-07')],
    ['اول الشهر الجاي', exact('2026-12-01')],
    ['آخر الشهر الماضي', exact('2026-10-31')],
    ['end of this month', exact('2026-11-30')],
    ['end of last month', exact('2026-10-31')],
    ['نص الشهر الجاي', around('2026-12-15')],
    ['٥ الشهر الهجري الجاي', exact(hijri(1448, 7, 5))],
    ['٢٠ من الشهر الهجري اللي فات', exact(hijri(1448, 5, 20))],
  ])('"%s"', (text, expected) => {
    expect(read(text)).toMatchObject(expected);
  });
});

describe('Hijri months and feasts placed from now', () => {
  test.each<[string, () => object]>([
    ['غرة رمضان الجاي', () => exact(hijri(1448, 9, 1))],
    ['اول رمضان القادم', () => exact(hijri(1448, 9, 1))],
    ['٢٧ رمضان اللي فات', () => exact(hijri(1447, 9, 27))],
    ['نهاية جمادى الآخرة هذا', () => exact(dayBefore(hijri(1448, 7, 1)))],
    ['أول يوم عيد الفطر الجاي', () => exact(hijri(1448, 10, 1))],
    ['عيد الأضحى اللي فات', () => exact(hijri(1447, 12, 10))],
    // No year and no word placing it: far both ways, so both are offered.
    ['١٥ رمضان', () => either(hijri(1447, 9, 15), hijri(1448, 9, 15))],
  ])('"%s"', (text, expected) => {
    expect(read(text)).toMatchObject(expected());
  });
});

describe('days without a month or a year, and other relative forms', () => {
  test.each<[string, object]>([
    ['10', either('2026-11-10', '2026-12-10')],
    ['٣٠', either('2026-10-30', '2026-11-30')],
    ['٢٠ نوفمبر', exact('2026-11-20')], // five days ago: the nearest, no question
    ['١٥ مارس', either('2026-03-15', '2027-03-15')], // months either way: asked
    ['خلصت ٢٢/١١', exact('2026-11-22')],
    ['iqama finish 3 day before', exact('2026-11-22')],
    ['تنتهي الاسبوع الجاي', around('2026-11-29')],
    ['من حوالي شهر', { kind: 'approximate', iso: '2026-10-25', confirm: true }],
  ])('"%s"', (text, expected) => {
    expect(read(text)).toMatchObject(expected);
  });

  test('"now" is the moment of asking, never the expiry day', () => {
    expect(parseExpiryDate('I was late once before and now my iqama expired again', { reference: REFERENCE })).toEqual({ kind: 'none' });
    expect(parseExpiryDate('والحين انتهت اقامتي مرة ثانية', { reference: REFERENCE })).toEqual({ kind: 'none' });
    expect(parseExpiryDate('انتهت اليوم', { reference: REFERENCE })).toMatchObject(exact('2026-11-25'));
  });

  test('a full date wins over a duration elsewhere in an English message', () => {
    expect(read("I've lived here for 4 years and my iqama expired on Nov 9 2026")).toMatchObject(exact('2026-11-09'));
  });
});
