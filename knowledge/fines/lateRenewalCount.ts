import memoizeOne from 'memoize-one';
import { content } from '../content';
import type { LateRenewalCountLexicon } from '../contentSchemas';
import { normalizeForMatching } from '../text/normalizeText';
import { alternation, foldKeys, WORD_END as END, WORD_START as START } from '../text/phrasePattern';

/** The count's patterns, built once from the lexicon in use. */
const grammar = memoizeOne((raw: LateRenewalCountLexicon) => {
  const ordinals = foldKeys(raw.ordinals);
  const counts = foldKeys(raw.counts);
  const NONE_AS_ANSWER = new Set(raw.noneAsAnswer.map(normalizeForMatching));

  const words = (list: string[]) => `(?:${alternation(list.map(normalizeForMatching))})`;
  const ORD = `(${alternation(Object.keys(ordinals))})`;
  const TIME = words(raw.timeWords);
  // "ثاني مره", "المره الثانيه", "للمره الثالثه", "the second time", "third offence".
  const ORDINAL_BEFORE_TIME = new RegExp(String.raw`${START}(?:the\s+)?${ORD}\s+${TIME}${END}`, 'u');
  const TIME_BEFORE_ORDINAL = new RegExp(String.raw`${START}${TIME}\s+${ORD}${END}`, 'u');
  const COUNT = `(\\d{1,2}\\s+(?:مرات|مره|times)|${alternation(Object.keys(counts))})`;
  // "مرتين قبل", "late twice before", "تأخرت قبل كذا مره" is handled by counts with the before word on either side.
  const COUNT_THEN_BEFORE = new RegExp(String.raw`${START}${COUNT}\s+${words(raw.before)}${END}`, 'u');
  const BEFORE_THEN_COUNT = new RegExp(String.raw`${START}${words(raw.before)}\s+${COUNT}${END}`, 'u');
  // "مو اول مره اتاخر", "ومو اول مره" (with the joined "and"), "ماهي المره الاولي", "this is not the first time": the ordinal is denied, not given.
  const NEGATED_ORDINAL = new RegExp(
    String.raw`${START}و?${words(raw.negations)}\s+(?:${words(raw.negationFillers)}\s+)?(?:(?:the\s+)?${ORD}\s+${TIME}|${TIME}\s+${ORD})${END}`,
    'gu',
  );
  const NEVER = new RegExp(String.raw`${START}${words(raw.never)}${END}`, 'u');
  const BARE_COUNT = new RegExp(String.raw`^${COUNT}$|^(\d{1,2})$`, 'u');
  const countOf = (text: string) => counts[text] ?? Number(/\d+/.exec(text)?.[0] ?? 0);
  return { ordinals, countOf, NONE_AS_ANSWER, ORDINAL_BEFORE_TIME, TIME_BEFORE_ORDINAL, COUNT_THEN_BEFORE, BEFORE_THEN_COUNT, NEGATED_ORDINAL, NEVER, BARE_COUNT };
});

export interface ParseCountOptions {
  /** The message answers "how many times did you renew late before?", so a bare "مرتين" counts. */
  answeringCountQuestion?: boolean;
}

/**
 * Which late renewal this is (1 = the first offence), from how people say it: "ثاني مرة اتأخر" → 2,
 * "تأخرت مرتين قبل" → 3, "never been late before" → 1; undefined when the message does not say.
 */
export function parseOffenceNumber(text: string, options: ParseCountOptions = {}): number | undefined {
  const { ordinals, countOf, NONE_AS_ANSWER, ORDINAL_BEFORE_TIME, TIME_BEFORE_ORDINAL, COUNT_THEN_BEFORE, BEFORE_THEN_COUNT, NEGATED_ORDINAL, NEVER, BARE_COUNT } = grammar(
    content().lexicon.lateRenewalCount,
  );
  const spoken = normalizeForMatching(text).replace(/[.!?,؟،]+/g, ' ').replace(/\s+/g, ' ').trim();
  // A denied ordinal is taken out before anything else is read, so "اول مره" in "مو اول مره" says nothing.
  const said = spoken.replace(NEGATED_ORDINAL, ' ').replace(/\s+/g, ' ').trim();
  const ordinal = ORDINAL_BEFORE_TIME.exec(said) ?? TIME_BEFORE_ORDINAL.exec(said);
  if (ordinal) return ordinals[ordinal[1]];
  const before = COUNT_THEN_BEFORE.exec(said) ?? BEFORE_THEN_COUNT.exec(said);
  if (before) return countOf(before[1]) + 1;
  if (NEVER.test(said)) return 1;
  if (!options.answeringCountQuestion) return undefined;
  if (NONE_AS_ANSWER.has(said)) return 1;
  const bare = BARE_COUNT.exec(said);
  return bare ? countOf(bare[1] ?? bare[2]) + 1 : undefined;
}
