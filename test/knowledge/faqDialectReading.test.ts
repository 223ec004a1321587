import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { FaqResult, FaqRetriever } from '../../knowledge/retrieval/faqRetriever';

// What a person notices of the dialect reading: the section that answers, or an honest "not covered".
const retriever = new FaqRetriever(buildKnowledgeBase(), undefined, { answerCacheSize: 0 });
/** The Arabic heading of the section answered, whichever language it was answered in. */
const sectionOf = (result: FaqResult) => (result.kind === 'answer' ? retriever.entryFor(result.entry.topic, 'ar')!.source.section : result.kind);

test.each([
  // A dialect verb with a prefix and a pronoun the documents never write: "serves me".
  ['تواصل يخدمني في ايش', 'أبرز الخدمات والمشكلات التي تعالجها خدمة تواصل'],
  // "Via Muqeem" is the portal, not the residents the Absher section speaks of.
  ['كيف اقدم طلب في تواصل عن طريق مقيم', 'خطوات تقديم طلب عبر خدمة تواصل (بوابة مقيم)'],
  // "What happens if I do not renew" asks for the penalties, not the requirements.
  ['وش يصير لو ما جددت الاقامه', 'عقوبات عدم تجديد هوية مقيم'],
  ['what happens if i dont renew my iqama', 'عقوبات عدم تجديد هوية مقيم'],
])('"%s" is answered from "%s"', (question, section) => {
  expect(sectionOf(retriever.answer(question, /[a-z]/.test(question) ? 'en' : 'ar'))).toBe(section);
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
