import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { DEV_SET, HOLDOUT_SET, readDevSet } from '../eval/faqEvaluation';

/**
 * The retriever ranks every question in arrays it keeps (each unit's and out-of-scope phrasing's covered
 * weight, each entry's and topic's score) instead of making them per question: what one question leaves
 * there must never reach the next. Two retrievers take the same questions in opposite orders, with a
 * question of a hundred typos and one of no known word between, and must give each the same result.
 */
const knowledgeBase = buildKnowledgeBase();
const questions = [...readDevSet(DEV_SET), ...readDevSet(HOLDOUT_SET)];
const noise = ['tawasl iqamma renewl feees pasport absherr complant muqeim', 'zzq qqz xqz', ''];

test('a question ranks and is answered the same whatever was asked before it', () => {
  const forward = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
  const backward = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
  const resultsOf = (retriever: FaqRetriever, order: typeof questions) =>
    new Map(
      order.flatMap((q, i) => {
        retriever.rank(noise[i % noise.length]);
        return [[`${q.lang} ${q.q}`, { ranked: retriever.rank(q.q), answer: retriever.answer(q.q, q.lang) }]] as const;
      }),
    );
  const inOrder = resultsOf(forward, questions);
  const reversed = resultsOf(backward, [...questions].reverse());
  expect(reversed.size).toBe(inOrder.size);
  for (const [question, result] of inOrder) expect({ question, ...reversed.get(question) }).toEqual({ question, ...result });
});
