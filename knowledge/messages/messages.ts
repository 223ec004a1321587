import ar from './ar.json';
import en from './en.json';
import { Language } from '../language';

export type MessageKey = keyof typeof en;

const catalogues: Record<Language, Record<MessageKey, string>> = { ar, en };

/**
 * The bot's own words in the user's language, with `{name}` placeholders filled in. Every sentence
 * the bot says lives in ar.json / en.json, so wording is changed there, never in a dialog.
 */
export function message(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return catalogues[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Every wording of a key, in all languages: for recognising a button the user pressed. */
export function allWordings(key: MessageKey): string[] {
  return Object.values(catalogues).map((catalogue) => catalogue[key]);
}
