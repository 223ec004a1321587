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
const MESSAGE_AREAS = ['', 'requests.', 'channels.', 'fines.', 'handoff.'] as const;

/** The JSON files of knowledge/content/, each with its schema; `lexicon.expiryCues` is lexicon/expiry-cues.json. */
const JSON_FILES = {
  lexicon: {
    commands: S.CommandPhrases,
    intents: S.IntentPhrases,
    confirm: S.ConfirmWords,
    expiryCues: S.ExpiryCues,
    lateRenewalCount: S.LateRenewalCountLexicon,
    questionCues: S.QuestionCues,
    wholeSectionCues: S.WholeSectionCues,
    synonyms: S.Synonyms,
    dialect: S.Dialect,
  },
  rules: {
    responseTime: S.ResponseTimeRule,
    ownerOnly: S.OwnerOnlyRule,
    serviceOffers: S.ServiceOffers,
    serviceCategories: S.ServiceCategoriesFile,
    saudiPublicHolidays: S.HolidaysFile,
    holidayRules: S.HolidayRules,
    workingWeek: S.WorkingWeekFile,
    iqamaFines: S.IqamaFineRules,
  },
  dates: {
    monthNames: S.MonthNames,
    dateWords: S.DateWords,
  },
} as const;

type Files<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.infer<T[K]> };

/** One naming style for data files: the name the engines use, in kebab case. */
const fileName = (folder: string, name: string) => `${folder}/${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.json`;

/** Everything under knowledge/content/, read and validated. */
export interface Content {
  /** A hash of every file read: the stored knowledge base is rebuilt when it changes. */
  hash: string;
  messages: Record<Language, Record<string, string>>;
  lexicon: Files<typeof JSON_FILES.lexicon> & {
    /** Word lists: words separated by spaces or lines; lines starting with # are comments. */
    stopwords: Record<Language, string[]>;
  };
  rules: Files<typeof JSON_FILES.rules>;
  dates: Files<typeof JSON_FILES.dates>;
  retrievalSettings: S.RetrievalSettings;
  sources: {
    documents: S.SourceDocument[];
    /** Each document's text, by its id. */
    texts: Record<string, string>;
    /** Curated labels and phrasings, by the id of the document they describe. */
    topics: Record<string, Record<string, S.CuratedTopic>>;
    /** The paraphrase bank, per fact of each section, by the id of the document it describes. */
    paraphrases: Record<string, Record<string, S.ParaphrasedFact[]>>;
    outOfScope: z.infer<typeof S.OutOfScopeQuestions>;
    /** Official addresses for the steps whose links the documents lost, by Arabic section heading. */
    officialLinks: Record<string, S.OfficialLink>;
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
  const readAll = <T extends Record<string, z.ZodType>>(folder: keyof typeof JSON_FILES, files: T): Files<T> =>
    Object.fromEntries(Object.entries(files).map(([name, schema]) => [name, json(fileName(folder, name), schema)])) as Files<T>;
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
    lexicon: { ...readAll('lexicon', JSON_FILES.lexicon), stopwords: { ar: wordList('lexicon/stopwords-ar.txt'), en: wordList('lexicon/stopwords-en.txt') } },
    rules: readAll('rules', JSON_FILES.rules),
    dates: readAll('dates', JSON_FILES.dates),
    retrievalSettings: json('retrieval-settings.json', S.RetrievalSettings),
    sources: {
      documents,
      texts: Object.fromEntries(documents.map((d) => [d.id, text(`sources/${d.file}`)])),
      topics: Object.fromEntries(
        documents.filter((d) => exists(`sources/${d.id}.topics.json`)).map((d) => [d.id, json(`sources/${d.id}.topics.json`, S.CuratedTopics).topics]),
      ),
      paraphrases: Object.fromEntries(
        documents
          .filter((d) => exists(`sources/${d.id}.paraphrases.json`))
          .map((d) => [d.id, json(`sources/${d.id}.paraphrases.json`, S.ParaphraseBank).sections]),
      ),
      outOfScope: exists('sources/out-of-scope.json') ? json('sources/out-of-scope.json', S.OutOfScopeQuestions) : { ar: [], en: [] },
      officialLinks: exists('sources/official-links.json') ? json('sources/official-links.json', S.OfficialLinks).links : {},
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
