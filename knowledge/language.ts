import { z } from 'zod';
import { arabicLetterShare } from './text/normalizeText';

export const Language = z.enum(['ar', 'en']);
export type Language = z.infer<typeof Language>;

/**
 * The language a message is written in, or undefined when it has no letters to tell by
 * ("1", "٣", an emoji). Mostly-Arabic script is Arabic even with an English term inside
 * ("غرامة iqama"), because that is the language the person chose to write in.
 */
export function detectLanguage(text: string): Language | undefined {
  const share = arabicLetterShare(text);
  if (share === undefined) return undefined;
  return share >= 0.4 ? 'ar' : 'en';
}

/** Reads a BCP-47 locale such as "ar-SA" or "en-US" as one of our languages. */
export function languageFromLocale(locale: string | undefined): Language | undefined {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  return primary === 'ar' || primary === 'en' ? primary : undefined;
}
