import fs from 'node:fs';
import path from 'node:path';
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance';
import { z } from 'zod';
import { KnowledgeBase, KnowledgeEntry } from '../knowledgeBase';
import { Language } from '../language';
import { analyze } from '../text/analyzer';
import { isArabicScript } from '../text/normalizeText';
import { Bm25Index } from './bm25Index';

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
  /**
   * How much of the confidence comes from the single phrasing, sentence or list item that covers the
   * most of the question (the rest from the whole topic): words scattered over a section are weaker
   * evidence than words found together.
   */
  focus: z.number().min(0).max(1),
  /** An out-of-scope phrasing must cover this much more of the question than the best section does. */
  outOfScopeMargin: z.number().min(-1).max(1),
});
export type RetrievalSettings = z.infer<typeof RetrievalSettings>;

export function readRetrievalSettings(): RetrievalSettings {
  const file = path.join(__dirname, 'retrieval-settings.json');
  return RetrievalSettings.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export interface RankedTopic {
  topic: string;
  score: number;
  /** Share of the question's IDF weight that the topic's entries contain: the answer's confidence. */
  coverage: number;
  /** Share of it found together in the topic's best single phrasing, sentence or item. */
  unitCoverage: number;
}

export type FaqResult =
  | { kind: 'answer'; entry: KnowledgeEntry; confidence: number; related: KnowledgeEntry[] }
  | { kind: 'clarify'; candidates: KnowledgeEntry[] }
  | { kind: 'none'; confidence: number };

// Bounds the typo cache, which strangers' input fills.
const MAX_CACHED_CORRECTIONS = 10_000;

interface QueryTerm {
  term: string;
  weight: number;
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
  private readonly vocabulary: string[];
  /** Per entry, the terms of each phrasing, sentence and list item. */
  private readonly units: Set<string>[][];
  /** The terms of each out-of-scope phrasing: questions the documents do not answer. */
  private readonly outOfScope: Set<string>[];
  private readonly maxIdf: number;
  private readonly corrections = new Map<string, string | null>();

  constructor(
    knowledgeBase: KnowledgeBase,
    readonly settings: RetrievalSettings = readRetrievalSettings(),
  ) {
    this.entries = knowledgeBase.entries;
    this.askField = new Bm25Index(this.entries.map((e) => analyze(e.phrasings.join('\n'))));
    this.bodyField = new Bm25Index(this.entries.map((e) => analyze([e.title, ...e.paragraphs, ...e.items].join('\n'))));
    this.units = this.entries.map((e) =>
      [...e.phrasings, e.title, ...e.paragraphs.flatMap((p) => p.split(/[.!?؟،,]\s/)), ...e.items].map((text) => new Set(analyze(text))),
    );
    this.outOfScope = knowledgeBase.outOfScope.map((text) => new Set(analyze(text)));
    this.vocabulary = [...new Set([...this.askField.documentFrequency.keys(), ...this.bodyField.documentFrequency.keys()])];
    this.maxIdf = Math.log(1 + (this.entries.length + 0.5) / 0.5);
  }

  get entryCount(): number {
    return this.entries.length;
  }

  /** The entry of a topic in the wanted language, falling back to any language that has it. */
  entryFor(topic: string, language: Language): KnowledgeEntry | undefined {
    const ofTopic = this.entries.filter((e) => e.topic === topic);
    return ofTopic.find((e) => e.language === language) ?? ofTopic[0];
  }

  /**
   * The entry for a section named by its heading in any source document, in the wanted language:
   * for rules and dialogs that cite a section of the documents by name.
   */
  entryBySection(heading: string, language: Language): KnowledgeEntry | undefined {
    const named = this.entries.find((e) => e.source.section === heading);
    return named && this.entryFor(named.topic, language);
  }

  answer(question: string, language: Language): FaqResult {
    const ranked = this.rank(question);
    const best = ranked[0];
    if (!best || best.coverage < this.settings.threshold) return { kind: 'none', confidence: best?.coverage ?? 0 };
    if (this.outOfScopeCoverage(question) > best.unitCoverage + this.settings.outOfScopeMargin) return { kind: 'none', confidence: best.coverage };
    const close = ranked.filter((r, i) => i > 0 && r.score >= best.score * this.settings.clarifyRatio && r.coverage >= this.settings.threshold);
    if (close.length > 0) {
      return { kind: 'clarify', candidates: [best, ...close].slice(0, 3).map((r) => this.entryFor(r.topic, language)!) };
    }
    return { kind: 'answer', entry: this.entryFor(best.topic, language)!, confidence: best.coverage, related: this.relatedTo(best.topic, ranked, language) };
  }

  /** Topics ranked for a question, best first; topics that match nothing are left out. */
  rank(question: string): RankedTopic[] {
    const { terms, unknownCount } = this.queryTerms(question);
    if (terms.length === 0) return [];
    // Words we cannot place at all weigh like the rarest words we know: they are often what the question is about.
    const totalWeight = terms.reduce((sum, t) => sum + this.idfOf(t.term) * t.weight, 0) + unknownCount * this.maxIdf * this.settings.unknownWeight;
    const byTopic = new Map<string, { score: number; matched: Set<string>; focused: number }>();
    const weightOf = (t: QueryTerm) => this.idfOf(t.term) * t.weight;
    this.entries.forEach((entry, i) => {
      const { settings } = this;
      const score = terms.reduce(
        (sum, t) => sum + t.weight * (settings.askFieldWeight * this.askField.score(i, [t.term]) + settings.bodyFieldWeight * this.bodyField.score(i, [t.term])),
        0,
      );
      if (score <= 0) return;
      const topic = byTopic.get(entry.topic) ?? { score: 0, matched: new Set<string>(), focused: 0 };
      topic.score = Math.max(topic.score, score);
      for (const unit of this.units[i]) {
        topic.focused = Math.max(topic.focused, terms.filter((t) => unit.has(t.term)).reduce((sum, t) => sum + weightOf(t), 0));
      }
      for (const t of terms) if (this.askField.has(i, t.term) || this.bodyField.has(i, t.term)) topic.matched.add(t.term);
      byTopic.set(entry.topic, topic);
    });
    return [...byTopic.entries()]
      .map(([topic, { score, matched, focused }]) => {
        const spread = terms.filter((t) => matched.has(t.term)).reduce((sum, t) => sum + weightOf(t), 0);
        const { focus } = this.settings;
        return { topic, score, coverage: ((1 - focus) * spread + focus * focused) / totalWeight, unitCoverage: focused / totalWeight };
      })
      .sort((a, b) => b.score - a.score);
  }

  /**
   * How much of the question the closest out-of-scope phrasing covers, weighed like coverage: a
   * question about fees or phone numbers that shares words with a section is still not answered by it.
   */
  private outOfScopeCoverage(question: string): number {
    const terms = [...new Set(analyze(question))].filter((t) => !/^\d+$/.test(t));
    const weights = terms.map((t) => (this.correct(t) ? this.idfOf(this.correct(t)!) : this.maxIdf * this.settings.unknownWeight));
    const total = weights.reduce((a, w) => a + w, 0);
    if (total === 0) return 0;
    let best = 0;
    for (const phrasing of this.outOfScope) {
      const covered = terms.reduce((sum, t, i) => sum + (phrasing.has(t) || phrasing.has(this.correct(t) ?? '') ? weights[i] : 0), 0);
      best = Math.max(best, covered / total);
    }
    return best;
  }

  private idfOf(term: string): number {
    return Math.max(this.askField.idf(term), this.bodyField.idf(term));
  }

  /** The question's terms that the index knows, each corrected for a likely typo where needed. */
  private queryTerms(question: string): { terms: QueryTerm[]; unknownCount: number } {
    const seen = new Set<string>();
    const terms: QueryTerm[] = [];
    let unknownCount = 0;
    for (const raw of new Set(analyze(question))) {
      const corrected = this.correct(raw);
      // A number the documents lack ("3 days ago", a request number) says nothing about the topic.
      if (!corrected && /^\d+$/.test(raw)) continue;
      if (!corrected) unknownCount++;
      else if (!seen.has(corrected)) {
        seen.add(corrected);
        terms.push({ term: corrected, weight: corrected === raw ? 1 : this.settings.typoPenalty });
      }
    }
    return { terms, unknownCount };
  }

  private correct(term: string): string | undefined {
    if (this.askField.documentFrequency.has(term) || this.bodyField.documentFrequency.has(term)) return term;
    const minLength = isArabicScript(term) ? this.settings.typoMinLength : this.settings.typoMinLengthLatin;
    if (/^\d+$/.test(term) || term.startsWith('#') || term.length < minLength) return undefined;
    if (!this.corrections.has(term)) {
      if (this.corrections.size >= MAX_CACHED_CORRECTIONS) this.corrections.clear();
      const allowed = term.length >= 8 ? 2 : 1;
      let best: { word: string; distance: number } | undefined;
      for (const word of this.vocabulary) {
        if (Math.abs(word.length - term.length) > allowed) continue;
        const distance = DamerauLevenshteinDistance(term, word);
        if (distance <= allowed && (!best || distance < best.distance)) best = { word, distance };
      }
      this.corrections.set(term, best?.word ?? null);
    }
    return this.corrections.get(term) ?? undefined;
  }

  /** Two or three topics to offer next: the runners-up for this question, then the answer's neighbours in its document. */
  private relatedTo(topic: string, ranked: RankedTopic[], language: Language): KnowledgeEntry[] {
    const answer = this.entryFor(topic, language)!;
    const neighbours = this.entries
      .filter((e) => e.language === answer.language && e.topic !== topic && e.source.documentId === answer.source.documentId)
      .sort((a, b) => Math.abs(a.source.line - answer.source.line) - Math.abs(b.source.line - answer.source.line))
      .map((e) => e.topic);
    const topics = [...new Set([...ranked.slice(1, 3).map((r) => r.topic), ...neighbours])].filter((t) => t !== topic);
    return topics.slice(0, 3).map((t) => this.entryFor(t, language)!);
  }
}
