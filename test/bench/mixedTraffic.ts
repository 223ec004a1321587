import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { recognizeMenuItem } from '../../dialogs/mainMenu';
import { detectLanguage, Language } from '../../knowledge/language';
import { recognizeIntent } from '../../knowledge/recognizeIntent';
import { DEV_SET, HOLDOUT_SET, readDevSet } from '../eval/faqEvaluation';

/**
 * The traffic the benchmarks send: what people type, not one question again and again. Every question
 * of the dev and held-out sets (answerable and out of scope, both languages, those that open a form
 * among them), the fines questions with their dates as people write them, tracking messages with request
 * numbers, and the greetings and thanks that open and close real chats. Each conversation keeps to one
 * language and walks its language's messages from its own starting point, so neighbouring conversations
 * say different things at the same moment.
 */
const FINES_SET = path.join(__dirname, '..', 'fixtures', 'fines-blind-set.json');
const FinesQuestion = z.object({ text: z.string(), lang: Language });

const SMALL_TALK: Record<Language, string[]> = {
  ar: ['السلام عليكم', 'مرحبا', 'شكرا لك', 'القائمة', 'ابي اتابع طلبي', 'رقم طلبي TW-2026-000123', 'وين وصل طلبي ٤٥٦٧٨٩'],
  en: ['hello', 'hi there', 'thanks', 'menu', 'I want to track my request', 'my request number is TW-2026-000123', 'status of request 456789'],
};

export type MessagesByLanguage = Record<Language, string[]>;

export function mixedTraffic(): MessagesByLanguage {
  const questions = [...readDevSet(DEV_SET), ...readDevSet(HOLDOUT_SET)].map((q) => ({ text: q.q, lang: q.lang }));
  const fines = z.array(FinesQuestion).parse(JSON.parse(fs.readFileSync(FINES_SET, 'utf8')));
  const all = [...questions, ...fines];
  const byLanguage = Object.fromEntries(Language.options.map((language) => [language, [...all.filter((m) => m.lang === language).map((m) => m.text), ...SMALL_TALK[language]]]));
  return byLanguage as MessagesByLanguage;
}

/** The dev set's in-scope questions that the router hands to the FAQ (not a form's first step): `npm run bench`'s second line. */
export function faqQuestions(): MessagesByLanguage {
  const questions = readDevSet(DEV_SET).filter((q) => q.expect !== null && !recognizeIntent(q.q) && !recognizeMenuItem(q.q));
  return Object.fromEntries(Language.options.map((language) => [language, questions.filter((q) => (detectLanguage(q.q) ?? 'ar') === language).map((q) => q.q)])) as MessagesByLanguage;
}

/** The message conversation `conversation` sends as its `turn`-th message. */
export function messageFor(traffic: MessagesByLanguage, conversation: number, turn: number): string {
  const language = Language.options[conversation % Language.options.length];
  const messages = traffic[language];
  // Each conversation starts at its own place in the list and walks on from there.
  return messages[(conversation * 37 + turn) % messages.length];
}
