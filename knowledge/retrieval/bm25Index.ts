/**
 * Okapi BM25 over one field of a set of documents that are already analysed into terms.
 * Small on purpose: the knowledge base has tens of entries, and the index is rebuilt at start-up.
 */
export class Bm25Index {
  private readonly termFrequencies: Map<string, number>[];
  private readonly lengths: number[];
  private readonly averageLength: number;
  readonly documentFrequency = new Map<string, number>();
  /** Built on first use per term; bounded by the documents' own vocabulary. */
  private readonly postingsByTerm = new Map<string, Posting>();

  constructor(
    documents: string[][],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.termFrequencies = documents.map((terms) => {
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const term of counts.keys()) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      return counts;
    });
    this.lengths = documents.map((terms) => terms.length);
    this.averageLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, documents.length);
  }

  /**
   * The documents that hold a term and each one's score for it: scores depend on the documents alone,
   * so a query adds up the lists of its terms instead of scoring every document for every term.
   */
  postings(term: string): Posting | undefined {
    let found = this.postingsByTerm.get(term);
    if (found === undefined && this.documentFrequency.has(term)) {
      const documents: number[] = [];
      const scores: number[] = [];
      this.termFrequencies.forEach((counts, document) => {
        if (counts.has(term)) documents.push(document), scores.push(this.score(document, term));
      });
      found = { documents, scores };
      this.postingsByTerm.set(term, found);
    }
    return found;
  }

  get size(): number {
    return this.lengths.length;
  }

  idf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** The BM25 score of one document for one query term. */
  score(documentIndex: number, term: string): number {
    const tf = this.termFrequencies[documentIndex].get(term);
    if (!tf) return 0;
    const lengthRatio = this.lengths[documentIndex] / (this.averageLength || 1);
    return (this.idf(term) * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + this.b * lengthRatio));
  }
}

export interface Posting {
  documents: number[];
  scores: number[];
}
