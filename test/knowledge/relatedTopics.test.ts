import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { readDevSet, DEV_SET } from '../eval/faqEvaluation';

const knowledgeBase = buildKnowledgeBase();
const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });

/** entryFor by its definition: the topic's entry in the language, else its first entry. */
const entryOf = (topic: string, language: string) => knowledgeBase.entries.filter((e) => e.topic === topic).find((e) => e.language === language) ?? knowledgeBase.entries.find((e) => e.topic === topic);

test('every section\'s entry in each language is the first entry with that heading, by topic, as its definition gives', () => {
  const headings = [...new Set(knowledgeBase.entries.map((e) => e.source.section)), 'no such section'];
  for (const heading of headings) {
    const named = knowledgeBase.entries.find((e) => e.source.section === heading);
    for (const language of ['ar', 'en'] as const) expect(retriever.entryBySection(heading, language)).toBe(named && entryOf(named.topic, language));
  }
});

test('every topic\'s entry in each language is the one its definition gives', () => {
  for (const { topic } of knowledgeBase.entries) for (const language of ['ar', 'en', 'fr']) expect(retriever.entryFor(topic, language as never)).toBe(entryOf(topic, language));
  expect(retriever.entryFor('no such topic', 'ar')).toBeUndefined();
});

test('an answer\'s related topics do not depend on the questions answered before it', () => {
  const questions = readDevSet(DEV_SET);
  const other = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
  const shown = (r: ReturnType<FaqRetriever['answer']>) => (r.kind === 'answer' ? [r.entry.topic, r.entry.language, ...r.related.map((e) => `${e.topic}/${e.language}`)] : r.kind);
  const inOrder = questions.map((q) => shown(retriever.answer(q.q, q.lang)));
  const reversed = [...questions].reverse().map((q) => shown(other.answer(q.q, q.lang))).reverse();
  expect(inOrder).toEqual(reversed);
  expect(inOrder.filter((r) => Array.isArray(r) && r.length > 2).length).toBeGreaterThan(100);
  // Each related entry is its topic's entry in the question's language, never the answer itself.
  for (const q of questions) {
    const r = retriever.answer(q.q, q.lang);
    if (r.kind !== 'answer') continue;
    expect(r.related.every((e) => e === entryOf(e.topic, q.lang) && e.topic !== r.entry.topic)).toBe(true);
  }
});
