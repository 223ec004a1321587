import { buttonsOf, citationsOf, Conversation, textOf } from '../support/conversation';
import { startTestApp, TestApp } from '../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const talk = () => new Conversation(app.url);

/**
 * Near misses: a question in a section's own words that asks for a kind of fact the section does
 * not give (a fee where the section only says fees are paid, an office's hours, what to do after a
 * rejection, another government body). Written for this test from the source guide; each was
 * answered with the section it borrows words from before a section had to give the kind asked.
 */
describe('a near miss is declined politely, with the way to a person', () => {
  test.each([
    ['اسعار تجديد الاقامه لهالسنه', /لا يتناول دليل خدمة تواصل/],
    ['كم ساعات عمل خدمة تواصل؟', /لا يتناول دليل خدمة تواصل/],
    ['اذا الجوازات ردت على طلبي بالرفض كيف اقدمه مره ثانيه؟', /لا يتناول دليل خدمة تواصل/],
    ['اقدر اقدم شكوى على المرور عن طريق تواصل الجوازات؟', /لا يتناول دليل خدمة تواصل/],
    ['لو قدمت طلب عن طريق مقيم للمنشأه، هل تنخصم رسوم من حساب المنشأه؟', /لا يتناول دليل خدمة تواصل/],
    ['can i complain about the traffic department through tawasul', /does not cover/],
  ])('"%s" gets the honest decline, no section cited, and the offer of an officer', async (question, notCovered) => {
    const replies = await talk().say(question);
    expect(textOf(replies)).toMatch(notCovered);
    expect(citationsOf(replies)).toHaveLength(0);
    expect(buttonsOf(replies).map((b) => b.title).join(' ')).toMatch(/موظف|officer/i);
  });
});

describe('a close question the guide does answer still gets its section, cited', () => {
  test.each([
    // [question, a phrase of the section that must be cited, a fact of the answer]
    ['كم الغرامه لو تاخرت في تجديد الاقامه مرتين', 'عقوبات عدم تجديد هوية مقيم', /1,000 ريال/],
    ['لازم ادفع رسوم التجديد قبل ما تتجدد الاقامه؟', 'شروط إصدار وتجديد هوية مقيم', /سداد جميع رسوم/],
    ['كم يوم عمل ياخذ الرد على طلب تواصل؟', 'يستغرق الرد', /7 أيام عمل/],
    ['how much is the fine the first time the iqama is not renewed', 'Penalties', /SAR 500/],
    ['do the iqama renewal fees have to be paid before renewing', 'Requirements', /renewal fees must be paid/],
  ])('"%s" is answered from the guide', async (question, section, fact) => {
    const replies = await talk().say(question);
    expect(textOf(replies)).toMatch(fact);
    // The section answered is cited first (a fine's answer also cites the renewal conditions it rests on).
    expect(citationsOf(replies)[0]?.appearance.name).toContain(section);
  });
});
