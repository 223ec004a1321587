import memoizeOne from 'memoize-one';
import { words as englishStopwords } from 'natural/lib/natural/util/stopwords';
import { Content, content } from '../content';
import { stemArabic } from './arabicLightStemmer';
import { isArabicScript, normalizeForMatching } from './normalizeText';
import { porterStem } from './stemCache';

const folded = (words: string[]) => new Set(words.flatMap((word) => normalizeForMatching(word).split(/\s+/)).filter(Boolean));
/** Keys and values folded like the tokens they meet, so a file written with ة or أ still matches. */
const foldEntries = (map: Record<string, string>) =>
  Object.fromEntries(Object.entries(map).map(([from, to]) => [normalizeForMatching(from), normalizeForMatching(to)]));

/**
 * A cue's phrases, padded with spaces to match whole words, filed under their first word: a text is
 * checked against the phrases that start with one of its words, not against every phrase of every cue
 * (a kind of fact names its document with many verbs, "ضاع جوازي", "انسرقت الاقامه").
 */
function byFirstWord(phrases: string[]): Map<string, string[]> {
  const filed = new Map<string, string[]>();
  for (const phrase of phrases) {
    const first = phrase.split(' ')[0];
    filed.set(first, [...(filed.get(first) ?? []), ` ${phrase} `]);
  }
  return filed;
}

/** The analyser's word lists, built once from the lexicon in use. */
const lexiconTables = memoizeOne((lexicon: Content['lexicon']) => ({
  arabicStopwords: folded([...lexicon.stopwords.ar, ...lexicon.dialect.ar.fillers]),
  // "how" and "long"/"much" carry the question ("how long does it take"), so they stay searchable.
  // Digits stay too: "7 days", "500 riyals" are the documents' facts (natural's list holds 0-9).
  englishStop: new Set([...englishStopwords.filter((w) => !['how', 'long', 'much', 'many', 'when'].includes(w) && !/^\d+$/.test(w)), ...folded([...lexicon.stopwords.en, ...lexicon.dialect.en.fillers])]),
  // The dialect layer (lexicon/dialect.json) first, the curated synonyms over it.
  synonyms: { ar: foldEntries({ ...lexicon.dialect.ar.words, ...lexicon.synonyms.ar }), en: foldEntries({ ...lexicon.dialect.en.words, ...lexicon.synonyms.en }) },
  questionCues: cuesByFirstWord(lexicon.questionCues),
  /** Each word's term (null: none) as termFor gives it: people use the same few hundred words, which it reads again on every question. */
  termOfWord: new Map<string, string | null>(),
}));

type LexiconTables = ReturnType<typeof lexiconTables>;

/** Bounds the words remembered, which strangers' words fill: a couple of megabytes at most. */
const MAX_REMEMBERED_WORDS = 20_000;

/**
 * A step through a cue phrase's words: the cues whose phrases end at this word, and the words that
 * may come next. From a text's words, the phrases it holds are found by walking on from each word.
 */
interface PhraseStep {
  cues: number[];
  next: Map<string, PhraseStep>;
}

/** Every cue's phrases, each with its cue's place in the lexicon (the order cue terms are written in): filed under their first word, and as steps word by word. */
function cuesByFirstWord(questionCues: Content['lexicon']['questionCues']): {
  terms: string[];
  byFirstWord: Map<string, { phrase: string; cue: number }[]>;
  firstSteps: Map<string, PhraseStep>;
  wordsOnly: boolean;
  found: Uint8Array;
} {
  const cues = Object.entries(questionCues).filter(([cue]) => !cue.startsWith('_'));
  const filed = new Map<string, { phrase: string; cue: number }[]>();
  const firstSteps = new Map<string, PhraseStep>();
  cues.forEach(([, phrases], cue) => {
    const folded = ([] as string[]).concat(phrases).map(normalizeForMatching);
    for (const [first, padded] of byFirstWord(folded)) {
      filed.set(first, [...(filed.get(first) ?? []), ...padded.map((phrase) => ({ phrase, cue }))]);
    }
    for (const phrase of folded) {
      let steps = firstSteps;
      let step: PhraseStep | undefined;
      for (const word of phrase.split(' ')) {
        step = steps.get(word);
        if (!step) steps.set(word, (step = { cues: [], next: new Map() }));
        steps = step.next;
      }
      step!.cues.push(cue);
    }
  });
  // Whether no phrase is empty: an empty one meets a text that starts or ends with punctuation, which only the padded text shows.
  const wordsOnly = [...filed.values()].every((phrases) => phrases.every(({ phrase }) => phrase.trim() !== ''));
  // Which cues a text holds, marked while it is analysed and cleared as its cue terms are written: one array for every text.
  const found = new Uint8Array(cues.length);
  return { terms: cues.map(([cue]) => `#${cue}`), byFirstWord: filed, firstSteps, wordsOnly, found };
}

/**
 * Longest word the stemmers see. No word in either language comes near it; a longer "word" is
 * noise or an attack, and natural's Porter stemmer takes time quadratic in a word's length
 * (a 50,000-letter word with no vowels took seconds). It is kept as it is: a term nobody indexed.
 */
export const MAX_STEMMED_WORD = 40;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LETTERS_AND_DIGITS = /[\p{L}\p{N}]+/gu;
/**
 * For each UTF-16 code unit outside the surrogates, whether it is a letter or digit (1) or not (2),
 * or not yet asked (0): a text's characters are read from it instead of through a Unicode-aware
 * regular expression, at a fraction of the cost. Its size is fixed: one byte per code unit.
 */
const letterOrDigit = new Uint8Array(0x10000);

/**
 * The runs of letters and digits, in either script: what splitting on anything that is not a
 * letter or digit leaves. A text with a character beyond the BMP (an emoji) goes through the
 * regular expression, which reads it as one code point.
 */
function tokenize(normalized: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < normalized.length; i++) {
    const code = normalized.charCodeAt(i);
    let kind = letterOrDigit[code];
    if (kind === 0) {
      if (code >= 0xd800 && code <= 0xdfff) return normalized.match(LETTERS_AND_DIGITS) ?? [];
      letterOrDigit[code] = kind = LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 1 : 2;
    }
    if (kind === 1) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      tokens.push(normalized.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) tokens.push(normalized.slice(start));
  return tokens;
}

/** The article and the prepositions written joined to a word: "بالرساله", "للجوازات", "والشكوى". */
const JOINED_ARTICLES = ['وال', 'بال', 'فال', 'كال', 'لل', 'ال'];
const JOINED_PREPOSITIONS = ['ب', 'ل', 'ف', 'ك'];
/** Object and possessive pronouns written joined to a preposition: "عنه", "فيني", "عليك", "معاهم". */
const JOINED_PRONOUNS = ['ها', 'هم', 'كم', 'نا', 'ني', 'ه', 'ك', 'ي'];
const PREPOSITIONS = new Set(['في', 'عن', 'علي', 'من', 'مع', 'معا', 'الي', 'عند', 'لدي', 'ان']);

function termFor(token: string, { arabicStopwords, englishStop, synonyms }: LexiconTables): string | undefined {
  if (token.length > MAX_STEMMED_WORD) return token;
  if (isArabicScript(token)) {
    // "وما", "ولا", "وابي": the conjunction و is written joined to the next word.
    const withoutAnd = token.length > 2 && token.startsWith('و') ? token.slice(1) : token;
    if (arabicStopwords.has(token) || arabicStopwords.has(withoutAnd) || token.length < 2) return undefined;
    // A preposition with a pronoun joined ("عنه", "فيني") carries no more topic than the preposition alone.
    const pronoun = JOINED_PRONOUNS.find((p) => withoutAnd.endsWith(p) && PREPOSITIONS.has(withoutAnd.slice(0, -p.length)));
    if (pronoun) return undefined;
    const synonym = synonyms.ar[token] ?? synonyms.ar[withoutAnd] ?? joinedSynonym(withoutAnd, synonyms.ar);
    return stemArabic(synonym ?? token);
  }
  if (englishStop.has(token)) return undefined;
  // The lexicon lists words in the singular: "relatives" takes the entry of "relative".
  return porterStem(synonyms.en[token] ?? synonyms.en[singular(token)] ?? token);
}

/** An English plural's singular, by the regular rules ("relatives", "fees", "countries"); other words as they are. */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/**
 * The dialect or synonym entry of a word written with the article or a preposition joined to it
 * ("بالرساله", "للاقامه", "كتواصل"), which the lexicon lists bare: one entry serves every form.
 */
function joinedSynonym(word: string, synonyms: Record<string, string>): string | undefined {
  for (const article of JOINED_ARTICLES) {
    if (word.startsWith(article) && word.length - article.length >= 2) {
      const bare = word.slice(article.length);
      const found = synonyms[bare] ?? synonyms[`ال${bare}`];
      if (found) return found;
    }
  }
  for (const preposition of JOINED_PREPOSITIONS) {
    if (word.startsWith(preposition) && word.length - preposition.length >= 3) {
      const found = synonyms[word.slice(preposition.length)];
      if (found) return found;
    }
  }
  return undefined;
}

/** The cue terms that ask for a kind of fact (lexicon/question-cues.json `_factKinds`), as the analyser writes them. */
export function factKindTerms(): Set<string> {
  return new Set(content().lexicon.questionCues._factKinds.map((kind) => `#${kind}`));
}

/**
 * Adds the cue terms of a text to its terms: what kind of question it asks, where that tells sections
 * apart. `tokens` are the text's words as tokenize splits it: with no apostrophe in the text (which
 * tokenize splits on and a cue phrase may hold) they are the words the phrases are looked for among,
 * so the text is not split a second time.
 */
function addCueTerms(normalized: string, tokens: string[], { questionCues }: LexiconTables, terms: string[]): void {
  const { byFirstWord, firstSteps, wordsOnly, found } = questionCues;
  if (wordsOnly && !normalized.includes("'")) {
    // A phrase of words between single spaces is in the text exactly when its words follow one another among the text's words.
    for (let start = 0; start < tokens.length; start++) {
      let step = firstSteps.get(tokens[start]);
      for (let next = start + 1; step; next++) {
        for (const cue of step.cues) found[cue] = 1;
        step = next < tokens.length ? step.next.get(tokens[next]) : undefined;
      }
    }
  } else {
    const padded = ` ${normalized.replace(/[^\p{L}\p{N}']+/gu, ' ')} `;
    for (const word of new Set(padded.split(' '))) {
      for (const { phrase, cue } of byFirstWord.get(word) ?? []) if (!found[cue] && padded.includes(phrase)) found[cue] = 1;
    }
  }
  for (let cue = 0; cue < found.length; cue++) {
    if (found[cue]) {
      terms.push(questionCues.terms[cue]);
      found[cue] = 0;
    }
  }
}

/**
 * Turns text into the terms the index stores and the query looks up. Each token is analysed by its
 * own script, so one index serves Arabic, English and the mixes people write ("غرامة iqama").
 */
export function analyze(text: string): string[] {
  const tables = lexiconTables(content().lexicon);
  const normalized = normalizeForMatching(text);
  const terms: string[] = [];
  const { termOfWord } = tables;
  const tokens = tokenize(normalized);
  for (const token of tokens) {
    let term = termOfWord.get(token);
    if (term === undefined) {
      term = termFor(token, tables) ?? null;
      // A word longer than any real one is its own term at once: not worth a place.
      if (token.length <= MAX_STEMMED_WORD) {
        if (termOfWord.size >= MAX_REMEMBERED_WORDS) termOfWord.clear();
        termOfWord.set(token, term);
      }
    }
    if (term) terms.push(term);
  }
  addCueTerms(normalized, tokens, tables, terms);
  return terms;
}
