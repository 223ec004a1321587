import { content } from './content';
import { Language } from './language';

// The keys are those of the English catalogue files (a type only: nothing is read at import);
// test/knowledge/messages.test.ts checks that both languages have every key.
type Catalogue = typeof import('./content/messages/en.json') &
  typeof import('./content/messages/requests.en.json') &
  typeof import('./content/messages/channels.en.json') &
  typeof import('./content/messages/fines.en.json') &
  typeof import('./content/messages/handoff.en.json');

export type MessageKey = Exclude<keyof Catalogue, 'default'>;

/**
 * The bot's own words in the user's language, with `{name}` placeholders filled in. Every sentence
 * the bot says lives in knowledge/content/messages/, so wording is changed there, never in a dialog.
 */
export function message(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  const template = content().messages[language][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Every wording of a key, in all languages: for recognising a button the user pressed. */
export function allWordings(key: MessageKey): string[] {
  return Object.values(content().messages).map((catalogue) => catalogue[key]);
}

/** For the catalogue test: every key of every language. */
export function catalogueKeys(): Record<Language, string[]> {
  const { ar, en } = content().messages;
  return { ar: Object.keys(ar).sort(), en: Object.keys(en).sort() };
}
