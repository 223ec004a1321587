import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { FaqResult, FaqRetriever } from '../../knowledge/retrieval/faqRetriever';

// What a person notices of the dialect reading: the section that answers, or an honest "not covered".
const retriever = new FaqRetriever(buildKnowledgeBase(), undefined, { answerCacheSize: 0 });
/** The topic answered (a section and the closing FAQ's restatement of it are one topic), or the kind of reply. */
const topicOf = (result: FaqResult) => (result.kind === 'answer' ? result.entry.topic : result.kind);

test.each([
  // "How do I get to the service": the lexicon's entry for خدمه meets it with the preposition ل joined.
  ['من وين اوصل لخدمة تواصل', 'ما هي المنصات التي تقدم خدمة تواصل؟'],
  // "Via Muqeem" is the portal, not the residents the Absher section speaks of.
  ['كيف اقدم طلب في تواصل عن طريق مقيم', 'خطوات تقديم طلب عبر خدمة تواصل (بوابة مقيم)'],
  // "What happens if I do not renew" asks for the penalties, not the requirements.
  ['وش يصير لو ما جددت الاقامه', 'عقوبات عدم تجديد هوية مقيم'],
  ['what happens if i dont renew my iqama', 'عقوبات عدم تجديد هوية مقيم'],
])('"%s" is answered from "%s"', (question, section) => {
  expect(topicOf(retriever.answer(question, /[a-z]/.test(question) ? 'en' : 'ar'))).toBe(retriever.entryBySection(section, 'ar')!.topic);
});

test.each([
  // The same words as a section, a fact the guide does not give.
  ['كم غرامة انتهاء الجواز السعودي', 'ar'],
  ['كم يوم ياخذ تجديد الاقامه', 'ar'],
  ['how to register my car in absher', 'en'],
  ['how long does iqama renewal take', 'en'],
  // The requirements say the fees must be paid, not what they cost.
  ['iqama renewal cost for housemaid', 'en'],
] as const)('"%s" is declined: the guide does not say', (question, language) => {
  expect(retriever.answer(question, language).kind).toBe('none');
});
