import { z } from 'zod';
import { Language } from './language';
import { Calendar } from './dates/parsedDate';

/**
 * The shape of every file under knowledge/content/: the single source of the types the engines
 * read it as. Only knowledge/content.ts reads the files; engines get them, validated, from there.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
function isRealDay(s: string): boolean {
  const day = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
}
/** A calendar date, "YYYY-MM-DD", with no time and no zone: working days are counted in whole days. */
export const CalendarDate = z.string().regex(DAY).refine(isRealDay, 'not a real date');
export type CalendarDate = z.infer<typeof CalendarDate>;

const WordList = z.array(z.string());

// ---- lexicon/
export const CommandPhrases = z.object({ help: WordList, menu: WordList, cancel: WordList, back: WordList, english: WordList, arabic: WordList });
export const IntentPhrases = z.object({
  submit: WordList,
  track: WordList,
  /** Adding information or files to a request already submitted. */
  addInfo: WordList,
  fines: WordList,
  staff: WordList,
  greet: WordList,
  /** Words that make a message about a service a question on how it works, answered from the documents. */
  howTo: WordList.default([]),
});
export const ConfirmWords = z.object({ yes: WordList, no: WordList });
export const ExpiryCues = z.object({
  todayWords: WordList.min(1),
  nowWords: WordList,
  expiryCues: WordList.min(1),
  iqamaStems: WordList,
  iqamaWords: WordList,
  penaltyStems: WordList,
  penaltyPhrases: WordList,
  lateStems: WordList,
  latePhrases: WordList,
  expiredCues: WordList,
  expiringCues: WordList,
});
export type ExpiryCues = z.infer<typeof ExpiryCues>;
export const LateRenewalCountLexicon = z.object({
  ordinals: z.record(z.string(), z.number().int().positive()),
  timeWords: WordList,
  counts: z.record(z.string(), z.number().int().positive()),
  before: WordList,
  never: WordList,
  including: WordList,
  previousOnce: WordList,
  onceIn: WordList,
  negations: WordList,
  negationFillers: WordList,
  noneAsAnswer: WordList,
});
export type LateRenewalCountLexicon = z.infer<typeof LateRenewalCountLexicon>;
/**
 * lexicon/question-cues.json: per cue, the phrases that mark it. `_factKinds` names the cues that ask
 * for a kind of fact (an amount, a phone number, another agency), as against the form of a question
 * (a definition, a consequence): a section answers a fact kind only where its own text gives it.
 */
export const QuestionCues = z
  .object({ _factKinds: WordList })
  .catchall(z.union([z.string(), WordList]))
  .superRefine((cues, ctx) => {
    for (const kind of cues._factKinds) if (!Array.isArray(cues[kind])) ctx.addIssue({ code: 'custom', message: `_factKinds names "${kind}", which is not a cue` });
  });
/** lexicon/whole-section-cues.json: words that ask for a section as a whole (its steps, all its conditions), so no one sentence of it leads the answer. */
export const WholeSectionCues = z.object({ _comment: z.string().optional(), phrases: WordList.min(1) });
export type WholeSectionCues = z.infer<typeof WholeSectionCues>;
export const Synonyms = z.object({ ar: z.record(z.string(), z.string()), en: z.record(z.string(), z.string()) });
/** lexicon/dialect.json: per language, words that carry no topic, and dialect words mapped to the documents' words. */
const DialectOfLanguage = z.object({ fillers: WordList, words: z.record(z.string(), z.string()) });
export const Dialect = z.object({ ar: DialectOfLanguage, en: DialectOfLanguage });

// ---- rules/
/** Where in the source document a rule comes from, so every reply that states it can cite it. */
export const RuleSource = z.object({ document: z.string(), section: z.string(), sectionEn: z.string() });
export type RuleSource = z.infer<typeof RuleSource>;
export const ResponseTimeRule = z.object({ workingDays: z.number().int().positive(), source: RuleSource });
export const OwnerOnlyRule = z.object({ source: RuleSource });
/** rules/service-offers.json: per service, the sections after whose answer the service is offered. */
export const ServiceOffers = z.object({ submit: WordList, track: WordList });

export const ServiceCategoryId = z.enum(['passport', 'dependants', 'residentAffairs', 'iqama', 'visitVisa', 'professionChange', 'serviceTransfer', 'other']);
export type ServiceCategoryId = z.infer<typeof ServiceCategoryId>;
export const ServiceCategory = z.object({
  id: ServiceCategoryId,
  label: z.object({ ar: z.string().min(1).max(20), en: z.string().min(1).max(20) }),
  keywords: WordList,
});
export type ServiceCategory = z.infer<typeof ServiceCategory>;
export const ServiceCategoriesFile = z.object({ source: RuleSource, categories: z.array(ServiceCategory) });

export const Holiday = z.object({ name: z.string(), from: CalendarDate, to: CalendarDate });
export type Holiday = z.infer<typeof Holiday>;
/** The holidays as announced, each named "<holiday> <year>" (Gregorian year for fixed days, Hijri for the Eids). */
export const HolidaysFile = z.object({ holidays: z.array(Holiday) });
/** How the holidays fall each year: fixed Gregorian days, and ranges of days of a Hijri month. */
export const HolidayRules = z.object({
  fixed: z.array(z.object({ name: z.string().min(1), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })),
  hijri: z.array(z.object({ name: z.string().min(1), month: z.number().int().min(1).max(12), fromDay: z.number().int().min(1).max(30), toDay: z.number().int().min(1).max(30) })),
});
export type HolidayRules = z.infer<typeof HolidayRules>;
// At least one working day: with none, addWorkingDays would never reach its count.
export const WorkingWeekFile = z.object({ workingDays: z.array(z.number().int().min(0).max(6)).min(1), utcOffsetHours: z.number() });

const Quote = z.object({ ar: z.string().min(1), en: z.string().min(1) });
export const OffenceRung = z.discriminatedUnion('consequence', [
  z.object({ offence: z.number().int().positive(), consequence: z.literal('fine'), amountSar: z.number().int().positive(), quote: Quote }),
  z.object({ offence: z.number().int().positive(), consequence: z.literal('deportation'), quote: Quote }),
]);
export type OffenceRung = z.infer<typeof OffenceRung>;
export const IqamaFineRules = z.object({
  /** The section of the source document the ladder is taken from, by its heading. */
  source: z.object({ file: z.string(), section: z.string() }),
  offences: z
    .array(OffenceRung)
    .min(1)
    .refine((rungs) => rungs.every((r, i) => r.offence === i + 1), 'offences must be numbered 1, 2, 3… in order'),
  /** Headings of the sections a reply about fines points to. */
  relatedSections: z.object({ renewalRequirements: z.string(), expiryCheck: z.string() }),
});
export type IqamaFineRules = z.infer<typeof IqamaFineRules>;

// ---- dates/
const MonthName = z.object({ month: z.number().int().min(1).max(12), ar: z.string(), en: z.string(), names: WordList.min(1) });
export const MonthNames = z.object({ gregorian: z.array(MonthName).length(12), hijri: z.array(MonthName).length(12) });
export type MonthNames = z.infer<typeof MonthNames>;
export { Calendar };

const DateUnit = z.object({
  days: z.number().int().positive().optional(),
  months: z.number().int().positive().optional(),
  singular: WordList,
  dual: WordList,
  plural: WordList,
});
export type DateUnit = z.infer<typeof DateUnit>;
export const DateWords = z.object({
  unknown: WordList,
  namedDays: z.record(z.string(), z.number().int()),
  past: WordList,
  future: WordList,
  countNeeded: WordList,
  units: z.record(z.string(), DateUnit),
  numbers: z.record(z.string(), z.number().int().positive()),
  approximatePhrases: z.record(z.string(), z.number().int()),
  ordinalDayUnits: z.record(z.string(), z.number().int().min(1).max(9)),
  ordinalDayTens: z.record(z.string(), z.number().int().min(10).max(30)),
  weekdays: z.record(z.string(), z.number().int().min(0).max(6)),
  weekdayWords: z.object({ next: WordList, last: WordList, this: WordList, thisPast: WordList, afterNext: WordList, beforeLast: WordList, thisPrefix: WordList }),
  relativeMonth: z.record(z.string(), z.number().int().min(-1).max(1)),
  monthWord: WordList,
  hijriWord: WordList,
  monthEdges: z.record(z.string(), z.enum(['start', 'middle', 'end'])),
  feasts: z.record(z.string(), z.tuple([z.number().int().min(1).max(12), z.number().int().min(1).max(30)])),
  hedges: WordList,
});
export type DateWords = z.infer<typeof DateWords>;

// ---- retrieval-settings.json
export const RetrievalSettings = z.object({
  threshold: z.number().min(0).max(1),
  clarifyRatio: z.number().min(0).max(1),
  askFieldWeight: z.number().nonnegative(),
  bodyFieldWeight: z.number().nonnegative(),
  typoPenalty: z.number().min(0).max(1),
  /** Shortest Arabic word corrected for a typo: short Arabic stems are a letter apart from many others. */
  typoMinLength: z.number().int().min(2),
  /** Shortest Latin-script word corrected for a typo ("trak"). */
  typoMinLengthLatin: z.number().int().min(2),
  /** Weight of a word the documents lack, as a share of the rarest known word's: what the question is about. */
  unknownWeight: z.number().min(0).max(1),
  /** An out-of-scope phrasing must cover this much more of the question than the best section does. */
  outOfScopeMargin: z.number().min(-1).max(1),
  /** The paraphrase ranker's share in ordering topics, beside BM25's (knowledge/retrieval/paraphraseRanker.ts). */
  rankerWeight: z.number().min(0).max(1).default(0),
  /** A topic the ranker gives at least this probability is answered with less coverage… */
  rankerAnswerProbability: z.number().min(0).max(1).default(1),
  /** …but never with less than this. */
  rankerMinCoverage: z.number().min(0).max(1).default(1),
  /** The ranker's out-of-scope class at this probability or more, above the best topic's, declines. */
  rankerDeclineProbability: z.number().min(0).max(1).default(1),
});
export type RetrievalSettings = z.infer<typeof RetrievalSettings>;

// ---- sources/
export const SourceDocument = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  file: z.string(),
  language: Language,
  title: z.string(),
  /** The id of the document this one renders into another language, section for section. */
  translationOf: z.string().optional(),
  /** SHA-256 of a document as it was given to us: the copy must stay byte for byte the same. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type SourceDocument = z.infer<typeof SourceDocument>;
export const SourceManifest = z.object({ documents: z.array(SourceDocument).min(1) });

const Bilingual = z.object({ ar: z.string().max(20), en: z.string().max(20) });
export const CuratedTopic = z.object({
  shortTitle: Bilingual,
  phrasings: z.object({ ar: WordList, en: WordList }),
});
export type CuratedTopic = z.infer<typeof CuratedTopic>;
export const CuratedTopics = z.object({ topics: z.record(z.string(), CuratedTopic) });
/** The official address a step's lost "here" link pointed to, by section heading, with where it comes from. */
export const OfficialLink = z.object({ label: z.string().min(1), address: z.url({ protocol: /^https$/ }), source: z.string().min(1) });
export type OfficialLink = z.infer<typeof OfficialLink>;
export const OfficialLinks = z.object({ links: z.record(z.string(), OfficialLink) });
export const OutOfScopeQuestions = z.object({ ar: WordList, en: WordList });
/** One fact a section states (quoted from the document) and the ways people ask about it, per language. */
export const ParaphrasedFact = z.object({ fact: z.string().min(1), ar: WordList, en: WordList });
export type ParaphrasedFact = z.infer<typeof ParaphrasedFact>;
/** `<document>.paraphrases.json`: the paraphrase bank, per section heading, per fact. */
export const ParaphraseBank = z.object({ sections: z.record(z.string(), z.array(ParaphrasedFact)) });

// ---- messages/
export const MessageCatalogue = z.record(z.string(), z.string());
