import memoizeOne from 'memoize-one';
import { content } from '../content';
import type { ExpiryCues } from '../contentSchemas';
import { saudiToday } from '../dates/calendarDay';
import { parseDate, ParseDateOptions } from '../dates/parseDate';
import { ParsedDate } from '../dates/parsedDate';
import { normalizeForMatching } from '../text/normalizeText';
import { anyPhrase } from '../text/phrasePattern';

const phrase = (list: string[]) => anyPhrase(list, 'gu');
const once = (pattern: RegExp) => new RegExp(pattern.source, 'u');
const cuePatterns = memoizeOne((cues: ExpiryCues) => {
  const nowWords = new Set(cues.nowWords.map(normalizeForMatching));
  return {
    TODAY: phrase(cues.todayWords),
    TODAY_ONCE: once(phrase(cues.todayWords)),
    // The words for today that name a day ("اليوم", "today"), not the moment of asking ("now", "الحين").
    DAY_TODAY: once(phrase(cues.todayWords.filter((w) => !nowWords.has(normalizeForMatching(w))))),
    NOW: once(phrase(cues.nowWords)),
    EXPIRY_CUE: once(phrase(cues.expiryCues)),
    EXPIRED: once(phrase(cues.expiredCues)),
    EXPIRING: once(phrase(cues.expiringCues)),
  };
});

/** Which way the message places the expiry: already expired, still to come, or it does not say. */
export function expiryTense(text: string): 'past' | 'future' | undefined {
  const { EXPIRED, EXPIRING } = cuePatterns(content().lexicon.expiryCues);
  const said = normalizeForMatching(text);
  const past = EXPIRED.test(said);
  const future = EXPIRING.test(said);
  return past === future ? undefined : past ? 'past' : 'future';
}

/**
 * The iqama's expiry date in a message. "كم غرامة التأخير اليوم؟" and "what is the iqama fine now?"
 * ask about today without saying the iqama expires today, so a reading of today from such a word
 * is no date there; "اليوم" alone (answering the date question) and "انتهت اليوم" still are; "now"
 * ("and now my iqama expired again") never names the day. A reading that could be the last or the
 * coming day ("يوم الخميس", "١٥ رمضان") is narrowed by the message's tense when it has one.
 */
export function parseExpiryDate(text: string, options: ParseDateOptions): ParsedDate {
  const reading = parseDate(text, options);
  const today = saudiToday(options.reference);
  if (reading.kind === 'ambiguous') return narrowedByTense(reading, text, today);
  if (reading.kind !== 'exact' || reading.iso !== today) return reading;
  const { TODAY, TODAY_ONCE, DAY_TODAY, NOW, EXPIRY_CUE } = cuePatterns(content().lexicon.expiryCues);
  const said = normalizeForMatching(text);
  if (!TODAY_ONCE.test(said)) return reading;
  // "now" is the moment of asking: with no word for the day beside it, it gives no date.
  if (NOW.test(said) && !DAY_TODAY.test(said)) return { kind: 'none' };
  if (EXPIRY_CUE.test(said)) return reading;
  const rest = said.replace(TODAY, ' ').replace(/[^\p{L}\p{N}]+/gu, '');
  return rest ? { kind: 'none' } : reading;
}

function narrowedByTense(reading: Extract<ParsedDate, { kind: 'ambiguous' }>, text: string, today: string): ParsedDate {
  const tense = expiryTense(text);
  if (!tense) return reading;
  const fitting = reading.candidates.filter((d) => (tense === 'past' ? d < today : d >= today));
  if (fitting.length !== 1) return reading;
  return { kind: 'exact', iso: fitting[0], calendar: 'gregorian', ...(reading.confirm ? { confirm: true as const } : {}) };
}
