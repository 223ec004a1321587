import memoizeOne from 'memoize-one';
import { content } from '../content';
import type { ExpiryCues } from '../contentSchemas';
import { normalizeForMatching } from '../text/normalizeText';
import { alternation, plainSearch, WORD_END, WORD_START } from '../text/phrasePattern';
import { parseOffenceNumber } from './lateRenewalCount';

// The clitics Arabic joins to a noun or verb: و ف ب ل and the article, in the orders people write them.
const CLITICS = '(?:و|ف)?(?:ب|ل|لل|ك)?(?:ال)?';

const patterns = memoizeOne((cues: ExpiryCues) => {
  const fold = (list: string[]) => list.map(normalizeForMatching);
  /**
   * A stem with whatever clitics lead it ("بالاقامه", "اقامتي", "وغرامتها"), or a phrase as whole words;
   * a plain search for any of them first (plainSearch).
   */
  const either = (stems: string[], phrases: string[]) => {
    const mentions = plainSearch([...fold(stems), ...fold(phrases)]);
    const said = new RegExp(`${WORD_START}(?:${CLITICS}(?:${alternation(fold(stems))})|(?:${alternation(fold(phrases))})${WORD_END})`, 'u');
    return (text: string) => mentions.test(text) && said.test(text);
  };
  return {
    iqama: either(cues.iqamaStems, cues.iqamaWords),
    penalty: either(cues.penaltyStems, cues.penaltyPhrases),
    late: either(cues.lateStems, cues.latePhrases),
    expiry: either(cues.expiryCues.filter((c) => !/\s/.test(c)), cues.expiryCues),
  };
});

export interface FinesTalk {
  /** It names the iqama (or a resident's identity). */
  iqama: boolean;
  /** It asks what it costs or what happens: a fine, a penalty, "هدفع كام", "what happens". */
  penalty: boolean;
  /** It speaks of renewing late. */
  late: boolean;
  /** It says the iqama expired or expires. */
  expiry: boolean;
}

/** What a message says that bears on the iqama fines, read from knowledge/content/lexicon/expiry-cues.json. */
export function finesTalk(text: string): FinesTalk {
  const said = normalizeForMatching(text);
  const p = patterns(content().lexicon.expiryCues);
  return { iqama: p.iqama(said), penalty: p.penalty(said), late: p.late(said), expiry: p.expiry(said) };
}

/**
 * A message for the fines dialog, whatever its word order: it asks what an expired or late iqama
 * costs or brings ("الاقامة خلصت، هدفع كام؟", "السائق تبعي خلصت اقامته… قديش لازم ندفع؟",
 * "what happens if I renew my iqama late a third time?"), or it tells of an expired or late iqama
 * with which late renewal this is ("خلصت الاقامه وهذي ثاني مره").
 */
export function isFinesQuestion(text: string): boolean {
  // finesTalk's tests, each run only when the answer still depends on it: most messages name neither a penalty nor the iqama.
  const said = normalizeForMatching(text);
  const p = patterns(content().lexicon.expiryCues);
  const penalty = p.penalty(said);
  const iqama = p.iqama(said);
  if (!penalty && !iqama) return false;
  const late = p.late(said);
  // "fines" beside the iqama alone may be another fine ("unpaid traffic fines: can his iqama be renewed?"): it takes expiry or lateness.
  if (late) return true;
  if (!p.expiry(said)) return false;
  return penalty || parseOffenceNumber(text) !== undefined;
}
