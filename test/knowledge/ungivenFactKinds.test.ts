import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { Language } from '../../knowledge/language';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';

/**
 * A question in a section's own words that asks for a kind of fact the section does not give is
 * declined, not answered with the section it borrows words from: kinds the guide never gives (another
 * document, a lost iqama, an appeal, another government body, where to pay, a phone's app store), and
 * kinds only another section gives (an amount, which only the penalties state; fees, which only the
 * renewal conditions mention) — the `_factKinds` of knowledge/content/lexicon/question-cues.json.
 * Written for this test from the source guide; each was answered with a section before those kinds
 * were read. The kinds are narrow: a lost request number is still followed up as the guide says,
 * whether one must go to an office at all is what Tawasul is for, that fines are paid before renewing
 * is a condition, and the fine for a second late renewal is stated.
 */
const declined: [string, Language][] = [
  ['كيف اقدم على خروج وعوده عن طريق ابشر', 'ar'],
  ['ضاعت اقامتي وش اسوي عشان اجددها', 'ar'],
  ['ابي اعترض على رد الجوازات على طلبي', 'ar'],
  ['ابي اشتكي على مستشفى لوزارة الصحه عن طريق تواصل', 'ar'],
  ['how to appeal the answer to my tawasul request', 'en'],
  ['غرامة الاقامه تندفع وين', 'ar'],
  ['هل تطبيق تواصل موجود على الايفون', 'ar'],
  ['اسعار تجديد الاقامه لهالسنه', 'ar'],
  ['تمديد تاشيرة الزياره لاخوي اليمني كم بيكلفني؟', 'ar'],
  ['الطلب انقفل وانا ما وصلني حل، اقدر افتحه مره ثانيه؟', 'ar'],
  ['كم ساعات عمل خدمة تواصل؟', 'ar'],
  // Kinds no section gives, asked in words that match a section well (the first two in the very words of the penalties).
  ['عقوبة عدم تجديد هوية مقيم الغرامه على مين', 'ar'],
  ['who pays the fine for not renewing the resident identity', 'en'],
  ['غرامة تاخير الاقامه يدفعها الكفيل ولا العامل؟', 'ar'],
  ['who pays the iqama late fine, the employer or the worker?', 'en'],
  ['ممكن يعفوني من غرامة تجديد الاقامه؟ في اعفاء؟', 'ar'],
  ['is there any exemption from the iqama renewal fine', 'en'],
  ['هوية مقيم لما تتجدد تكون صالحه لكم سنه؟', 'ar'],
  ['كم ميجا اقدر ارفق مع طلب تواصل', 'ar'],
  ['what is the max file size i can attach to my tawasul request', 'en'],
  ['خدمة تواصل الجوازات متى انطلقت؟', 'ar'],
  ['مرت السبع ايام ولا جاني رد على طلب تواصل، لمين اروح؟', 'ar'],
  ['it is more than 7 days since my tawasul request and nobody answered, what now', 'en'],
  ['كيف اسجل في حساب المواطن عن طريق ابشر', 'ar'],
];
const answered: [string, Language, string][] = [
  ['ضاع مني الرقم اللي جاني بالرساله كيف اتابع طلبي', 'ar', 'كيف أتابع طلبي في خدمة تواصل؟'],
  ['I lost the request number from the SMS, how do I track my request', 'en', 'كيف أتابع طلبي في خدمة تواصل؟'],
  ['هل لازم اروح فرع الجوازات ولا اقدر اقدم اونلاين', 'ar', 'ما هي خدمة تواصل الجوازات؟'],
  ['لازم اسدد المخالفات قبل ما اجدد الاقامه؟', 'ar', 'شروط إصدار وتجديد هوية مقيم (الإقامة)'],
  ['لازم ادفع رسوم التجديد قبل ما تتجدد الاقامه؟', 'ar', 'شروط إصدار وتجديد هوية مقيم (الإقامة)'],
  ['كم الغرامه لو تاخرت في تجديد الاقامه مرتين', 'ar', 'عقوبات عدم تجديد هوية مقيم'],
  ['how much is the fine the first time the iqama is not renewed', 'en', 'عقوبات عدم تجديد هوية مقيم'],
  // The same words, asking what the guide does say.
  ['كم الغرامه اذا الاقامه انتهت وما جددتها', 'ar', 'عقوبات عدم تجديد هوية مقيم'],
  ['رفعت طلب تواصل من ثلاث ايام وما ردوا، متى يردون؟', 'ar', 'كم يستغرق الرد على طلبات تواصل الجوازات؟'],
  ['ما عندي حساب في ابشر كيف اسجل عشان اقدم طلب تواصل', 'ar', 'كيفية تقديم طلب عبر خدمة تواصل الجوازات (منصة أبشر)'],
  ['اقدر ارفق ملفات مع طلب تواصل؟', 'ar', 'كيفية تقديم طلب عبر خدمة تواصل الجوازات (منصة أبشر)'],
];

const knowledgeBase = buildKnowledgeBase();
const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
const headingOf = (topic: string) => knowledgeBase.entries.find((e) => e.topic === topic && e.language === 'ar')!.source.section;

test.each(declined)('declines a kind of fact the guide does not give: %s', (question, language) => {
  const result = retriever.answer(question, language);
  expect(result.kind === 'answer' ? headingOf(result.entry.topic) : result.kind).toBe('none');
});

test.each(answered)('still answers from the guide: %s', (question, language, heading) => {
  const result = retriever.answer(question, language);
  expect(result.kind === 'answer' ? headingOf(result.entry.topic) : result.kind).toBe(heading);
});
