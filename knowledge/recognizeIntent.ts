import memoizeOne from 'memoize-one';
import { z } from 'zod';
import { normalizeForMatching } from './text/normalizeText';
import { alternation, plainSearch } from './text/phrasePattern';
import { singleSpaced } from './text/singleSpaced';
import { symbolsAsSpaces } from './text/symbolsAsSpaces';
import { Content, content } from './content';
import { isFinesQuestion } from './fines/finesQuestion';

export const Command = z.enum(['help', 'menu', 'cancel', 'back', 'english', 'arabic']);
export type Command = z.infer<typeof Command>;
export const Intent = z.enum(['submit', 'track', 'addInfo', 'fines', 'staff', 'greet']);
export type Intent = z.infer<typeof Intent>;

/**
 * Strips what people add around a one-word command: punctuation, emoji, "please". The bot and then
 * the router ask about the same message in one turn, so the last text's result is kept.
 */
const bare = memoizeOne((text: string): string =>
  singleSpaced(
    symbolsAsSpaces(normalizeForMatching(text)).replace(/\b(please|pls)\b|لو سمحت|من فضلك/g, ' '),
  ),
);

const folded = (phrases: Record<string, string[]>) => Object.fromEntries(Object.entries(phrases).map(([k, list]) => [k, list.map(normalizeForMatching)]));

/** The phrase tables, built once from the lexicon in use. */
const phraseTables = memoizeOne((lexicon: Content['lexicon']) => {
  const commands = folded(lexicon.commands) as Record<Command, string[]>;
  const { howTo: _howTo, ...servicesAndGreeting } = lexicon.intents;
  const intents = folded(servicesAndGreeting) as Record<Intent, string[]>;
  const services = Intent.options.filter((intent) => intent !== 'greet');
  return {
    /** Each command's phrases, the first command listing a phrase taking it. */
    commandsByPhrase: new Map(Command.options.flatMap((command) => commands[command].map((phrase) => [phrase, command] as const)).reverse()),
    greetings: new Set(intents.greet),
    /** A question about how a service works rather than a request to use it. */
    howTo: new RegExp(`(?:^| )(?:${alternation(folded({ howTo: lexicon.intents.howTo }).howTo)})(?= |$)`),
    /** Per service, one pattern for its phrases, each matched as whole words anywhere in the message. */
    servicePhrases: services.map((intent) => ({ intent, phrases: new RegExp(`(?:^| )(?:${alternation(intents[intent])})(?= |$)`) })),
    /** Any service's phrase anywhere, as a plain search: most messages hold none, and need not try each service's pattern. */
    anyServicePhrase: plainSearch(services.flatMap((intent) => intents[intent])),
  };
});

/** A command the whole message gives ("إلغاء", "menu", "English"), if it is one. */
export function recognizeCommand(text: string): Command | undefined {
  return phraseTables(content().lexicon).commandsByPhrase.get(bare(text) || normalizeForMatching(text));
}

/**
 * A service the message names in the lexicon's phrases ("ابي اقدم طلب", "ابي اكلم موظف"), if it names
 * one: recognizeIntent's first reading, for callers that want one service only (asking for a person)
 * and need not read the message as a fines question or a greeting.
 */
export function recognizeServicePhrase(text: string): Intent | undefined {
  const { servicePhrases, anyServicePhrase } = phraseTables(content().lexicon);
  const said = bare(text);
  return anyServicePhrase.test(said) ? servicePhrases.find(({ phrases }) => phrases.test(said))?.intent : undefined;
}

/** A service the message asks for ("ابي اقدم طلب", "track my request"), if it asks for one. */
export function recognizeIntent(text: string): Intent | undefined {
  const asked = recognizeServicePhrase(text);
  if (asked) return asked;
  const { greetings } = phraseTables(content().lexicon);
  const said = bare(text);
  // A question about what an expired or late iqama brings, in any words and order, is for the fines dialog.
  if (isFinesQuestion(text)) return 'fines';
  // A greeting counts only when it is all the message says; "مرحبا، كم غرامة الإقامة" is a question.
  return greetings.has(said) ? 'greet' : undefined;
}

/**
 * Whether a message asks how something is done ("كيف اقدم طلب في تواصل", "steps to raise a
 * complaint", "can my friend submit a request for me?") rather than asking to do it ("ابي اقدم
 * طلب", "I want to submit a request"): a question mark, or one of the lexicon's how-to words.
 */
export function asksHowTo(text: string): boolean {
  if (/[?؟]/.test(text)) return true;
  return phraseTables(content().lexicon).howTo.test(bare(text));
}
