import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { faqReply } from '../../dialogs/faq/faqReply';

const retriever = new FaqRetriever(buildKnowledgeBase());

test('a topic button shows its short label as what the person said, and sends the full section title', () => {
  const result = retriever.answer('كم ياخذ الرد على طلب تواصل؟', 'ar');
  expect(result.kind).toBe('answer');
  const actions = faqReply(result, 'ar').suggestedActions!.actions;
  expect(actions.length).toBeGreaterThan(0);
  for (const action of actions) {
    expect(action.type).toBe('messageBack');
    expect(action.displayText).toBe(action.title);
    expect(String(action.text).length).toBeGreaterThan(String(action.title).length);
    // The title sent retrieves that very section.
    const followed = retriever.answer(String(action.text), 'ar');
    expect(followed.kind === 'answer' && followed.entry.title).toBe(action.text);
  }
});

test('a citation names its section first, and its text is cut at a word with an ellipsis, links shown as their labels', () => {
  const result = retriever.answer('كيف اقدم طلب تواصل من ابشر', 'ar');
  expect(result.kind).toBe('answer');
  const entity = faqReply(result, 'ar').entities![0] as unknown as { citation: { appearance: { name: string; abstract: string } }[] };
  const { name, abstract } = entity.citation[0].appearance;
  expect(name.startsWith('كيفية تقديم طلب عبر خدمة تواصل الجوازات (منصة أبشر)')).toBe(true);
  expect(abstract.endsWith('…')).toBe(true);
  expect(abstract.length).toBeLessThanOrEqual(301);
  expect(abstract).toContain('absher.sa');
  expect(abstract).not.toContain('](');
});
