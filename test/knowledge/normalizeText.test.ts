import fc from 'fast-check';
import { detectLanguage, languageFromLocale } from '../../knowledge/language';
import { normalizeArabic, normalizeForMatching, toAsciiDigits } from '../../knowledge/text/normalizeText';
import { stemArabic } from '../../knowledge/text/arabicLightStemmer';
import { analyze } from '../../knowledge/text/analyzer';

test.each([
  ['الإقامة', 'الاقامه'],
  ['أبشر', 'ابشر'],
  ['آخر', 'اخر'],
  ['ٱلجوازات', 'الجوازات'],
  ['مستشفى', 'مستشفي'],
  ['مسؤول', 'مسوول'],
  ['رئيس', 'رييس'],
  ['تَوَاصُلٌ', 'تواصل'],
  ['تــــواصل', 'تواصل'],
  ['٠٥٠١٢٣٤٥٦٧', '0501234567'],
  ['۱۴۴۷', '1447'],
  ['\u200fمرحبا\u200e', 'مرحبا'],
  ['كيف؟ نعم، لا؛', 'كيف? نعم, لا;'],
])('normalizeArabic(%s) = %s', (input, expected) => {
  expect(normalizeArabic(input)).toBe(expected);
});

test('normalising twice changes nothing (property)', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => normalizeForMatching(normalizeForMatching(s)) === normalizeForMatching(s)));
});

test('every Arabic-Indic number reads as the same ASCII number (property)', () => {
  fc.assert(
    fc.property(fc.nat(), (n) => {
      const arabicIndic = String(n).replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
      return toAsciiDigits(arabicIndic) === String(n);
    }),
  );
});

test.each([
  ['الاقامه', 'اقام'],
  ['اقامتي', 'اقام'],
  ['والمشكلات', 'مشكل'],
  ['عقوبات', 'عقوب'],
  ['الطلبات', 'طلب'],
  ['طلبي', 'طلب'],
])('light stemming: %s → %s', (word, stem) => {
  expect(stemArabic(normalizeArabic(word))).toBe(stem);
});

test.each([
  ['غرامة تأخير الإقامة', 'غرامه تاخير الاقامه', ['غرام', 'تاخير', 'اقام']],
  ['Iqama FINES?', 'iqama fine', ['iqama', 'fine']],
])('spelling variants "%s" and "%s" analyse to the same terms, written here by hand', (spelled, variant, terms) => {
  expect(analyze(spelled)).toEqual(terms);
  expect(analyze(variant)).toEqual(terms);
});

test.each([
  ['كم غرامة الاقامة', 'ar'],
  ['what is the iqama fine', 'en'],
  ['غرامة iqama', 'ar'],
  ['١٢٣', undefined],
  ['🙂', undefined],
  // An email, a link or a request number says nothing about the language its writer speaks.
  ['ahmad.alqahtani@example.com', undefined],
  ['بريدي ahmad.alqahtani@example.com', 'ar'],
  ['https://www.absher.sa/portal/landing.html', undefined],
  ['رقم طلبي TW-2026-000042', 'ar'],
  ['TW-2026-000042', undefined],
  ['my email is ahmad@example.com', 'en'],
])('detectLanguage(%s) = %s', (text, language) => {
  expect(detectLanguage(text)).toBe(language);
});

test('locales map to our languages', () => {
  expect(languageFromLocale('ar-SA')).toBe('ar');
  expect(languageFromLocale('en_US')).toBe('en');
  expect(languageFromLocale('fr-FR')).toBeUndefined();
});
