import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance';
import { RetrievalSettings } from '../contentSchemas';
import { MAX_STEMMED_WORD } from '../text/analyzer';
import { isArabicScript } from '../text/normalizeText';

// Bounds the typo cache, which strangers' input fills.
const MAX_CACHED_CORRECTIONS = 10_000;

/**
 * The vocabulary word a typed word most likely meant ("الاقامع" → "الاقامه"), within one edit, or
 * two for a long word. Each look-up compares the word with the whole vocabulary, so its answer is
 * remembered (bounded): the same typos come again and again.
 */
export class TypoCorrector {
  private readonly corrections = new Map<string, string | null>();

  constructor(
    private readonly vocabulary: readonly string[],
    private readonly settings: Pick<RetrievalSettings, 'typoMinLength' | 'typoMinLengthLatin'>,
  ) {}

  /** How many words' look-ups are remembered. */
  get remembered(): number {
    return this.corrections.size;
  }

  /** A word the index lacks that may be a typo of one it has: a word of some length, not a number or a cue, nor past any real word's length. */
  mayBeTypo(term: string): boolean {
    const minLength = isArabicScript(term) ? this.settings.typoMinLength : this.settings.typoMinLengthLatin;
    return !/^\d+$/.test(term) && !term.startsWith('#') && term.length >= minLength && term.length <= MAX_STEMMED_WORD;
  }

  /** The vocabulary word a typo most likely meant, if one is within one or two edits; only for words `mayBeTypo` lets through. */
  correct(term: string): string | undefined {
    if (!this.corrections.has(term)) {
      if (this.corrections.size >= MAX_CACHED_CORRECTIONS) this.corrections.clear();
      const allowed = term.length >= 8 ? 2 : 1;
      let best: { word: string; distance: number } | undefined;
      const letters = letterCounts(term);
      for (const word of this.vocabulary) {
        if (Math.abs(word.length - term.length) > allowed) continue;
        // A bound the edit distance is never below, at a fraction of its cost: most words are ruled out by it.
        if (bagDistance(letters, term.length, word) > allowed) continue;
        const distance = DamerauLevenshteinDistance(term, word);
        if (distance <= allowed && (!best || distance < best.distance)) best = { word, distance };
      }
      this.corrections.set(term, best?.word ?? null);
    }
    return this.corrections.get(term) ?? undefined;
  }
}

/** How often each UTF-16 code unit occurs in a word (code units, as the edit distance compares them). */
function letterCounts(word: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < word.length; i++) counts.set(word.charCodeAt(i), (counts.get(word.charCodeAt(i)) ?? 0) + 1);
  return counts;
}

/**
 * The bag distance between two words: how many letters one has that the other lacks, the larger
 * of the two counts. Every edit (insertion, deletion, substitution) changes it by at most one and a
 * transposition not at all, so no sequence of edits — and no Damerau-Levenshtein distance — is shorter.
 */
function bagDistance(counts: Map<number, number>, length: number, word: string): number {
  const used = new Map<number, number>();
  let unmatched = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    const taken = used.get(code) ?? 0;
    if (taken < (counts.get(code) ?? 0)) used.set(code, taken + 1);
    else unmatched++;
  }
  const matched = word.length - unmatched;
  return Math.max(unmatched, length - matched);
}
