import { z } from 'zod';
import { arabicLetterShare } from './text/normalizeText';

export const Language = z.enum(['ar', 'en']);
export type Language = z.infer<typeof Language>;

const NOT_LANGUAGE = /\S+@\S+|\b(?:https?:\/\/|www\.)\S+|\bTW[-\s]?\d[\d-]*/giu;
/** What every NOT_LANGUAGE match holds: most messages have none of it, and skip the slower search. */
const MAY_HOLD_NOT_LANGUAGE = /@|https?:\/\/|www\.|tw/i;

/**
 * The language a message is written in, or undefined when it has no letters to tell by
 * ("1", "٣", an emoji). Mostly-Arabic script is Arabic even with an English term inside
 * ("غرامة iqama"), because that is the language the person chose to write in.
 */
export function detectLanguage(text: string): Language | undefined {
  // An email, a web address or a request number is in Latin letters whatever language its writer
  // speaks: typing one in an Arabic conversation must not turn the replies into English.
  const share = arabicLetterShare(MAY_HOLD_NOT_LANGUAGE.test(text) ? text.replace(NOT_LANGUAGE, ' ') : text);
  if (share === undefined) return undefined;
  return share >= 0.4 ? 'ar' : 'en';
}

/** Reads a BCP-47 locale such as "ar-SA" or "en-US" as one of our languages. */
export function languageFromLocale(locale: string | undefined): Language | undefined {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  return primary === 'ar' || primary === 'en' ? primary : undefined;
}
