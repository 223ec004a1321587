import memoizeOne from 'memoize-one';
import { content } from '../content';
import type { LateRenewalCountLexicon } from '../contentSchemas';
import { normalizeForMatching } from '../text/normalizeText';
import { alternation, foldKeys, WORD_END as END, WORD_START as START } from '../text/phrasePattern';
import { singleSpaced } from '../text/singleSpaced';

/** The count's patterns, built once from the lexicon in use. */
const grammar = memoizeOne((raw: LateRenewalCountLexicon) => {
  const ordinals = foldKeys(raw.ordinals);
  const counts = foldKeys(raw.counts);
  const NONE_AS_ANSWER = new Set(raw.noneAsAnswer.map(normalizeForMatching));

  const words = (list: string[]) => `(?:${alternation(list.map(normalizeForMatching))})`;
  const ORD = `(${alternation(Object.keys(ordinals))})`;
  const TIME = words(raw.timeWords);
  // "ثاني مره", "المره الثانيه", "للمره الثالثه", "the second time", "third offence", "تالت مرة".
  // The joined "and" may lead either: «والمرة الأولى»، «وثاني مرة».
  const ORDINAL_BEFORE_TIME = new RegExp(String.raw`${START}(?:the\s+|و)?${ORD}\s+${TIME}${END}`, 'u');
  const TIME_BEFORE_ORDINAL = new RegExp(String.raw`${START}و?${TIME}\s+${ORD}${END}`, 'u');
  // "المره ٢", "للمره رقم 3", "time number 2": a numbered time is this offence's number.
  const TIME_NUMBER = new RegExp(String.raw`${START}(?:المره|للمره|بالمره|time|offence|offense)\s+(?:رقم\s+|number\s+|no\.?\s+|#\s*)?(\d{1,2})${END}`, 'u');
  const COUNT = `(\\d{1,2}\\s+(?:مرات|مره|times?)|${alternation(Object.keys(counts))})`;
  // "مرتين قبل", "late twice before", "تأخرت قبل كذا مره" is handled by counts with the before word on either side.
  const COUNT_THEN_BEFORE = new RegExp(String.raw`${START}${COUNT}\s+${words(raw.before)}${END}`, 'u');
  const BEFORE_THEN_COUNT = new RegExp(String.raw`${START}${words(raw.before)}\s+(?:(?:ايضا|كمان|بس|فقط|also|only|just)\s+)?${COUNT}${END}`, 'u');
  // "counting this one, three times in total", "مع هذي المره ثلاث مرات": the count is this offence's number.
  const INCLUDING = words(raw.including);
  const TOTAL = new RegExp(String.raw`${START}(?:${INCLUDING}\s+(?:(?:it\s+is|it's|its|that's|that\s+is|is|are|صارت|صار|يصير|تصير)\s+)?${COUNT}|${COUNT}\s+(?:(?:late\s+)?${INCLUDING}))${END}`, 'u');
  // "مو اول مره اتاخر", "ومو اول مره" (with the joined "and"), "ماهي المره الاولي", "this is not the first time": the ordinal is denied, not given.
  const NEGATED_ORDINAL = new RegExp(
    String.raw`${START}و?${words(raw.negations)}\s+(?:${words(raw.negationFillers)}\s+)?(?:(?:the\s+)?${ORD}\s+${TIME}|${TIME}\s+${ORD})${END}`,
    'gu',
  );
  // "وما عمري تأخرت": the joined "and" leads a denial as often as not.
  const NEVER = new RegExp(String.raw`${START}و?${words(raw.never)}${END}`, 'u');
  const PREVIOUS_ONCE = new RegExp(String.raw`${START}${words(raw.previousOnce)}${END}`, 'u');
  // "once in 2022 and once in 2024": one earlier late renewal per year named.
  const ONCE_IN_YEAR = new RegExp(String.raw`${START}${words(raw.onceIn)}\s+(?:\d{4})${END}`, 'gu');
  const BARE_COUNT = new RegExp(String.raw`^${COUNT}$|^(\d{1,2})$`, 'u');
  const countOf = (text: string) => counts[text] ?? Number(/\d+/.exec(text)?.[0] ?? 0);
  return {
    ordinals,
    countOf,
    NONE_AS_ANSWER,
    ORDINAL_BEFORE_TIME,
    TIME_BEFORE_ORDINAL,
    TIME_NUMBER,
    COUNT_THEN_BEFORE,
    BEFORE_THEN_COUNT,
    TOTAL,
    NEGATED_ORDINAL,
    NEVER,
    PREVIOUS_ONCE,
    ONCE_IN_YEAR,
    BARE_COUNT,
  };
});

export interface ParseCountOptions {
  /** The message answers "how many times did you renew late before?", so a bare "مرتين" counts. */
  answeringCountQuestion?: boolean;
}

/**
 * Which late renewal this is (1 = the first offence), from how people say it: "ثاني مرة اتأخر" → 2,
 * "تأخرت مرتين قبل" → 3, "never been late before" → 1, "counting this one, three times in total" → 3,
 * "that was the only other time" → 2; undefined when the message does not say.
 */
export function parseOffenceNumber(text: string, options: ParseCountOptions = {}): number | undefined {
  const g = grammar(content().lexicon.lateRenewalCount);
  const spoken = singleSpaced(normalizeForMatching(text).replace(/[.!?,؟،;:()\-–—…]+/g, ' '));
  // A denied ordinal is taken out before anything else is read, so "اول مره" in "مو اول مره" says nothing.
  const said = singleSpaced(spoken.replace(g.NEGATED_ORDINAL, ' '));
  // A total that counts this time is the offence's number, whatever else the message counts on the way.
  const total = g.TOTAL.exec(said);
  if (total) return g.countOf(total[1] ?? total[2]);
  const ordinal = g.ORDINAL_BEFORE_TIME.exec(said) ?? g.TIME_BEFORE_ORDINAL.exec(said);
  if (ordinal) return g.ordinals[ordinal[1]];
  const numbered = g.TIME_NUMBER.exec(said);
  if (numbered && Number(numbered[1]) >= 1) return Number(numbered[1]);
  const before = g.COUNT_THEN_BEFORE.exec(said) ?? g.BEFORE_THEN_COUNT.exec(said);
  if (before) return g.countOf(before[1]) + 1;
  const years = said.match(g.ONCE_IN_YEAR);
  if (years) return years.length + 1;
  if (g.PREVIOUS_ONCE.test(said)) return 2;
  if (g.NEVER.test(said)) return 1;
  if (!options.answeringCountQuestion) return undefined;
  if (g.NONE_AS_ANSWER.has(said)) return 1;
  const bare = g.BARE_COUNT.exec(said);
  return bare ? g.countOf(bare[1] ?? bare[2]) + 1 : undefined;
}
