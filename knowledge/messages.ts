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
  const catalogue = content().messages[language];
  const template = catalogue[key] ?? key;
  // Most sentences have no placeholder: the button labels and prompts said on every turn.
  if (!template.includes('{')) return template;
  const fill = language === 'ar' ? isolateInArabic : String;
  const parts = templateParts(catalogue, key, template);
  let text = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    text += (name in values ? fill(values[name]) : `{${name}}`) + parts[i + 1];
  }
  return text;
}

/**
 * Each template split at its placeholders once per catalogue, rather than searched afresh at every
 * reply: the text between them at even places, the names at odd ones. Held per catalogue, so no more
 * are kept than the catalogue in use has.
 */
const splitTemplates = new WeakMap<Record<string, string>, Map<string, string[]>>();

function templateParts(catalogue: Record<string, string>, key: string, template: string): string[] {
  let byKey = splitTemplates.get(catalogue);
  if (!byKey) splitTemplates.set(catalogue, (byKey = new Map()));
  let parts = byKey.get(key);
  if (!parts) byKey.set(key, (parts = template.split(/\{(\w+)\}/)));
  return parts;
}

/**
 * What the Unicode bidi algorithm lays out wrongly inside Arabic: Latin text, an address, a leading
 * "+", and digits joined by separators (a date "2026-12-13" would show as "13-12-2026"). A lone
 * number ("7", "١٠") already reads right, and a value made by message() is isolated already.
 */
const MAY_READ_LEFT_TO_RIGHT = /[A-Za-z@+]|\d[-/.:,\s]+\d/;
const ISOLATED = /\u2068/;

/**
 * A value put into an Arabic sentence that holds a number, an ID, an email, a request number or
 * Latin text is wrapped in Unicode's first-strong isolate (U+2068 … U+2069): the value keeps its own
 * direction and the sentence around it keeps its own, so "+966551234567" does not show as
 * "966551234567+" and "TW-2026-000003" stays whole, in Web Chat, in SMS and anywhere else the text goes.
 */
function isolateInArabic(value: string | number): string {
  const text = String(value);
  return MAY_READ_LEFT_TO_RIGHT.test(text) && !ISOLATED.test(text) ? `\u2068${text}\u2069` : text;
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
