import memoizeOne from 'memoize-one';
import { content } from '../content';
import { saudiToday } from '../dates/calendarDay';
import { parseDate, ParseDateOptions } from '../dates/parseDate';
import { ParsedDate } from '../dates/parsedDate';
import { normalizeForMatching } from '../text/normalizeText';
import { alternation, WORD_END, WORD_START } from '../text/phrasePattern';

const phrase = (list: string[]) => new RegExp(`${WORD_START}(?:${alternation(list.map(normalizeForMatching))})${WORD_END}`, 'gu');
const cuePatterns = memoizeOne((cues: { todayWords: string[]; expiryCues: string[] }) => ({ TODAY: phrase(cues.todayWords), EXPIRY_CUE: phrase(cues.expiryCues) }));

/**
 * The iqama's expiry date in a message. "كم غرامة التأخير اليوم؟" and "what is the iqama fine now?"
 * ask about today without saying the iqama expires today, so a reading of today from such a word
 * is no date there; "اليوم" alone (answering the date question) and "انتهت اليوم" still are.
 */
export function parseExpiryDate(text: string, options: ParseDateOptions): ParsedDate {
  const reading = parseDate(text, options);
  if (reading.kind !== 'exact' || reading.iso !== saudiToday(options.reference)) return reading;
  const { TODAY, EXPIRY_CUE } = cuePatterns(content().lexicon.expiryCues);
  const said = normalizeForMatching(text);
  if (!new RegExp(TODAY.source, 'u').test(said) || new RegExp(EXPIRY_CUE.source, 'u').test(said)) return reading;
  const rest = said.replace(TODAY, ' ').replace(/[^\p{L}\p{N}]+/gu, '');
  return rest ? { kind: 'none' } : reading;
}
