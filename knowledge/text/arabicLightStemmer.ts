/**
 * A light stemmer for Arabic in the manner of Larkey, Ballesteros & Connell's "light10"
 * ("Light Stemming for Arabic Information Retrieval", 2007): strip a few frequent prefixes and
 * suffixes rather than reducing words to roots, which they found retrieves better than root stemmers.
 *
 * It expects text already folded by normalizeArabic (so ة is ه, أ is ا). We tried @nlpjs/lang-ar's
 * Snowball stemmer first: it keys on ة, so "الاقامه" and "الإقامة" stemmed apart, and it left
 * "عقوبا" and "والمشكلا"; light10 on folded text treats them alike.
 */

const PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];
// Possessive endings: "اقامتي" (my iqama) = "اقامة" + "ي", where ة turns into ت before the suffix.
const POSSESSIVE_SUFFIXES = ['كم', 'هم', 'نا', 'ك', 'ي', 'ه'];

export function stemArabic(word: string): string {
  let stem = word;
  if (stem.length > 3 && stem.startsWith('و')) stem = stem.slice(1);
  for (const prefix of PREFIXES) {
    if (stem.startsWith(prefix) && stem.length - prefix.length >= 2) {
      stem = stem.slice(prefix.length);
      break;
    }
  }
  const possessive = POSSESSIVE_SUFFIXES.find((s) => stem.endsWith('ت' + s) && stem.length - s.length - 1 >= 3);
  if (possessive) return stem.slice(0, -(possessive.length + 1));
  for (const suffix of SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= 2) stem = stem.slice(0, -suffix.length);
  }
  return stem;
}
