import { PorterStemmer } from 'natural/lib/natural/stemmers';

/** Bounds the cache, which strangers' words fill: a few hundred kilobytes at most. */
const MAX_CACHED_STEMS = 20_000;
const stems = new Map<string, string>();

/**
 * Porter's stem of an English word, remembered: natural's stemmer costs tens of microseconds a
 * word, more than all the rest of ranking a question, and people use the same few hundred words.
 */
export function porterStem(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stems.set(word, (stem = PorterStemmer.stem(word)));
  }
  return stem;
}
