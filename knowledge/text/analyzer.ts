import fs from 'node:fs';
import path from 'node:path';
import { PorterStemmer } from 'natural/lib/natural/stemmers';
import { words as englishStopwords } from 'natural/lib/natural/util/stopwords';
import { z } from 'zod';
import { stemArabic } from './arabicLightStemmer';
import { isArabicScript, normalizeForMatching } from './normalizeText';

const LEXICON_DIR = path.join(__dirname, '..', 'lexicon');

const Synonyms = z.object({ ar: z.record(z.string(), z.string()), en: z.record(z.string(), z.string()) });

function readWordList(file: string): Set<string> {
  return new Set(
    fs
      .readFileSync(path.join(LEXICON_DIR, file), 'utf8')
      .split('\n')
      .map((line) => normalizeForMatching(line))
      .filter((line) => line && !line.startsWith('#')),
  );
}

const arabicStopwords = readWordList('stopwords-ar.txt');
// "how" and "long"/"much" carry the question ("how long does it take"), so they stay searchable.
const englishStop = new Set(englishStopwords.filter((w) => !['how', 'long', 'much', 'many', 'when'].includes(w)));
const synonyms = Synonyms.parse(JSON.parse(fs.readFileSync(path.join(LEXICON_DIR, 'synonyms.json'), 'utf8')));

/** Splits on anything that is not a letter or digit, in either script. */
function tokenize(normalized: string): string[] {
  return normalized.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function termFor(token: string): string | undefined {
  if (isArabicScript(token)) {
    if (arabicStopwords.has(token) || token.length < 2) return undefined;
    return stemArabic(synonyms.ar[token] ?? token);
  }
  if (englishStop.has(token)) return undefined;
  return PorterStemmer.stem(synonyms.en[token] ?? token);
}

/**
 * Turns text into the terms the index stores and the query looks up. Each token is analysed by its
 * own script, so one index serves Arabic, English and the mixes people write ("غرامة iqama").
 */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(normalizeForMatching(text))) {
    const term = termFor(token);
    if (term) terms.push(term);
  }
  return terms;
}
