import fc from 'fast-check';
import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { content } from '../../knowledge/content';
import { asksWholeSection } from '../../knowledge/retrieval/leadingSentence';
import { normalizeForMatching } from '../../knowledge/text/normalizeText';
import { anyPhrase } from '../../knowledge/text/phrasePattern';
import { Language } from '../../knowledge/language';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';

/**
 * A question about one fact of a section gets the sentence or item that states it first (the whole
 * section, cited, follows it in the reply); a question about the section as a whole, or about a section
 * short enough to read at once, gets none. Phrasings written for this test from the source guide.
 */
const knowledgeBase = buildKnowledgeBase();
const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
const leadOf = (question: string, language: Language) => {
  const result = retriever.answer(question, language);
  if (result.kind !== 'answer') throw new Error(`"${question}" was not answered (${result.kind})`);
  return result.lead;
};

test.each([
  ['لازم يكون عند العامل تأمين طبي عشان تتجدد اقامته؟', 'ar', 'وجود تأمين طبي ساري المفعول للعامل وأفراد أسرته.'],
  ['العامل مسافر برا، اقدر اجدد اقامته وهو هناك؟', 'ar', 'تواجد العامل داخل أراضي المملكة العربية السعودية.'],
  ['كم الغرامه لو تاخرت في تجديد الاقامه ثاني مره', 'ar', 'للمرة الثانية: غرامة مالية قدرها 1,000 ريال سعودي.'],
  ['الرقم اللي يجيني برساله بعد ما اقدم من مقيم وش هو', 'ar', 'ستصلك رسالة نصية على هاتفك تحتوي على رقم الطلب للمتابعة.'],
  ['هل تواصل يساعد في تمديد زيارة لقريبي السوري؟', 'ar', 'تمديد تأشيرات الزيارة للجنسيتين السورية واليمنية.'],
  ['does my worker need to pass a medical exam before his iqama is renewed', 'en', 'The worker must pass a medical examination at an accredited centre.'],
  ['will i be deported the third time my iqama is renewed late', 'en', 'Third offence: deportation from the Kingdom.'],
] as [string, Language, string][])('"%s" is led by the sentence that answers it', (question, language, sentence) => {
  expect(leadOf(question, language)).toBe(sentence);
});

test.each([
  // The section as a whole: its steps, all its conditions.
  ['وش خطوات تقديم طلب تواصل من ابشر؟', 'ar'],
  ['ايش الشروط كلها لتجديد الاقامه', 'ar'],
  ['what are the steps to submit a tawasul request in muqeem', 'en'],
  ['ابي اطلع اقامه لزوجتي، وش الشروط؟', 'ar'],
  ['سويت حساب جديد في ابشر، شو الخطوات عشان اقدم طلب تواصل؟', 'ar'],
  // A section of one sentence is read whole.
  ['كم ياخذ الرد على طلب تواصل؟', 'ar'],
  ['how long does jawazat take to reply to a tawasul request', 'en'],
  ['ما هي خدمة تواصل الجوازات', 'ar'],
] as [string, Language][])('"%s" gets the section with no sentence before it', (question, language) => {
  expect(leadOf(question, language)).toBeUndefined();
});

test('a question asks for a whole section exactly when a cue phrase stands in it as whole words', () => {
  const cues = content().lexicon.wholeSectionCues.phrases;
  const asWords = anyPhrase(cues);
  const parts = [...cues, 'كم', 'الخطوات', 'اخطوات', 'stepsx', 'the', 'steps?', 'الشروطي', 'وش', ' ', '.', '؟', 'Steps', 'الإقامة'];
  const asked = fc.tuple(fc.array(fc.constantFrom(...parts), { maxLength: 12 }), fc.constantFrom(' ', '')).map(([chosen, joiner]) => chosen.join(joiner));
  fc.assert(fc.property(fc.oneof(asked, fc.string()), (question) => expect(asksWholeSection(question)).toBe(asWords.test(normalizeForMatching(question)))), { numRuns: 3000 });
});
