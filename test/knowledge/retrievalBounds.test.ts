import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { FaqRetriever, MAX_TYPO_LOOKUPS } from '../../knowledge/retrieval/faqRetriever';
import { TypoCorrector } from '../../knowledge/retrieval/typoCorrector';

/** What a question costs the retriever, bounded whatever the question holds. */
const knowledgeBase = buildKnowledgeBase();

const lookedUp = (retriever: FaqRetriever) => (retriever as unknown as { typos: TypoCorrector }).typos.remembered;

let seed = 11;
const randomWord = (length: number) => Array.from({ length }, () => String.fromCharCode(97 + ((seed = (seed * 48271) % 2147483647) % 26))).join('');

test(`at most ${MAX_TYPO_LOOKUPS} unknown words of a question are looked up as typos`, () => {
  const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
  const words = Array.from({ length: 140 }, () => randomWord(6));
  retriever.answer(`${words.join(' ')}?`, 'en');
  expect(lookedUp(retriever)).toBe(MAX_TYPO_LOOKUPS);
});

test('a typo among the first words of a question is still corrected', () => {
  const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
  const right = retriever.answer('how long does tawasul take to reply?', 'en');
  const typo = retriever.answer('how long does tawasul take to rpely?', 'en');
  if (right.kind !== 'answer') throw new Error('the question is answered');
  expect(typo).toMatchObject({ kind: 'answer', entry: { topic: right.entry.topic } });
});

test('words past any real word\'s length are not looked up as typos', () => {
  const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
  retriever.answer(`${randomWord(41)} ${randomWord(500)}?`, 'en');
  expect(lookedUp(retriever)).toBe(0);
});

test('a thousand characters of random words are ranked in milliseconds', () => {
  const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
  const question = () => `${Array.from({ length: 140 }, () => randomWord(6)).join(' ').slice(0, 998)}?`;
  retriever.answer(question(), 'en');
  const started = performance.now();
  for (let i = 0; i < 10; i++) retriever.answer(question(), 'en');
  // ~140 ms each before the look-ups were capped and pre-filtered; a few now.
  expect((performance.now() - started) / 10).toBeLessThan(50);
});
