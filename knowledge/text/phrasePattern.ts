import { normalizeForMatching } from './normalizeText';

/** Where a word starts and ends, in any script: no letter or digit just before or after. */
export const WORD_START = String.raw`(?<![\p{L}\p{N}])`;
export const WORD_END = String.raw`(?![\p{L}\p{N}])`;

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An alternation of phrases, longest first, for a regular expression. */
export function alternation(phrases: string[]): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
}

/**
 * Any of `literals` anywhere, as a plain search (no word boundaries, no classes): the check before a
 * pattern that can only match text holding one of them. Most messages hold none, and the plain search
 * costs a fraction of trying the pattern's boundaries and clitics at every letter. `literals` are
 * folded as the text is.
 */
export function plainSearch(literals: string[]): RegExp {
  return new RegExp(alternation(literals));
}

/** A lexicon's keys folded the way normalizeForMatching folds what people type. */
export function foldKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [normalizeForMatching(key), value]));
}

/** Any of a lexicon's phrases as whole words, in text folded by normalizeForMatching (the phrases are folded the same way). */
export function anyPhrase(phrases: string[], flags = 'u'): RegExp {
  return new RegExp(`${WORD_START}(?:${alternation(phrases.map(normalizeForMatching))})${WORD_END}`, flags);
}
