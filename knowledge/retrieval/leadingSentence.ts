import memoizeOne from 'memoize-one';
import { content } from '../content';
import { KnowledgeEntry } from '../knowledgeBase';
import { analyze } from '../text/analyzer';
import { normalizeForMatching } from '../text/normalizeText';
import { anyPhrase, plainSearch } from '../text/phrasePattern';

/** A sentence or list item of a section's own text, with its analysed terms: what may lead an answer. */
export interface FactUnit {
  text: string;
  terms: Set<string>;
}

/** A question's term and its weight in the question (its IDF, less for a corrected typo). */
export interface WeighedTerm {
  term: string;
  weight: number;
}

/** A section of fewer sentences and items is short enough to be read whole: nothing is put before it. */
const MIN_UNITS = 3;
/** The least share of the question's weight a sentence must hold, beyond the words of the section's title. */
const MIN_SHARE = 0.2;
/** How far the leading sentence must outweigh the next: when two are close, neither is the one asked about. */
const MIN_MARGIN = 1.5;

/** The cue phrases as whole words, and a plain search for any of them to try first (plainSearch). */
const wholeSectionPatterns = memoizeOne((phrases: string[]) => ({ mentioned: plainSearch(phrases.map(normalizeForMatching)), asWords: anyPhrase(phrases) }));

/** Whether a question asks for a section as a whole ("what are the steps", "all the conditions"): then no one sentence leads. */
export function asksWholeSection(question: string): boolean {
  const { mentioned, asWords } = wholeSectionPatterns(content().lexicon.wholeSectionCues.phrases);
  const said = normalizeForMatching(question);
  return mentioned.test(said) && asWords.test(said);
}

/**
 * A section's sentences and list items, as the guide writes them. Sentences end at a full stop or a
 * question or exclamation mark; the guide's commas join clauses of one sentence ("ورقم هويتك، ورقم جوالك")
 * that mean nothing alone, so they do not split.
 */
export function factUnitsOf(entry: KnowledgeEntry): FactUnit[] {
  const sentences = entry.paragraphs.flatMap((p) => p.split(/(?<=[.!?؟])\s+/)).map((s) => s.trim());
  // A sentence that introduces the list ("follow these steps:") says nothing on its own.
  return [...sentences, ...entry.items]
    .filter((text) => /\p{L}/u.test(text) && !/:\s*$/.test(text))
    .map((text) => ({ text, terms: new Set(analyze(text)) }));
}

/**
 * The one sentence or item of a section that answers what the question asks, when one clearly does:
 * "do I need medical insurance to renew?" is answered by the conditions' insurance item, "what is the
 * SMS number for?" by the Muqeem step that sends it. Only the question's words the section's title does
 * not already hold count, so a question about the whole section ("how do I submit through Absher?")
 * gets no sentence before it; and the best must outweigh the next clearly, or none is chosen.
 */
export function leadingSentence(units: FactUnit[], titleTerms: Set<string>, question: WeighedTerm[], totalWeight: number): string | undefined {
  if (units.length < MIN_UNITS || totalWeight <= 0) return undefined;
  let best = -1;
  let bestWeight = 0;
  let nextWeight = 0;
  const beyondTitle = question.filter(({ term }) => !titleTerms.has(term));
  units.forEach((unit, i) => {
    let weight = 0;
    for (const { term, weight: w } of beyondTitle) if (unit.terms.has(term)) weight += w;
    if (weight > bestWeight) {
      nextWeight = bestWeight;
      bestWeight = weight;
      best = i;
    } else if (weight > nextWeight) nextWeight = weight;
  });
  if (best < 0 || bestWeight < MIN_SHARE * totalWeight || bestWeight < MIN_MARGIN * nextWeight) return undefined;
  return units[best].text;
}
