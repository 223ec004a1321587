/** A topic as the lexical retriever ranks it for a question: what the paraphrase ranker blends and the decision reads. */
export interface RankedTopic {
  topic: string;
  score: number;
  /** Share of the question's IDF weight that the topic's entries contain: the answer's confidence. */
  coverage: number;
  /** Share of it found together in the topic's best single phrasing, sentence or item. */
  unitCoverage: number;
}
