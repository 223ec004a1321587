import arCore from './ar.json';
import enCore from './en.json';
import arRequests from './requests.ar.json';
import enRequests from './requests.en.json';
import arChannels from './channels.ar.json';
import enChannels from './channels.en.json';
import finesAr from './fines.ar.json';
import finesEn from './fines.en.json';
import { Language } from '../language';

// Each capability keeps its wording in its own pair of files (`<area>.ar.json`, `<area>.en.json`)
// and adds them here; test/knowledge/messages.test.ts checks that both languages have every key.
const en = { ...enCore, ...enRequests, ...enChannels, ...finesEn };
const ar: Record<keyof typeof en, string> = { ...arCore, ...arRequests, ...arChannels, ...finesAr };

export type MessageKey = keyof typeof en;

const catalogues: Record<Language, Record<MessageKey, string>> = { ar, en };

/**
 * The bot's own words in the user's language, with `{name}` placeholders filled in. Every sentence
 * the bot says lives in these JSON files, so wording is changed there, never in a dialog.
 */
export function message(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return catalogues[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Every wording of a key, in all languages: for recognising a button the user pressed. */
export function allWordings(key: MessageKey): string[] {
  return Object.values(catalogues).map((catalogue) => catalogue[key]);
}

/** For the catalogue test: every key of every language. */
export function catalogueKeys(): Record<Language, string[]> {
  return { ar: Object.keys(ar).sort(), en: Object.keys(en).sort() };
}
