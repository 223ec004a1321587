import { LRUCache } from 'lru-cache';
import { KnowledgeBase, KnowledgeEntry } from '../knowledgeBase';
import { Language } from '../language';
import { analyze, factKindTerms } from '../text/analyzer';
import { Bm25Index, Posting } from './bm25Index';
import { asksWholeSection, FactUnit, factUnitsOf, leadingSentence } from './leadingSentence';
import { decide, ParaphraseRanker, paraphraseRankerFor, UngivenKind } from './paraphraseRanker';
import type { RankedTopic } from './rankedTopic';
import { TypoCorrector } from './typoCorrector';
import { content } from '../content';
import { RetrievalSettings } from '../contentSchemas';

export { RetrievalSettings };

/** The calibrated settings, from knowledge/content/retrieval-settings.json. */
export const retrievalSettings = (): RetrievalSettings => content().retrievalSettings;


export type FaqResult =
  | {
      kind: 'answer';
      entry: KnowledgeEntry;
      confidence: number;
      related: KnowledgeEntry[];
      /** The section's one sentence or item that answers what was asked, when one clearly does: said before the whole section. */
      lead?: string;
    }
  | { kind: 'clarify'; candidates: KnowledgeEntry[] }
  | { kind: 'none'; confidence: number };

/**
 * Words per question looked up as possible typos: each look-up compares the word with the whole
 * vocabulary (about a millisecond), and a question of a thousand random letters held a hundred of
 * them. Real questions have one or two typos; words past this many count as unknown, uncorrected.
 */
export const MAX_TYPO_LOOKUPS = 8;
/** Questions whose results are kept by default (the service's FAQ_ANSWER_CACHE): short texts, well under a megabyte. */
const DEFAULT_ANSWER_CACHE_SIZE = 2_000;

/** What the index holds of one term: a question's word is looked up once for all of it. */
interface IndexedTerm {
  /** Whether either field holds it; a word of the out-of-scope phrasings alone is not known. */
  known: boolean;
  /** Its weight in a question: the larger of its IDFs in the two fields. */
  idf: number;
  ask: Posting | undefined;
  body: Posting | undefined;
  /** The units (numbered across entries) that contain it. */
  units: readonly number[];
  /** The out-of-scope phrasings that contain it. */
  outOfScope: readonly number[];
}

const NOWHERE: readonly number[] = [];

interface QueryTerm {
  term: string;
  /** The word as analysed, before typo correction. */
  raw: string;
  /** 1, or less for a corrected typo. */
  penalty: number;
  /** The term's weight in the question: its IDF times its penalty. */
  weight: number;
  indexed: IndexedTerm;
  /** The word as typed, where it was corrected and the index has it (in the out-of-scope phrasings). */
  typed: IndexedTerm | undefined;
}

interface QueryTerms {
  terms: QueryTerm[];
  /** Words the documents lack. */
  unknown: string[];
  /** The question's terms as the index knows them (typos corrected), and the unknown words: what the paraphrase ranker reads. */
  analyzed: string[];
  /** The question's whole weight: its terms', and its unknown words' at `unknownWeight` of the rarest known word's. */
  totalWeight: number;
}

/**
 * Finds the knowledge entry that answers a question, or says that none does. Entries of every
 * language share one index (terms are analysed per script), ranked with BM25 over two fields —
 * the ways people ask (title and curated phrasings) and the section's text — and judged by how
 * much of the question's weight the best topic actually covers.
 */
export class FaqRetriever {
  private readonly entries: KnowledgeEntry[];
  private readonly askField: Bm25Index;
  private readonly bodyField: Bm25Index;
  /** Per entry, the terms of each phrasing, sentence and list item. */
  private readonly units: Set<string>[][];
  /** Each unit's entry (units are numbered across entries): coverage in one pass. */
  private readonly unitEntry: Int32Array;
  /** The terms of each out-of-scope phrasing: questions the documents do not answer. */
  private readonly outOfScope: Set<string>[];
  /** Every term of the fields, the units and the out-of-scope phrasings, with what the index holds of it. */
  private readonly indexedTerms = new Map<string, IndexedTerm>();
  /** Each entry's topic, numbered in the order topics first come in the knowledge base, and their names. */
  private readonly entryTopic: Int32Array;
  private readonly topicNames: string[] = [];
  /**
   * What ranking a question works in, made once: each unit's and out-of-scope phrasing's covered weight,
   * each entry's score and best unit, each topic's score, covered weight and best unit. One question is
   * ranked at a time (ranking never waits). The covered weights, of which a question touches a few
   * hundred of a thousand, are set back to 0 slot by slot once read; the rest are filled afresh.
   */
  private readonly unitCovered: Float64Array;
  private readonly outOfScopeCovered: Float64Array;
  private readonly entryScores: Float64Array;
  private readonly unitBest: Float64Array;
  private readonly topicScore: Float64Array;
  private readonly topicCoverage: Float64Array;
  private readonly topicFocused: Float64Array;
  /** The last of the question's terms counted in a topic's coverage: each term counts once per topic. */
  private readonly topicLastTerm: Int32Array;
  private readonly ranker: ParaphraseRanker;
  /** The cue terms that ask for a kind of fact (an amount, a phone number), and per topic those its section's own text gives. */
  private readonly factKinds = factKindTerms();
  private readonly kindsGiven = new Map<string, Set<string>>();
  /** The kinds some section gives: a question asking for any other is declined whatever it matches. */
  private readonly kindsGivenAnywhere = new Set<string>();
  private readonly maxIdf: number;
  /** Per entry, its own sentences and items and its title's terms: what may lead an answer (leadingSentence.ts). */
  private readonly leadParts = new Map<KnowledgeEntry, { units: FactUnit[]; titleTerms: Set<string> }>();
  private readonly typos: TypoCorrector;
  /** Each topic's entries, in the knowledge base's order: a result names its entries by topic, several times per question. */
  private readonly entriesOfTopic = new Map<string, KnowledgeEntry[]>();
  /** The first entry of each section heading: rules and dialogs name a section on every answer they quote or offer after. */
  private readonly entryOfSection = new Map<string, KnowledgeEntry>();
  /** Per answer entry, the other topics of its document in its language, nearest first: the same for every question it answers. */
  private readonly neighbourTopics = new Map<KnowledgeEntry, string[]>();
  /**
   * Results by language and question text. The knowledge base never changes while the process
   * runs, so a result stays right; and the same texts come again and again — every topic button
   * sends its section's title, and people ask the common questions in the same words.
   */
  private readonly answers: LRUCache<string, FaqResult> | undefined;

  /** `answerCacheSize`: how many questions' results to keep (0: none, every question is ranked). */
  constructor(
    knowledgeBase: KnowledgeBase,
    readonly settings: RetrievalSettings = retrievalSettings(),
    { answerCacheSize = DEFAULT_ANSWER_CACHE_SIZE }: { answerCacheSize?: number } = {},
  ) {
    this.answers = answerCacheSize > 0 ? new LRUCache({ max: answerCacheSize }) : undefined;
    this.entries = knowledgeBase.entries;
    for (const entry of this.entries) {
      const ofTopic = this.entriesOfTopic.get(entry.topic);
      if (ofTopic) ofTopic.push(entry);
      else this.entriesOfTopic.set(entry.topic, [entry]);
      if (!this.entryOfSection.has(entry.source.section)) this.entryOfSection.set(entry.source.section, entry);
    }
    this.askField = new Bm25Index(this.entries.map((e) => analyze(e.phrasings.join('\n'))));
    this.bodyField = new Bm25Index(this.entries.map((e) => analyze([e.title, ...e.paragraphs, ...e.items].join('\n'))));
    this.units = this.entries.map((e) =>
      [...e.phrasings, e.title, ...e.paragraphs.flatMap((p) => p.split(/[.!?؟،,]\s/)), ...e.items].map((text) => new Set(analyze(text))),
    );
    const unitsWithTerm = new Map<string, number[]>();
    const unitEntry: number[] = [];
    this.units.forEach((units, entry) =>
      units.forEach((unit) => {
        for (const term of unit) {
          const list = unitsWithTerm.get(term);
          if (list) list.push(unitEntry.length);
          else unitsWithTerm.set(term, [unitEntry.length]);
        }
        unitEntry.push(entry);
      }),
    );
    this.unitEntry = Int32Array.from(unitEntry);
    this.outOfScope = knowledgeBase.outOfScope.map((text) => new Set(analyze(text)));
    const outOfScopeWithTerm = new Map<string, number[]>();
    this.outOfScope.forEach((phrasing, i) => {
      for (const term of phrasing) {
        const list = outOfScopeWithTerm.get(term);
        if (list) list.push(i);
        else outOfScopeWithTerm.set(term, [i]);
      }
    });
    const fields = [this.askField, this.bodyField];
    for (const term of new Set([...fields.flatMap((field) => [...field.documentFrequency.keys()]), ...unitsWithTerm.keys(), ...outOfScopeWithTerm.keys()])) {
      this.indexedTerms.set(term, {
        known: fields.some((field) => field.documentFrequency.has(term)),
        idf: Math.max(this.askField.idf(term), this.bodyField.idf(term)),
        ask: this.askField.postings(term),
        body: this.bodyField.postings(term),
        units: unitsWithTerm.get(term) ?? NOWHERE,
        outOfScope: outOfScopeWithTerm.get(term) ?? NOWHERE,
      });
    }
    const topicNumbers = new Map<string, number>();
    this.entryTopic = Int32Array.from(this.entries, ({ topic }) => {
      let number = topicNumbers.get(topic);
      if (number === undefined) topicNumbers.set(topic, (number = this.topicNames.push(topic) - 1));
      return number;
    });
    this.unitCovered = new Float64Array(this.unitEntry.length);
    this.outOfScopeCovered = new Float64Array(this.outOfScope.length);
    this.entryScores = new Float64Array(this.entries.length);
    this.unitBest = new Float64Array(this.entries.length);
    this.topicScore = new Float64Array(this.topicNames.length);
    this.topicCoverage = new Float64Array(this.topicNames.length);
    this.topicFocused = new Float64Array(this.topicNames.length);
    this.topicLastTerm = new Int32Array(this.topicNames.length);
    // The guide's own text, not the phrasings written for it: a way of asking is not a fact given.
    for (const entry of this.entries) {
      const given = this.kindsGiven.get(entry.topic) ?? new Set<string>();
      for (const text of [entry.title, ...entry.paragraphs, ...entry.items]) for (const term of analyze(text)) if (this.factKinds.has(term)) given.add(term);
      this.kindsGiven.set(entry.topic, given);
      for (const kind of given) this.kindsGivenAnywhere.add(kind);
    }
    for (const entry of this.entries) this.leadParts.set(entry, { units: factUnitsOf(entry), titleTerms: new Set(analyze(entry.title)) });
    this.typos = new TypoCorrector([...new Set([...this.askField.documentFrequency.keys(), ...this.bodyField.documentFrequency.keys()])], settings);
    this.maxIdf = Math.log(1 + (this.entries.length + 0.5) / 0.5);
    this.ranker = paraphraseRankerFor(knowledgeBase);
  }

  get entryCount(): number {
    return this.entries.length;
  }

  /** The entry of a topic in the wanted language, falling back to any language that has it. */
  entryFor(topic: string, language: Language): KnowledgeEntry | undefined {
    const ofTopic = this.entriesOfTopic.get(topic) ?? [];
    return ofTopic.find((e) => e.language === language) ?? ofTopic[0];
  }

  /**
   * The entry for a section named by its heading in any source document, in the wanted language:
   * for rules and dialogs that cite a section of the documents by name.
   */
  entryBySection(heading: string, language: Language): KnowledgeEntry | undefined {
    const named = this.entryOfSection.get(heading);
    return named && this.entryFor(named.topic, language);
  }

  /** Whether a result may be handed out again (with the answer cache on), so that what is made from it is worth keeping with it. */
  get sharesResults(): boolean {
    return this.answers !== undefined;
  }

  /** The answer to a question, a "did you mean" between close topics, or none. Results are shared: do not change them. */
  answer(question: string, language: Language): FaqResult {
    if (!this.answers) return this.findAnswer(question, language);
    const key = `${language}\u0000${question}`;
    let result = this.answers.get(key);
    if (!result) {
      result = this.findAnswer(question, language);
      this.answers.set(key, result);
    }
    return result;
  }

  private findAnswer(question: string, language: Language): FaqResult {
    const query = this.queryTerms(question);
    const ranked = this.rankTerms(query);
    const decision = decide(ranked, this.ranker.probabilities(query.analyzed), this.outOfScopeCoverage(query), this.settings, this.lacksAskedKind(query));
    if (decision.kind === 'none') return decision;
    if (decision.kind === 'clarify') return { kind: 'clarify', candidates: decision.topics.map((r) => this.entryFor(r.topic, language)!) };
    const { best } = decision;
    const entry = this.entryFor(best.topic, language)!;
    const lead = asksWholeSection(question) ? undefined : this.leadFor(entry, query);
    return { kind: 'answer', entry, confidence: best.coverage, related: this.relatedTo(best.topic, decision.leading, language), ...(lead && { lead }) };
  }

  /** The sentence of an answer's section that answers the question itself, if one clearly does. */
  private leadFor(entry: KnowledgeEntry, { terms, totalWeight }: QueryTerms): string | undefined {
    const parts = this.leadParts.get(entry);
    if (!parts) return undefined;
    return leadingSentence(parts.units, parts.titleTerms, terms, totalWeight);
  }

  /**
   * Whether a topic's section leaves out a kind of fact the question asks for: a fee where only a
   * fine is stated, a phone number, an office's hours, another agency. A kind no section gives is
   * `'nowhere'` for every topic.
   */
  private lacksAskedKind({ analyzed }: QueryTerms): (topic: string) => UngivenKind {
    const asked = analyzed.filter((term) => this.factKinds.has(term));
    if (asked.length === 0) return () => false;
    if (this.asksKindGivenNowhere(asked)) return () => 'nowhere';
    return (topic) => asked.some((kind) => !this.kindsGiven.get(topic)?.has(kind));
  }

  /** Whether a question asks for a kind of fact no section gives (who pays a fine, an exemption from it): no answer here could hold it. */
  asksKindNoSectionGives(question: string): boolean {
    return this.asksKindGivenNowhere(analyze(question));
  }

  private asksKindGivenNowhere(terms: string[]): boolean {
    return terms.some((term) => this.factKinds.has(term) && !this.kindsGivenAnywhere.has(term));
  }

  /** Topics ranked for a question, best first; topics that match nothing are left out. */
  rank(question: string): RankedTopic[] {
    return this.rankTerms(this.queryTerms(question));
  }

  private rankTerms({ terms, totalWeight }: QueryTerms): RankedTopic[] {
    if (terms.length === 0) return [];
    const { askFieldWeight, bodyFieldWeight } = this.settings;
    const { unitCovered, unitEntry, unitBest, entryScores, entryTopic, topicScore, topicFocused } = this;
    // Each unit's covered weight, from the units each term is in; then each entry's best unit.
    unitBest.fill(0);
    for (const { weight, indexed } of terms) {
      for (const unit of indexed.units) {
        unitCovered[unit] += weight;
        if (unitCovered[unit] > unitBest[unitEntry[unit]]) unitBest[unitEntry[unit]] = unitCovered[unit];
      }
    }
    for (const { indexed } of terms) for (const unit of indexed.units) unitCovered[unit] = 0;
    // Each entry's score, from the postings of the question's terms.
    entryScores.fill(0);
    for (const { penalty, indexed } of terms) {
      if (indexed.ask) addScores(entryScores, indexed.ask, penalty * askFieldWeight);
      if (indexed.body) addScores(entryScores, indexed.body, penalty * bodyFieldWeight);
    }
    // Each topic's share of the question: the weight of the terms its scoring entries hold, each term once, in the question's order.
    this.topicCoverage.fill(0);
    this.topicLastTerm.fill(-1);
    terms.forEach(({ weight, indexed }, j) => {
      if (indexed.ask) this.addCoverage(indexed.ask, j, weight);
      if (indexed.body) this.addCoverage(indexed.body, j, weight);
    });
    // Topics in the order their first scoring entry comes, each with its best entry's score and best unit.
    topicScore.fill(0);
    topicFocused.fill(0);
    const topics: number[] = [];
    for (let i = 0; i < entryScores.length; i++) {
      const score = entryScores[i];
      if (score <= 0) continue;
      const topic = entryTopic[i];
      if (topicScore[topic] === 0) topics.push(topic);
      topicScore[topic] = Math.max(topicScore[topic], score);
      if (unitBest[i] > topicFocused[topic]) topicFocused[topic] = unitBest[i];
    }
    const ranked: RankedTopic[] = [];
    for (const topic of topics) {
      insertByScore(ranked, {
        topic: this.topicNames[topic],
        score: topicScore[topic],
        coverage: this.topicCoverage[topic] / totalWeight,
        unitCoverage: topicFocused[topic] / totalWeight,
      });
    }
    return ranked;
  }

  /** Counts the `j`th term's weight once in the coverage of each topic that has a scoring entry among a posting's documents. */
  private addCoverage({ documents }: Posting, j: number, weight: number): void {
    const { entryScores, entryTopic, topicLastTerm, topicCoverage } = this;
    for (const i of documents) {
      if (!(entryScores[i] > 0) || topicLastTerm[entryTopic[i]] === j) continue;
      topicLastTerm[entryTopic[i]] = j;
      topicCoverage[entryTopic[i]] += weight;
    }
  }

  /**
   * How much of the question the closest out-of-scope phrasing covers, weighed like coverage: a
   * question about fees or phone numbers that shares words with a section is still not answered by it.
   */
  private outOfScopeCoverage({ terms, unknown, totalWeight: total }: QueryTerms): number {
    const unknownWeight = this.maxIdf * this.settings.unknownWeight;
    if (total === 0) return 0;
    // Only the phrasings that share a word with the question, found through the word: the list grows with every near miss.
    const covered = this.outOfScopeCovered;
    const added: (readonly number[])[] = [];
    for (const t of terms) {
      added.push(t.indexed.outOfScope);
      for (const phrasing of t.indexed.outOfScope) covered[phrasing] += t.weight;
      if (t.raw === t.term || !t.typed) continue;
      // The word as typed, where the phrasing lacks the correction: a term counts once.
      added.push(t.typed.outOfScope);
      for (const phrasing of t.typed.outOfScope) if (!this.outOfScope[phrasing].has(t.term)) covered[phrasing] += t.weight;
    }
    for (const word of unknown) {
      const phrasings = this.indexedTerms.get(word)?.outOfScope ?? NOWHERE;
      added.push(phrasings);
      for (const phrasing of phrasings) covered[phrasing] += unknownWeight;
    }
    // The best phrasing among those added to, each set back to 0 once read.
    let best = 0;
    for (const phrasings of added) {
      for (const phrasing of phrasings) {
        if (covered[phrasing] > best) best = covered[phrasing];
        covered[phrasing] = 0;
      }
    }
    return best / total;
  }

  /** The question's terms that the index knows, each corrected for a likely typo where needed, and the words it does not. */
  private queryTerms(question: string): QueryTerms {
    const seen = new Set<string>();
    const terms: QueryTerm[] = [];
    const unknown: string[] = [];
    let lookups = 0;
    const analyzed = analyze(question);
    // What the ranker reads: the words as the index knows them, typos corrected.
    const rankerTerms: string[] = [];
    for (const raw of new Set(analyzed)) {
      const indexed = this.indexedTerms.get(raw);
      let corrected: string | undefined;
      if (indexed?.known) corrected = raw;
      // Counted whether or not the look-up is cached, so a question's answer never depends on earlier questions.
      else if (this.typos.mayBeTypo(raw) && lookups++ < MAX_TYPO_LOOKUPS) corrected = this.typos.correct(raw);
      // A number the documents lack ("3 days ago", a request number) says nothing about the topic.
      if (!corrected && /^\d+$/.test(raw)) continue;
      rankerTerms.push(corrected ?? raw);
      if (!corrected) unknown.push(raw);
      else if (!seen.has(corrected)) {
        seen.add(corrected);
        const penalty = corrected === raw ? 1 : this.settings.typoPenalty;
        const known = corrected === raw ? indexed! : this.indexedTerms.get(corrected)!;
        terms.push({ term: corrected, raw, penalty, weight: known.idf * penalty, indexed: known, typed: corrected === raw ? undefined : indexed });
      }
    }
    let totalWeight = 0;
    for (const { weight } of terms) totalWeight += weight;
    // Words we cannot place at all weigh like the rarest words we know: they are often what the question is about.
    totalWeight += unknown.length * this.maxIdf * this.settings.unknownWeight;
    return { terms, unknown, totalWeight, analyzed: rankerTerms };
  }

  /** Two or three topics to offer next: the runners-up for this question, then the answer's neighbours in its document. */
  private relatedTo(topic: string, ranked: RankedTopic[], language: Language): KnowledgeEntry[] {
    const answer = this.entryFor(topic, language)!;
    let neighbours = this.neighbourTopics.get(answer);
    if (!neighbours) {
      neighbours = this.entries
        .filter((e) => e.language === answer.language && e.topic !== answer.topic && e.source.documentId === answer.source.documentId)
        .sort((a, b) => Math.abs(a.source.line - answer.source.line) - Math.abs(b.source.line - answer.source.line))
        .map((e) => e.topic);
      this.neighbourTopics.set(answer, neighbours);
    }
    const topics: string[] = [];
    const offer = (other: string) => {
      if (topics.length < 3 && other !== topic && !topics.includes(other)) topics.push(other);
    };
    for (const runnerUp of ranked.slice(1, 3)) offer(runnerUp.topic);
    for (const neighbour of neighbours) offer(neighbour);
    return topics.map((t) => this.entryFor(t, language)!);
  }
}

/** Adds a posting's scores, each times `weight`, to its documents' scores. */
function addScores(scores: Float64Array, { documents, scores: documentScores }: Posting, weight: number): void {
  for (let p = 0; p < documents.length; p++) scores[documents[p]] += weight * documentScores[p];
}

/**
 * Puts a topic after every topic scored as high: ranked best first, ties in the order they came, as a
 * stable sort by score would, without sorting the ten or so topics a question matches with a comparator.
 */
function insertByScore(ranked: RankedTopic[], topic: RankedTopic): void {
  let at = ranked.length;
  ranked.push(topic);
  while (at > 0 && ranked[at - 1].score < topic.score) {
    ranked[at] = ranked[at - 1];
    at--;
  }
  ranked[at] = topic;
}
