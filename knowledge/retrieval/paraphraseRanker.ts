import type { RetrievalSettings } from '../contentSchemas';
import { KnowledgeBase } from '../knowledgeBase';
import { analyze } from '../text/analyzer';
import type { RankedTopic } from './rankedTopic';

/** The label of the out-of-scope class: questions the documents do not answer (sources/out-of-scope.json). */
export const OUT_OF_SCOPE = '∅';

/** Training, fixed so that the same knowledge base always gives the same model. */
const EPOCHS = 20;
const LEARNING_RATE = 0.5;
const L2 = 1e-4;
/** A sentence of a section's text teaches less than a way people ask: it is written, not asked. */
const BODY_SAMPLE_WEIGHT = 0.5;
/** Character n-grams of the analysed terms, beside the terms: spelling variants and joined words still meet. */
const GRAM_SIZES = [3, 4];
const GRAM_VALUE = 0.35;

/**
 * A question's features: its analysed terms (after the dialect layer and synonyms), and the
 * character n-grams of each term, so "تجديدالاقامه", "الجوزات" or "iqamma" share most of their
 * features with the words the documents use. Cue terms ("#definition") are kept as they are.
 */
export function features(terms: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const term of terms) {
    out.set(`w:${term}`, 1);
    if (term.startsWith('#')) continue;
    const padded = ` ${term} `;
    for (const n of GRAM_SIZES) {
      for (let i = 0; i + n <= padded.length; i++) {
        const gram = `c:${padded.slice(i, i + n)}`;
        if (!out.has(gram)) out.set(gram, GRAM_VALUE);
      }
    }
  }
  return out;
}

/** A deterministic shuffle (mulberry32), so training does not depend on Math.random. */
function shuffled<T>(items: T[], seed = 15): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

interface Example {
  /** Feature indices and their values. */
  indices: Int32Array;
  values: Float64Array;
  label: number;
  weight: number;
}

/**
 * A multinomial logistic regression (softmax) over the question's words and character n-grams,
 * trained on each topic's title, curated phrasings, paraphrase bank and document sentences, and on
 * the out-of-scope phrasings as a class of their own. It ranks topics where the words of a question
 * are not the document's; the lexical retriever beside it keeps the evidence and the citation.
 * Sparse and small: a question's few dozen features times the topics, far under a millisecond.
 */
export class ParaphraseRanker {
  readonly labels: string[];
  private readonly featureIndex = new Map<string, number>();
  /** Row-major: feature × label. */
  private weights = new Float64Array(0);
  private readonly bias: Float64Array;
  /**
   * A question's scores, worked out here and handed on as an array: a Float64Array of this many labels
   * is allocated outside V8's heap, at many times the cost of an array. One question at a time.
   */
  private readonly scores: Float64Array;
  /**
   * The cue terms some section carries. A cue of a kind no section gives (a phone number, an office)
   * says nothing about which topic is meant: the retriever weighs it as a word the documents lack and
   * the out-of-scope phrasings of its kind cover it, so the ranker leaves it out.
   */
  private readonly sectionCues = new Set<string>();
  private readonly termFeatures = new Map<string, TermFeatures>();
  private readonly labelIndex: ReadonlyMap<string, number>;
  /** For each feature, the number of the last question that counted it (see `probabilities`). */
  private readonly countedFor: Uint32Array;
  private questionsRanked = 0;

  constructor(knowledgeBase: KnowledgeBase) {
    this.labels = [...new Set(knowledgeBase.entries.map((e) => e.topic)), OUT_OF_SCOPE];
    const labelOf = new Map(this.labels.map((l, i) => [l, i]));
    this.labelIndex = labelOf;
    for (const entry of knowledgeBase.entries)
      for (const text of [entry.title, ...entry.phrasings, ...entry.paragraphs, ...entry.items])
        for (const term of analyze(text)) if (term.startsWith('#')) this.sectionCues.add(term);
    const examples: Example[] = [];
    const add = (text: string, label: number, weight: number) => {
      const terms = this.known(analyze(text));
      if (!terms.length) return;
      const x = features(terms);
      const indices = new Int32Array(x.size);
      const values = new Float64Array(x.size);
      let i = 0;
      for (const [feature, value] of x) {
        let index = this.featureIndex.get(feature);
        if (index === undefined) this.featureIndex.set(feature, (index = this.featureIndex.size));
        indices[i] = index;
        values[i++] = value;
      }
      examples.push({ indices, values, label, weight });
    };
    for (const entry of knowledgeBase.entries) {
      const label = labelOf.get(entry.topic)!;
      for (const phrasing of new Set([entry.title, ...entry.phrasings])) add(phrasing, label, 1);
      for (const sentence of [...entry.paragraphs.flatMap((p) => p.split(/[.!?؟،,]\s/)), ...entry.items]) add(sentence, label, BODY_SAMPLE_WEIGHT);
    }
    for (const question of knowledgeBase.outOfScope) add(question, labelOf.get(OUT_OF_SCOPE)!, 1);
    this.bias = new Float64Array(this.labels.length);
    this.weights = new Float64Array(this.featureIndex.size * this.labels.length);
    this.countedFor = new Uint32Array(this.featureIndex.size);
    this.train(examples);
    this.scores = new Float64Array(this.labels.length);
  }

  private train(examples: Example[]): void {
    const k = this.labels.length;
    const { weights, bias } = this;
    const scores = new Float64Array(k);
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const rate = LEARNING_RATE / (1 + epoch * 0.2);
      // Weight decay once per epoch, over every weight: cheaper than per step and the same in effect.
      const decay = 1 - rate * L2 * examples.length;
      for (let i = 0; i < weights.length; i++) weights[i] *= decay;
      for (const { indices, values, label, weight } of shuffled(examples, epoch + 1)) {
        scores.set(bias);
        for (let f = 0; f < indices.length; f++) {
          const row = indices[f] * k;
          for (let c = 0; c < k; c++) scores[c] += weights[row + c] * values[f];
        }
        softmaxInPlace(scores);
        for (let c = 0; c < k; c++) scores[c] = (scores[c] - (c === label ? 1 : 0)) * weight * rate;
        for (let c = 0; c < k; c++) bias[c] -= scores[c];
        for (let f = 0; f < indices.length; f++) {
          const row = indices[f] * k;
          for (let c = 0; c < k; c++) weights[row + c] -= scores[c] * values[f];
        }
      }
    }
  }

  /** The terms the ranker reads: all but the cues no section carries. */
  private known(terms: string[]): string[] {
    return terms.filter((term) => this.isKnown(term));
  }

  private isKnown(term: string): boolean {
    return !term.startsWith('#') || this.sectionCues.has(term);
  }

  /** Each label's probability for a question already analysed into terms. */
  probabilities(analyzed: string[]): LabelProbabilities {
    const { weights, countedFor, scores } = this;
    const k = this.labels.length;
    scores.set(this.bias);
    // A feature counts once per question, however many of its terms share it (as features() builds them):
    // a feature is marked with the question's number rather than gathered in a set made per question.
    const question = this.nextQuestion();
    for (const term of analyzed) {
      if (!this.isKnown(term)) continue;
      const { indices, values } = this.modelFeaturesOf(term);
      for (let f = 0; f < indices.length; f++) {
        const index = indices[f];
        if (countedFor[index] === question) continue;
        countedFor[index] = question;
        const row = index * k;
        for (let c = 0; c < k; c++) scores[c] += weights[row + c] * values[f];
      }
    }
    softmaxInPlace(scores);
    const probabilities: number[] = [];
    for (const p of scores) probabilities.push(p);
    return new LabelProbabilities(this.labelIndex, probabilities);
  }

  /** A number no feature is marked with yet; the marks start afresh when the numbers run out. */
  private nextQuestion(): number {
    if (this.questionsRanked === 0xffffffff) {
      this.countedFor.fill(0);
      this.questionsRanked = 0;
    }
    return ++this.questionsRanked;
  }

  /**
   * A term's features that the model knows, in features()'s order: kept per term, since the words of
   * questions come again and again, and building each n-gram's name and looking it up was most of the
   * time a question took to rank.
   */
  private modelFeaturesOf(term: string): TermFeatures {
    let known = this.termFeatures.get(term);
    if (known) return known;
    const indices: number[] = [];
    const values: number[] = [];
    for (const [feature, value] of features([term])) {
      const index = this.featureIndex.get(feature);
      if (index !== undefined) indices.push(index), values.push(value);
    }
    known = { indices: Int32Array.from(indices), values: Float64Array.from(values) };
    // Strangers' words fill it: bounded, and started afresh when full.
    if (this.termFeatures.size >= MAX_CACHED_TERMS) this.termFeatures.clear();
    this.termFeatures.set(term, known);
    return known;
  }
}

/** A question's probability for each label (a topic or OUT_OF_SCOPE), read by label: 0 for a label the ranker does not know. */
export class LabelProbabilities {
  constructor(
    private readonly labelIndex: ReadonlyMap<string, number>,
    private readonly scores: readonly number[],
  ) {}

  of(label: string): number {
    const index = this.labelIndex.get(label);
    return index === undefined ? 0 : this.scores[index];
  }
}

interface TermFeatures {
  indices: Int32Array;
  values: Float64Array;
}

/** Terms whose features are kept: far more than the documents' and the common questions' words. */
const MAX_CACHED_TERMS = 20_000;

const trained = new WeakMap<KnowledgeBase, ParaphraseRanker>();

/** The ranker of a knowledge base, trained once however many retrievers serve it. */
export function paraphraseRankerFor(knowledgeBase: KnowledgeBase): ParaphraseRanker {
  let ranker = trained.get(knowledgeBase);
  if (!ranker) trained.set(knowledgeBase, (ranker = new ParaphraseRanker(knowledgeBase)));
  return ranker;
}

function softmaxInPlace(scores: Float64Array): void {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += scores[i] = Math.exp(scores[i] - max);
  for (let i = 0; i < scores.length; i++) scores[i] /= sum;
}

export interface BlendedTopic extends RankedTopic {
  /** The ranker's probability for the topic. */
  probability: number;
  /** BM25's score as a share of the best, and the ranker's probability, weighed by `rankerWeight`. */
  blended: number;
}

/** Whether a topic's section lacks a kind of fact the question asks for; `'nowhere'`: no section gives it. */
export type UngivenKind = boolean | 'nowhere';

export type Decision =
  | { kind: 'answer'; best: BlendedTopic; leading: BlendedTopic[] }
  | { kind: 'clarify'; topics: BlendedTopic[] }
  | { kind: 'none'; confidence: number };

/** How many of the blended order's first topics an answer carries: the answer's runners-up are read from them. */
const LEADING = 3;

/**
 * How far down the blended order an answer may come from: the ranker's favourite that lacks the
 * evidence (coverage) gives way to the runner-up that has it, so a dialect question the ranker
 * half-misreads is still answered from the section whose words it uses.
 */
const RUNNERS_UP = 1;

/**
 * What to do with a question, from both signals: the lexical retriever's topics (BM25 score and
 * coverage, the evidence) and the ranker's probabilities (topics and the out-of-scope class).
 * Topics are ordered by the blend; the first of the best two that covers enough of the question,
 * or that the ranker is sure of and covers some, is answered; declined when nothing qualifies, when the
 * ranker's out-of-scope class is likelier than the best topic, or when an out-of-scope phrasing
 * covers the question better than the topic's best unit does. A question asking for a kind of fact
 * the topic's section does not give (`asksUngivenKind`: a fact-kind cue of question-cues.json that the
 * section's own text does not carry, such as a fee where only a fine is stated, a phone number or a
 * lost iqama) is answered only when one unit of the topic covers most of it, as `threshold` asks of
 * coverage; one asking for a kind no section gives (`'nowhere'`: who pays a fine, an exemption, when the
 * service was launched) is declined however well its other words match, since no answer could hold it.
 * With `rankerWeight` 0 and the ranker's thresholds at 1 this is the lexical retriever alone.
 */
export function decide(
  ranked: RankedTopic[],
  probabilities: LabelProbabilities,
  outOfScopeCoverage: number,
  settings: RetrievalSettings,
  asksUngivenKind: (topic: string) => UngivenKind = () => false,
): Decision {
  const top = ranked[0];
  if (!top) return { kind: 'none', confidence: 0 };
  const { rankerWeight: weight } = settings;
  // The blend of every ranked topic, and their blended order (a stable sort, as of the topics themselves):
  // a topic is made a BlendedTopic only if it is handed on.
  // Arrays, not Float64Arrays: typed arrays of ten topics are allocated outside V8's heap, at many times the cost.
  const probability: number[] = [];
  const blend: number[] = [];
  const order: number[] = [];
  for (let i = 0; i < ranked.length; i++) {
    probability.push(probabilities.of(ranked[i].topic));
    blend.push((1 - weight) * (ranked[i].score / top.score) + weight * probability[i]);
    // After every topic blended as high: a stable sort's order, without a comparator's calls for the ten or so topics.
    let at = order.length;
    order.push(i);
    while (at > 0 && blend[order[at - 1]] < blend[i]) {
      order[at] = order[at - 1];
      at--;
    }
    order[at] = i;
  }
  const blended = (i: number): BlendedTopic => {
    const { topic, score, coverage, unitCoverage } = ranked[i];
    return { topic, score, coverage, unitCoverage, probability: probability[i], blended: blend[i] };
  };
  const isConfident = (i: number) =>
    ranked[i].coverage >= settings.threshold ||
    (probability[i] >= settings.rankerAnswerProbability && ranked[i].coverage >= settings.rankerMinCoverage);
  const chosen = order.slice(0, RUNNERS_UP + 1).find(isConfident);
  if (chosen === undefined) return { kind: 'none', confidence: ranked[order[0]].coverage };
  const best = blended(chosen);
  const outOfScope = probabilities.of(OUT_OF_SCOPE);
  if (outOfScope >= settings.rankerDeclineProbability && outOfScope > best.probability) return { kind: 'none', confidence: best.coverage };
  if (outOfScopeCoverage > best.unitCoverage + settings.outOfScopeMargin) return { kind: 'none', confidence: best.coverage };
  const ungiven = asksUngivenKind(best.topic);
  if (ungiven === 'nowhere' || (ungiven && best.unitCoverage < settings.threshold)) return { kind: 'none', confidence: best.coverage };
  const close = order.filter((i) => i !== chosen && blend[i] >= best.blended * settings.clarifyRatio && ranked[i].coverage >= settings.threshold);
  if (close.length > 0) return { kind: 'clarify', topics: [best, ...close.slice(0, 2).map(blended)] };
  return { kind: 'answer', best, leading: order.slice(0, LEADING).map((i) => (i === chosen ? best : blended(i))) };
}
