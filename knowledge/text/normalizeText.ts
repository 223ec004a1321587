/**
 * Text normalisation shared by retrieval, validation and date parsing.
 * Follows the steps of Lucene's ArabicNormalizer (letter variants, diacritics, tatweel) and adds what
 * chat input needs: Arabic-Indic / Eastern Arabic digits, Arabic punctuation and invisible direction marks.
 */

import { LRUCache } from 'lru-cache';
import { singleSpaced } from './singleSpaced';

// U+200B–U+200F (zero-width, LRM/RLM), U+202A–U+202E (embeddings/overrides), U+2066–U+2069 (isolates), BOM.
const INVISIBLE_MARKS = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// Harakat, tanween, shadda, sukun, superscript alef, Quranic marks, and tatweel (kashida).
const DIACRITICS_AND_TATWEEL = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

// ٠-٩ (Arabic-Indic) and ۰-۹ (Eastern Arabic / Persian).
const NON_ASCII_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** The ASCII digit for one of NON_ASCII_DIGITS. */
function asciiDigit(digit: string): string {
  const code = digit.charCodeAt(0);
  return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
}

/** Maps ٠-٩ (Arabic-Indic) and ۰-۹ (Eastern Arabic / Persian) to ASCII digits. */
export function toAsciiDigits(text: string): string {
  return text.replace(NON_ASCII_DIGITS, asciiDigit);
}

/** Removes direction marks and zero-width characters that copy-paste and RTL keyboards leave behind. */
export function stripInvisibleMarks(text: string): string {
  return text.replace(INVISIBLE_MARKS, '');
}

/** What each character normalizeArabic changes becomes; every other character stays as it is. */
const ARABIC_FOLDS: Record<string, string> = {
  أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ى: 'ي', ؤ: 'و', ئ: 'ي', ة: 'ه', '؟': '?', '،': ',', '؛': ';',
};
const FOLDED = new RegExp(`${DIACRITICS_AND_TATWEEL.source}|${INVISIBLE_MARKS.source}|${NON_ASCII_DIGITS.source}|[${Object.keys(ARABIC_FOLDS).join('')}]`, 'g');

const IS_NON_ASCII_DIGIT = new RegExp(NON_ASCII_DIGITS.source);

/** One character FOLDED matched: a letter variant's plain letter, a digit's ASCII digit, or nothing (marks, diacritics). */
function fold(char: string): string {
  if (char in ARABIC_FOLDS) return ARABIC_FOLDS[char];
  return IS_NON_ASCII_DIGIT.test(char) ? asciiDigit(char) : '';
}

/**
 * Folds the Arabic letter variants people use interchangeably when typing, so that
 * "الإقامة", "الاقامه" and "الأقامة" compare equal. Not for display: only for matching.
 * Digits, invisible marks, diacritics and letter variants in one pass: no change makes a character
 * another one changes, so one pass gives what the steps one after another would.
 */
export function normalizeArabic(text: string): string {
  return text.replace(FOLDED, fold);
}

/** Texts whose folded form is kept: the labels, wordings and synonyms a message is compared with, and the last messages. */
const MAX_KEPT_FOLDS = 1_000;
/** Longer texts (a long message, a description) are folded afresh: kept, a thousand of them would weigh megabytes. */
const MAX_KEPT_LENGTH = 300;
const keptFolds = new LRUCache<string, string>({ max: MAX_KEPT_FOLDS });

/**
 * Normalises any user text for matching: Arabic folding, lower case, single spaces. A message is
 * matched against commands, intents, menu labels and a prompt's choices in turn, each folded too, so
 * the folds of recent texts are kept (the labels come again on every turn).
 */
export function normalizeForMatching(text: string): string {
  let folded = keptFolds.get(text);
  if (folded === undefined) {
    folded = singleSpaced(normalizeArabic(text.normalize('NFKC')).toLowerCase());
    if (text.length <= MAX_KEPT_LENGTH) keptFolds.set(text, folded);
  }
  return folded;
}

const isArabicLetter = (code: number) => (code >= 0x0621 && code <= 0x064a) || (code >= 0x066e && code <= 0x06d3) || (code >= 0x06fa && code <= 0x06ff);
const isLatinLetter = (code: number) => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/** The share of letters in Arabic script, or undefined where the text has no letters at all. */
export function arabicLetterShare(text: string): number | undefined {
  // Counted, not matched: a regular expression's match array holds every letter of the message.
  let arabic = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isArabicLetter(code)) arabic++;
    else if (isLatinLetter(code)) latin++;
  }
  return arabic + latin === 0 ? undefined : arabic / (arabic + latin);
}

export function isArabicScript(token: string): boolean {
  return /[\u0600-\u06FF]/.test(token);
}
