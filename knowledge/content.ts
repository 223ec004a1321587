import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectFile } from '../platform/projectFiles';
import * as S from './contentSchemas';
import type { Language } from './language';

/** Where content editors work: everything the bot knows and says, apart from the code that reads it. */
export const CONTENT_DIR = projectFile('knowledge', 'content');

/** The message files, one pair per capability (`<area>.ar.json`, `<area>.en.json`; the core pair is `ar.json`, `en.json`). */
const MESSAGE_AREAS = ['', 'requests.', 'channels.', 'fines.'] as const;

/** Everything under knowledge/content/, read and validated. */
export interface Content {
  /** A hash of every file read: the stored knowledge base is rebuilt when it changes. */
  hash: string;
  messages: Record<Language, Record<string, string>>;
  lexicon: {
    commands: z.infer<typeof S.CommandPhrases>;
    intents: z.infer<typeof S.IntentPhrases>;
    confirm: z.infer<typeof S.ConfirmWords>;
    expiryCues: z.infer<typeof S.ExpiryCues>;
    lateRenewalCount: z.infer<typeof S.LateRenewalCountLexicon>;
    questionCues: z.infer<typeof S.QuestionCues>;
    synonyms: z.infer<typeof S.Synonyms>;
    /** Word lists: words separated by spaces or lines; lines starting with # are comments. */
    stopwords: Record<Language, string[]>;
  };
  rules: {
    responseTime: z.infer<typeof S.ResponseTimeRule>;
    ownerOnly: z.infer<typeof S.OwnerOnlyRule>;
    serviceCategories: z.infer<typeof S.ServiceCategoriesFile>;
    holidays: z.infer<typeof S.HolidaysFile>;
    workingWeek: z.infer<typeof S.WorkingWeekFile>;
    iqamaFines: S.IqamaFineRules;
  };
  dates: { monthNames: S.MonthNames; dateWords: S.DateWords };
  retrievalSettings: S.RetrievalSettings;
  sources: {
    documents: S.SourceDocument[];
    /** Each document's text, by its id. */
    texts: Record<string, string>;
    /** Curated labels and phrasings, by the id of the document they describe. */
    topics: Record<string, Record<string, S.CuratedTopic>>;
    outOfScope: z.infer<typeof S.OutOfScopeQuestions>;
  };
}

/** A content file that is missing or malformed, named with what is wrong, so start-up fails loudly. */
export class ContentError extends Error {}

/**
 * Reads and validates every content file, once: `index.ts` calls it at start-up, so a bad edit stops
 * the service with the file and the problem named. Nothing else in the code reads these files.
 */
export function loadContent(dir = CONTENT_DIR): Content {
  const hash = crypto.createHash('sha256');
  const text = (file: string): string => {
    let body: string;
    try {
      body = fs.readFileSync(path.join(dir, file), 'utf8');
    } catch {
      throw new ContentError(`content file missing: knowledge/content/${file}`);
    }
    hash.update(file).update(body);
    return body;
  };
  const json = <T extends z.ZodType>(file: string, schema: T): z.infer<T> => {
    const parsed = schema.safeParse(JSON.parse(text(file)));
    if (!parsed.success) throw new ContentError(`knowledge/content/${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  };
  const exists = (file: string) => fs.existsSync(path.join(dir, file));
  const wordList = (file: string) =>
    text(file)
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .flatMap((line) => line.split(/\s+/))
      .filter(Boolean);
  const catalogue = (language: Language) =>
    Object.assign({}, ...MESSAGE_AREAS.map((area) => json(`messages/${area}${language}.json`, S.MessageCatalogue))) as Record<string, string>;

  const documents = json('sources/sources.json', S.SourceManifest).documents;
  const content: Omit<Content, 'hash'> = {
    messages: { ar: catalogue('ar'), en: catalogue('en') },
    lexicon: {
      commands: json('lexicon/commands.json', S.CommandPhrases),
      intents: json('lexicon/intents.json', S.IntentPhrases),
      confirm: json('lexicon/confirm.json', S.ConfirmWords),
      expiryCues: json('lexicon/expiry-cues.json', S.ExpiryCues),
      lateRenewalCount: json('lexicon/late-renewal-count.json', S.LateRenewalCountLexicon),
      questionCues: json('lexicon/question-cues.json', S.QuestionCues),
      synonyms: json('lexicon/synonyms.json', S.Synonyms),
      stopwords: { ar: wordList('lexicon/stopwords-ar.txt'), en: wordList('lexicon/stopwords-en.txt') },
    },
    rules: {
      responseTime: json('rules/response-time.json', S.ResponseTimeRule),
      ownerOnly: json('rules/owner-only.json', S.OwnerOnlyRule),
      serviceCategories: json('rules/service-categories.json', S.ServiceCategoriesFile),
      holidays: json('rules/saudi-public-holidays.json', S.HolidaysFile),
      workingWeek: json('rules/working-week.json', S.WorkingWeekFile),
      iqamaFines: json('rules/iqama-fines.json', S.IqamaFineRules),
    },
    dates: { monthNames: json('dates/month-names.json', S.MonthNames), dateWords: json('dates/date-words.json', S.DateWords) },
    retrievalSettings: json('retrieval-settings.json', S.RetrievalSettings),
    sources: {
      documents,
      texts: Object.fromEntries(documents.map((d) => [d.id, text(`sources/${d.file}`)])),
      topics: Object.fromEntries(
        documents.filter((d) => exists(`sources/${d.id}.topics.json`)).map((d) => [d.id, json(`sources/${d.id}.topics.json`, S.CuratedTopics).topics]),
      ),
      outOfScope: exists('sources/out-of-scope.json') ? json('sources/out-of-scope.json', S.OutOfScopeQuestions) : { ar: [], en: [] },
    },
  };
  return { ...content, hash: hash.digest('hex') };
}

let current: Content | undefined;

/** Makes `content` the one every engine reads (index.ts, after loading it; tests with their own). */
export function useContent(content: Content): void {
  current = content;
}

/**
 * The content in use. Engines ask for it when they first need it, never while being imported; if
 * the composition root has not loaded it yet (a test of one engine, a script), it is loaded here, once.
 */
export function content(): Content {
  return (current ??= loadContent());
}
