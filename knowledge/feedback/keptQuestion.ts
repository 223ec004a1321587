import { z } from 'zod';
import { maskPersonalData } from '../../platform/maskPersonalData';
import { Language } from '../language';
import { analyze } from '../text/analyzer';
import { singleSpaced } from '../text/singleSpaced';

/** Why a question is kept for the content editors. */
export const UnansweredOutcome = z.enum(['declined', 'clarified', 'low-confidence']);
export type UnansweredOutcome = z.infer<typeof UnansweredOutcome>;

const MAX_TEXT_LENGTH = 300;

/** A question kept for the content editors, as every backend stores it. */
export const UnansweredRecord = z.object({
  at: z.iso.datetime(),
  language: Language,
  outcome: UnansweredOutcome,
  /** The share of the question the best section covered. */
  confidence: z.number().min(0).max(1),
  /** The question, masked: no digits, emails or introduced names. */
  text: z.string().min(1).max(MAX_TEXT_LENGTH),
  /** The question's analysed terms, sorted: questions in similar wording share it. */
  key: z.string(),
});
export type UnansweredRecord = z.infer<typeof UnansweredRecord>;

// "my name is Sara Ali", "اسمي محمد احمد": the name that follows is dropped (capitalised words in
// Latin script, up to two words in Arabic, which has no capitals).
const INTRODUCED_LATIN_NAME = /\b([Mm]y name is|[Mm]y name's|[Tt]his is|I am called)((?:\s+\p{Lu}[\p{L}'-]*){1,3})/gu;
const INTRODUCED_ARABIC_NAME = /((?:^|\s)(?:انا اسمي|اسمي|معك|معاك))((?:\s+[\u0621-\u064A]+){1,2})/gu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/** Runs of digits in any script, and the stars masking left. */
const NUMBERS = /[\p{N}*]+/gu;

/**
 * Whether a text may hold a digit or a star: only ASCII letters, marks and spaces and the Arabic
 * letters, which is what most questions are made of, are known not to without the Unicode tables.
 */
function mayHoldNumber(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 ? (code >= 0x30 && code <= 0x39) || code === 0x2a : code < 0x0621 || code > 0x064a) return true;
  }
  return false;
}

/**
 * A question as it may be kept: emails removed, masked by maskPersonalData (IDs, mobiles), then with
 * every run of digits dropped (request numbers, dates, amounts) and introduced names removed.
 */
export function maskQuestion(question: string): string {
  // Every email holds an "@": a question without one, nearly all of them, is not searched for one.
  const masked = maskPersonalData(question.includes('@') ? question.replace(EMAIL, ' ') : question)
    .replace(INTRODUCED_LATIN_NAME, (_whole, intro: string) => `${intro} …`)
    .replace(INTRODUCED_ARABIC_NAME, (_whole, intro: string) => `${intro} …`);
  return singleSpaced(mayHoldNumber(masked) ? masked.replace(NUMBERS, ' ') : masked).slice(0, MAX_TEXT_LENGTH);
}

/** What groups similar questions: their analysed terms, each once, in order. */
export function wordingKey(maskedQuestion: string): string {
  // Cue terms ("#definition") say how it is asked, not what about.
  return [...new Set(analyze(maskedQuestion))].filter((term) => !term.startsWith('#')).sort().join(' ');
}

/** The record a question is kept as, or undefined when nothing of it may be kept (no letters once masked). */
export function keptQuestion(question: string, language: Language, outcome: UnansweredOutcome, confidence: number, at: Date): UnansweredRecord | undefined {
  const text = maskQuestion(question);
  if (!/\p{L}/u.test(text)) return undefined;
  return { at: at.toISOString(), language, outcome, confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100, text, key: wordingKey(text) };
}
