import fs from 'node:fs';
import path from 'node:path';
import { PorterStemmer } from 'natural/lib/natural/stemmers';
import { words as englishStopwords } from 'natural/lib/natural/util/stopwords';
import { z } from 'zod';
import { stemArabic } from './arabicLightStemmer';
import { isArabicScript, normalizeForMatching } from './normalizeText';
import { projectFile } from '../projectFiles';

const LEXICON_DIR = projectFile('knowledge', 'lexicon');

const Synonyms = z.object({ ar: z.record(z.string(), z.string()), en: z.record(z.string(), z.string()) });

/** A word list file: words separated by spaces or lines; lines starting with # are comments. */
function readWordList(file: string): Set<string> {
  return new Set(
    fs
      .readFileSync(path.join(LEXICON_DIR, file), 'utf8')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .flatMap((line) => normalizeForMatching(line).split(/\s+/))
      .filter(Boolean),
  );
}

const arabicStopwords = readWordList('stopwords-ar.txt');
// "how" and "long"/"much" carry the question ("how long does it take"), so they stay searchable.
const englishStop = new Set([
  ...englishStopwords.filter((w) => !['how', 'long', 'much', 'many', 'when'].includes(w)),
  ...readWordList('stopwords-en.txt'),
]);
/** Keys and values folded like the tokens they meet, so a file written with ة or أ still matches. */
const foldEntries = (map: Record<string, string>) =>
  Object.fromEntries(Object.entries(map).map(([from, to]) => [normalizeForMatching(from), normalizeForMatching(to)]));
const rawSynonyms = Synonyms.parse(JSON.parse(fs.readFileSync(path.join(LEXICON_DIR, 'synonyms.json'), 'utf8')));
const synonyms = { ar: foldEntries(rawSynonyms.ar), en: foldEntries(rawSynonyms.en) };

/** Splits on anything that is not a letter or digit, in either script. */
function tokenize(normalized: string): string[] {
  return normalized.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function termFor(token: string): string | undefined {
  if (isArabicScript(token)) {
    // "وما", "ولا", "وابي": the conjunction و is written joined to the next word.
    const withoutAnd = token.length > 2 && token.startsWith('و') ? token.slice(1) : token;
    if (arabicStopwords.has(token) || arabicStopwords.has(withoutAnd) || token.length < 2) return undefined;
    return stemArabic(synonyms.ar[token] ?? token);
  }
  if (englishStop.has(token)) return undefined;
  return PorterStemmer.stem(synonyms.en[token] ?? token);
}

const QuestionCues = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const questionCues = Object.entries(QuestionCues.parse(JSON.parse(fs.readFileSync(path.join(LEXICON_DIR, 'questionCues.json'), 'utf8'))))
  .filter(([cue]) => !cue.startsWith('_'))
  .map(([cue, phrases]) => ({ term: `#${cue}`, phrases: ([] as string[]).concat(phrases).map((p) => ` ${normalizeForMatching(p)} `) }));

/** The cue terms of a text: what kind of question it asks, where that tells sections apart. */
function cueTerms(normalized: string): string[] {
  const padded = ` ${normalized.replace(/[^\p{L}\p{N}']+/gu, ' ')} `;
  return questionCues.filter((cue) => cue.phrases.some((phrase) => padded.includes(phrase))).map((cue) => cue.term);
}

/**
 * Turns text into the terms the index stores and the query looks up. Each token is analysed by its
 * own script, so one index serves Arabic, English and the mixes people write ("غرامة iqama").
 */
export function analyze(text: string): string[] {
  const normalized = normalizeForMatching(text);
  const terms: string[] = [];
  for (const token of tokenize(normalized)) {
    const term = termFor(token);
    if (term) terms.push(term);
  }
  return [...terms, ...cueTerms(normalized)];
}
