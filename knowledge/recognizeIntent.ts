import fs from 'node:fs';
import path from 'node:path';
import memoizeOne from 'memoize-one';
import { z } from 'zod';
import { normalizeForMatching } from './text/normalizeText';
import { alternation } from './text/phrasePattern';
import { projectFile } from './projectFiles';

const LEXICON_DIR = projectFile('knowledge', 'lexicon');

export const Command = z.enum(['help', 'menu', 'cancel', 'back', 'english', 'arabic']);
export type Command = z.infer<typeof Command>;
export const Intent = z.enum(['submit', 'track', 'fines', 'staff', 'greet']);
export type Intent = z.infer<typeof Intent>;

function readPhrases<K extends string>(file: string, keys: readonly K[]): Record<K, string[]> {
  const raw = JSON.parse(fs.readFileSync(path.join(LEXICON_DIR, file), 'utf8')) as Record<string, unknown>;
  const schema = z.object(Object.fromEntries(keys.map((k) => [k, z.array(z.string())])) as Record<K, z.ZodArray<z.ZodString>>);
  const parsed = schema.parse(raw) as Record<K, string[]>;
  for (const key of keys) parsed[key] = parsed[key].map(normalizeForMatching);
  return parsed;
}

const commands = readPhrases('commands.json', Command.options);
const intents = readPhrases('intents.json', Intent.options);

/**
 * Strips what people add around a one-word command: punctuation, emoji, "please". The bot and then
 * the router ask about the same message in one turn, so the last text's result is kept.
 */
const bare = memoizeOne((text: string): string =>
  normalizeForMatching(text)
    .replace(/[^\p{L}\p{N}?\s]/gu, ' ')
    .replace(/\b(please|pls)\b|لو سمحت|من فضلك/g, ' ')
    .replace(/\s+/g, ' ')
    .trim(),
);

/** Each command's phrases, the first command listing a phrase taking it. */
const commandsByPhrase = new Map(Command.options.flatMap((command) => commands[command].map((phrase) => [phrase, command] as const)).reverse());
const greetings = new Set(intents.greet);
/** Per service, one pattern for its phrases, each matched as whole words anywhere in the message. */
const servicePhrases = Intent.options
  .filter((intent) => intent !== 'greet')
  .map((intent) => ({ intent, phrases: new RegExp(`(?:^| )(?:${alternation(intents[intent])})(?= |$)`) }));

/** A command the whole message gives ("إلغاء", "menu", "English"), if it is one. */
export function recognizeCommand(text: string): Command | undefined {
  return commandsByPhrase.get(bare(text) || normalizeForMatching(text));
}

/** A service the message asks for ("ابي اقدم طلب", "track my request"), if it asks for one. */
export function recognizeIntent(text: string): Intent | undefined {
  const said = bare(text);
  const asked = servicePhrases.find(({ phrases }) => phrases.test(said))?.intent;
  if (asked) return asked;
  // A greeting counts only when it is all the message says; "مرحبا، كم غرامة الإقامة" is a question.
  return greetings.has(said) ? 'greet' : undefined;
}
