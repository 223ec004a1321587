import { IqamaFineDialog } from '../../dialogs/iqamaFineDialog';
import { Language } from '../../knowledge/language';
import { iqamaFineRules } from '../../knowledge/rules/iqamaFines';
import { BotReply, buttonsOf, citationsOf, textOf } from '../support/conversation';
import { ChatTurn, DialogChat, faqResponder, play } from '../support/dialogClient';

// The clock is fixed so the answers do not drift: noon in Riyadh on 25 November 2026 (15 Jumada al-Akhirah 1448).
const NOW = new Date('2026-11-25T09:00:00Z');

const fines = new IqamaFineDialog(faqResponder(), iqamaFineRules(), () => NOW);
const chat = (language: Language) => new DialogChat(fines, language);
const arabic = () => chat('ar');
const english = () => chat('en');
const cited = (replies: BotReply[]) => citationsOf(replies).map((c) => String(c.appearance.name));
const PENALTIES_AR = 'عقوبات عدم تجديد هوية مقيم';
const REQUIREMENTS_AR = 'شروط إصدار وتجديد هوية مقيم';

// Every conversation here starts as the form host starts the form: with the message that asked for it
// (the router's choice of this form for each first message is checked in messageRouter.dialog.test.ts).
describe('iqama fines, conversation tables', () => {
  test.each<[string, Language, ChatTurn[]]>([
    [
      'the ladder, first offence (ar): "انتهت قبل شهرين" from the menu',
      'ar',
      [
        ['غرامات الإقامة', /ما تاريخ انتهاء إقامتك/],
        ['انتهت قبل شهرين', /كم مرة تأخرت/],
        ['ولا مرة', /تاريخ تقريبي[\s\S]*منذ ٦١ يوماً[\s\S]*للمرة الأولى: غرامة مالية قدرها 500 ريال سعودي\./],
      ],
    ],
    [
      'the ladder, second offence (ar)',
      'ar',
      [
        ['غرامات الإقامة', /ما تاريخ انتهاء إقامتك/],
        ['انتهت قبل شهرين', /كم مرة تأخرت/],
        ['مرة', /منذ ٦١ يوماً[\s\S]*للمرة الثانية: غرامة مالية قدرها 1,000 ريال سعودي\./],
      ],
    ],
    [
      'the ladder, third offence (ar): deportation',
      'ar',
      [
        ['غرامات الإقامة', /ما تاريخ انتهاء إقامتك/],
        ['انتهت قبل شهرين', /كم مرة تأخرت/],
        ['مرتين أو أكثر', /منذ ٦١ يوماً[\s\S]*للمرة الثالثة: الإبعاد عن المملكة\./],
      ],
    ],
    [
      'the ladder in English, from the menu',
      'en',
      [
        ['Iqama fines', /expiry date/],
        ['two months ago', /How many times have you renewed your iqama late/],
        ['Never before', /approximate[\s\S]*expired 61 days ago[\s\S]*First offence: a fine of SAR 500\./],
      ],
    ],
    [
      'a date that is no date is explained with examples, then the date is taken (ar)',
      'ar',
      [
        ['غرامات الإقامة', /ما تاريخ انتهاء إقامتك/],
        ['كذا وكذا', /لم أتمكن من قراءة التاريخ[\s\S]*قبل أسبوعين/],
        ['قبل ٣ أيام', /كم مرة تأخرت/],
      ],
    ],
    [
      'a bad answer in English is explained',
      'en',
      [
        ['Iqama fines', /expiry date/],
        ['blah blah', /could not read that date/],
        ['3 days ago', /How many times/],
      ],
    ],
    [
      '"مساعدة" at the date step explains the step and asks the date again',
      'ar',
      [
        ['غرامات الإقامة', /ما تاريخ انتهاء إقامتك/],
        ['مساعدة', /أنت الآن في خطوة من خطوات «استعلام غرامات الإقامة»[\s\S]*ما تاريخ انتهاء إقامتك/],
      ],
    ],
    [
      '"help" at the count step explains the step and asks the count again',
      'en',
      [
        ['Iqama fines', /expiry date/],
        ['3 days ago', /How many times/],
        ['help', /You are in a step of[\s\S]*How many times have you renewed your iqama late/],
        ['once before', /Second offence: a fine of SAR 1,000\./],
      ],
    ],
    [
      '"back" at the date step says there is no step before',
      'en',
      [
        ['Iqama fines', /expiry date/],
        ['back', /This is the first step; there is no previous one\.[\s\S]*expiry date/],
      ],
    ],
    [
      '"back" at the count step asks the date again',
      'en',
      [
        ['Iqama fines', /expiry date/],
        ['3 days ago', /How many times/],
        ['back', /expiry date/],
        ['two months ago', /How many times/],
      ],
    ],
    [
      '"cancel" mid-form ends the form with the menu',
      'en',
      [
        ['Iqama fines', /expiry date/],
        ['cancel', /Cancelled\. Nothing was saved\./],
      ],
    ],
    [
      'a question at the count step is answered, then the count is asked again (en)',
      'en',
      [
        ['my iqama expired 3 days ago', /How many times/],
        ['How long does Tawasul take to answer a request?', /7 working days[\s\S]*Let us continue where we left off:[\s\S]*How many times/],
        ['Twice or more', /[Dd]eportation/],
      ],
    ],
  ])('%s', async (_name, language, turns) => {
    await play(chat(language), turns);
  });

  test('"إلغاء" ends the dialog and "رجوع" before it keeps the form open', async () => {
    const conversation = arabic();
    await play(conversation, [
      ['غرامات الإقامة', /ما تاريخ انتهاء إقامتك/],
      ['رجوع', /هذه أول خطوة، لا توجد خطوة سابقة\.[\s\S]*ما تاريخ انتهاء إقامتك/],
    ]);
    expect(conversation.ended).toBe(false);
    const replies = await conversation.say('إلغاء');
    expect(textOf(replies)).toBe('تم الإلغاء، ولم يُحفظ شيء.');
    expect(buttonsOf(replies)).toHaveLength(5);
    expect(conversation.ended).toBe(true);
  });
});

describe('iqama fines, in Arabic', () => {
  test('one message with the date (Hijri, "جماد الاول") and the count gets the whole answer at once', async () => {
    const conversation = arabic();
    const replies = await conversation.say('انتهت اقامتي ٢٠ جماد الاول ١٤٤٧ وهذي ثاني مرة اتأخر');
    const text = textOf(replies);
    // 20 Jumada al-Ula 1447 is 11 November 2025 (Umm al-Qura), 379 days before the fixed today.
    expect(text).toContain('2025-11-11');
    expect(text).toContain('١١ نوفمبر ٢٠٢٥');
    expect(text).toContain('٢٠ جمادى الأولى ١٤٤٧هـ');
    expect(text).toContain('منذ ٣٧٩ يوماً');
    expect(text).toContain('للمرة الثانية: غرامة مالية قدرها 1,000 ريال سعودي.');
    expect(text).not.toContain('كم مرة');
    expect(cited(replies)).toEqual([expect.stringContaining(PENALTIES_AR), expect.stringContaining(REQUIREMENTS_AR)]);
    expect(text).toMatch(/\[1\][\s\S]*\[2\]/);
    expect(buttonsOf(replies).map((b) => b.title)).toEqual(['تقديم طلب', 'التحدث مع موظف', 'القائمة الرئيسية']);
    expect(conversation.ended).toBe(true);
  });

  test('step by step from the menu: asks the date, then the count with short choices, then answers', async () => {
    const conversation = arabic();
    expect(textOf(await conversation.say('غرامات الإقامة'))).toMatch(/ما تاريخ انتهاء إقامتك/);
    const countQuestion = await conversation.say('٢٦/٩/١٤٤٧');
    expect(textOf(countQuestion)).toMatch(/كم مرة تأخرت/);
    const choices = buttonsOf(countQuestion).map((b) => b.title);
    expect(choices).toHaveLength(3);
    for (const title of choices) expect(title.length).toBeLessThanOrEqual(20);
    const answer = await conversation.say(choices[0]);
    const text = textOf(answer);
    expect(text).toContain('2026-03-15');
    expect(text).toContain('١٥ مارس ٢٠٢٦');
    expect(text).toContain('٢٦ رمضان ١٤٤٧هـ');
    expect(text).toContain('للمرة الأولى: غرامة مالية قدرها 500 ريال سعودي.');
    expect(cited(answer)[0]).toContain(PENALTIES_AR);
  });

  test('"ما ادري" is answered with how to check the expiry date on Absher, then the date is still taken', async () => {
    const conversation = arabic();
    await conversation.say('غرامات الإقامة');
    const absher = await conversation.say('ما ادري');
    expect(textOf(absher)).toContain('الاستعلام عن صلاحية الإقامة');
    expect(cited(absher)).toEqual([expect.stringContaining('كيفية الاستعلام عن صلاحية الإقامة عبر أبشر')]);
    expect(textOf(await conversation.say('أمس'))).toMatch(/كم مرة تأخرت/);
    expect(textOf(await conversation.say('ولا مرة'))).toMatch(/منذ يوم واحد[\s\S]*500 ريال/);
  });

  test('an iqama not yet expired: days left, a reminder and the renewal requirements, and no count asked', async () => {
    const conversation = arabic();
    await conversation.say('غرامات الإقامة');
    const replies = await conversation.say('بعد ١٠ أيام');
    const text = textOf(replies);
    expect(text).toContain('2026-12-05');
    expect(text).toContain('يتبقى على انتهائها ١٠ أيام');
    expect(text).toContain('قبل تاريخ الانتهاء');
    expect(text).toContain('اجتياز الفحص الطبي');
    expect(text).not.toMatch(/غرامة مالية قدرها/);
    expect(cited(replies)).toEqual([expect.stringContaining(REQUIREMENTS_AR)]);
  });

  test('a third offence is told deportation, as the document says, with no fine amount', async () => {
    const text = textOf(await arabic().say('انتهت اقامتي قبل أسبوعين وهذي المرة الثالثة'));
    expect(text).toContain('منذ ١٤ يوماً');
    expect(text).toContain('للمرة الثالثة: الإبعاد عن المملكة.');
    expect(text).not.toContain('ريال');
  });

  test('"مو اول مره" is not taken for a first offence: the count is asked', async () => {
    const conversation = arabic();
    const replies = await conversation.say('انتهت اقامتي قبل ٣ ايام ومو اول مره اتاخر');
    expect(textOf(replies)).toMatch(/كم مرة تأخرت/);
    expect(textOf(replies)).not.toContain('500 ريال');
    expect(textOf(await conversation.say('مرة'))).toContain('1,000 ريال');
  });

  test.each([
    ['انتهت اقامتي قبل أسبوعين وهذي المرة الرابعة', 'وهذه المرة الرابعة التي تتأخر فيها'],
    ['انتهت اقامتي قبل أسبوعين وتأخرت 10 مرات قبل', 'وهذه المرة رقم ١١ التي تتأخر فيها'],
  ])('an offence after the third is named in Arabic words and digits: "%s"', async (text, ordinal) => {
    const reply = textOf(await arabic().say(text));
    expect(reply).toContain(ordinal);
    expect(reply).toContain('الإبعاد');
    expect(reply).not.toMatch(/رقم \d/);
  });

  test('"نسيت اجدد الاقامه" is about renewing late, not about not knowing the date: the fines are given', async () => {
    const replies = await arabic().say('نسيت اجدد الاقامه كم غرامة التأخير؟');
    expect(textOf(replies)).toMatch(/500 ريال[\s\S]*1,000 ريال[\s\S]*الإبعاد/);
    expect(cited(replies)).toEqual([expect.stringContaining(PENALTIES_AR)]);
  });

  test('a fines question from someone who does not know the date gets the fines first, then how to check on Absher', async () => {
    const replies = await arabic().say('ما ادري متى تنتهي اقامتي، كم غرامة التأخير؟');
    expect(textOf(replies)).toMatch(/500 ريال[\s\S]*الإبعاد[\s\S]*الاستعلام عن صلاحية الإقامة/);
    expect(cited(replies)).toEqual([expect.stringContaining(PENALTIES_AR), expect.stringContaining('كيفية الاستعلام عن صلاحية الإقامة عبر أبشر')]);
  });

  // "كم الغرامه الحين" is answered by the router from the documents, not by this form: messageRouter.dialog.test.ts.
  test.each<[Language, string, RegExp, RegExp]>([
    ['ar', 'كم غرامة تأخير تجديد الإقامة اليوم؟', /500 ريال[\s\S]*1,000 ريال[\s\S]*الإبعاد[\s\S]*تاريخ انتهاء إقامتك/, /تنتهي اليوم/],
    ['en', 'what is the iqama fine now?', /SAR 500[\s\S]*SAR 1,000[\s\S]*expiry date/, /expires today/],
  ])('"today" or "now" in a question about the fine is when it is asked, not the expiry date (%s "%s")', async (language, question, answered, notSaid) => {
    const text = textOf(await chat(language).say(question));
    expect(text).toMatch(answered);
    expect(text).not.toMatch(notSaid);
  });

  test('an iqama said to expire today is still read as expiring today, first message or answer', async () => {
    expect(textOf(await arabic().say('انتهت اقامتي اليوم، كم غرامة التأخير؟'))).toMatch(/تنتهي اليوم/);
    expect(textOf(await english().say('my iqama expired today, what is the fine?'))).toMatch(/expires today/);
  });

  test('a fines question with "اليوم" typed at the date step is answered as a question, and the date is asked again', async () => {
    const conversation = arabic();
    await conversation.say('غرامات الإقامة');
    const text = textOf(await conversation.say('كم غرامة التأخير اليوم؟'));
    expect(text).not.toMatch(/تنتهي اليوم/);
    expect(text).toMatch(/تاريخ انتهاء إقامتك/);
    expect(textOf(await conversation.say('اليوم'))).toMatch(/تنتهي اليوم/);
  });

  test('an ambiguous date whose readings lead to different answers is confirmed, not guessed', async () => {
    const conversation = arabic();
    await conversation.say('غرامات الإقامة');
    // Digits alone at the date question: 3 April or 4 March 2027, both still to come, with different days left.
    const question = await conversation.say('03/04/2027');
    expect(textOf(question)).toMatch(/يحتمل قراءتين/);
    const readings = buttonsOf(question).map((b) => b.title);
    // Day first, then month first, each with its weekday.
    expect(readings).toEqual(['السبت ٣ أبريل ٢٠٢٧', 'الخميس ٤ مارس ٢٠٢٧']);
    const text = textOf(await conversation.say(readings[1]));
    expect(text).toContain('2027-03-04');
    expect(text).toMatch(/ما زالت سارية/);
  });

  test('a date whose two readings have both passed is not asked about: expired either way, the count comes next', async () => {
    const conversation = arabic();
    expect(textOf(await conversation.say('انتهت اقامتي 03/04/2026'))).toMatch(/كم مرة تأخرت/);
    const text = textOf(await conversation.say('لم أتأخر من قبل'));
    expect(text).toMatch(/يحتمل قراءتين: .*٣ أبريل ٢٠٢٦ أو .*٤ مارس ٢٠٢٦، وإقامتك منتهية على أيٍّ منهما/);
    expect(text).not.toMatch(/2026-0[34]-0[34]/); // no one day is given as the one
    expect(text).toContain('500 ريال');
  });

  test('impossible dates get a clear re-prompt that says what is wrong, until a real day is given', async () => {
    const conversation = arabic();
    const february = textOf(await conversation.say('انتهت اقامتي ٣١ فبراير ٢٠٢٦'));
    expect(february).toMatch(/فبراير.*٢٨ يوماً.*٣١/);
    expect(textOf(await conversation.say('13/13/2026'))).toMatch(/لا يوجد شهر رقمه ١٣/);
    // Safar 1447 has 29 days in the Umm al-Qura calendar.
    expect(textOf(await conversation.say('٣٠ صفر ١٤٤٧'))).toMatch(/صفر.*١٤٤٧.*٢٩ يوماً/);
    expect(textOf(await conversation.say('٢٨ فبراير ٢٠٢٦'))).toMatch(/كم مرة تأخرت/);
  });

  test('"مساعدة" after an impossible date explains the step and asks for the date again', async () => {
    const conversation = arabic();
    expect(textOf(await conversation.say('انتهت اقامتي ٣٠ صفر ١٤٤٧'))).toMatch(/٢٩ يوماً[\s\S]*تحقق من التاريخ واكتبه مرة أخرى/);
    expect(textOf(await conversation.say('مساعدة'))).toMatch(/استعلام غرامات الإقامة[\s\S]*تحقق من التاريخ واكتبه مرة أخرى/);
    expect(textOf(await conversation.say('٢٩ صفر ١٤٤٧'))).toMatch(/كم مرة تأخرت/);
  });

  test('text that is no date is met with examples, and nothing is lost', async () => {
    const conversation = arabic();
    await conversation.say('غرامات الإقامة');
    expect(textOf(await conversation.say('كذا وكذا'))).toMatch(/لم أتمكن من قراءة التاريخ/);
    expect(textOf(await conversation.say('اليوم'))).toMatch(/تنتهي اليوم/);
  });

  test('a general question about the fine is answered from the document, cited once, before asking the date', async () => {
    const conversation = arabic();
    const replies = await conversation.say('كم غرامة تأخير تجديد الاقامة؟');
    const text = textOf(replies);
    expect(text).toMatch(/500 ريال[\s\S]*1,000 ريال[\s\S]*الإبعاد/);
    expect(cited(replies)).toEqual([expect.stringContaining(PENALTIES_AR)]);
    expect(text).toMatch(/تاريخ انتهاء إقامتك/);
    const approximate = textOf(await conversation.say('قبل شهرين'));
    expect(approximate).toMatch(/كم مرة تأخرت/);
    expect(textOf(await conversation.say('مرة'))).toMatch(/تاريخ تقريبي[\s\S]*منذ ٦١ يوماً[\s\S]*1,000 ريال/);
  });

  test('a date ending in "؟" at the date step is the answer, and a real question at the count step is answered then re-asked', async () => {
    const conversation = arabic();
    await conversation.say('غرامات الإقامة');
    expect(textOf(await conversation.say('انتهت ١٥ مارس ٢٠٢٦؟'))).toMatch(/كم مرة تأخرت/);
    const aside = await conversation.say('كم يستغرق الرد على طلبات تواصل؟');
    expect(textOf(aside)).toMatch(/7 أيام عمل[\s\S]*نكمل من حيث توقفنا[\s\S]*كم مرة تأخرت/);
    expect(textOf(await conversation.say('مرتين أو أكثر'))).toContain('الإبعاد');
  });

  test('"رجوع" at the count question asks for the date again and keeps nothing of the old one', async () => {
    const conversation = arabic();
    await conversation.say('غرامات الإقامة');
    await conversation.say('15/3/2026');
    expect(textOf(await conversation.say('رجوع'))).toMatch(/ما تاريخ انتهاء إقامتك/);
    expect(textOf(await conversation.say('قبل ٣ أيام'))).toMatch(/كم مرة تأخرت/);
    const text = textOf(await conversation.say('لم أتأخر من قبل'));
    expect(text).toContain('2026-11-22');
    expect(text).not.toContain('2026-03-15');
  });

  test.each([['غرامة المخالفات المرورية كم'], ['penalty for speeding'], ['كم غرامة تاخير تجديد رخصة القياده']])('a fine the documents do not cover ("%s") is declined honestly, not answered with the iqama ladder', async (question) => {
    const conversation = arabic();
    const replies = await conversation.say(question);
    expect(textOf(replies)).not.toMatch(/500|الإبعاد|deportation/);
    expect(citationsOf(replies)).toHaveLength(0);
    expect(textOf(replies)).toMatch(/لا يتناول|does not cover/);
    expect(conversation.ended).toBe(true);
  });

  test.each([['ممكن تنشال غرامة تأخير الاقامه؟ فيه اعفاء منها'], ['who pays the iqama late renewal fine, the company or the worker?']])(
    'what the guide never says of the iqama fines ("%s") is declined honestly, not answered with the ladder and a question for the date',
    async (question) => {
      const conversation = arabic();
      const replies = await conversation.say(question);
      expect(textOf(replies)).not.toMatch(/500|الإبعاد|deportation|تاريخ انتهاء|expiry date/);
      expect(textOf(replies)).toMatch(/لا يتناول|does not cover/);
      expect(conversation.ended).toBe(true);
    },
  );
});

describe('iqama fines, in English', () => {
  test('an English resident is asked the count, then told the fine with both calendars', async () => {
    const conversation = english();
    const question = await conversation.say('my iqama expired 3 days ago');
    expect(textOf(question)).toMatch(/How many times have you renewed your iqama late/);
    expect(buttonsOf(question).map((b) => b.title)).toEqual(['Never before', 'Once before', 'Twice or more']);
    const replies = await conversation.say('once before');
    const text = textOf(replies);
    expect(text).toContain('22 November 2026');
    expect(text).toContain('(2026-11-22)');
    expect(text).toContain('12 Jumada al-Akhirah 1448 AH');
    expect(text).toContain('expired 3 days ago');
    expect(text).toContain('Second offence: a fine of SAR 1,000.');
    expect(cited(replies)[0]).toContain('Penalties for not renewing the Resident Identity');
    expect(/[\u0600-\u06FF]/.test(text)).toBe(false);
  });

  test.each([
    ['my iqama expired 3 days ago, I was late 4 times before', 'This is the fifth time'],
    ['my iqama expired 3 days ago, I was late 20 times before', 'This is the 21st time'],
  ])('an offence after the third is an English ordinal: "%s"', async (text, ordinal) => {
    const reply = textOf(await english().say(text));
    expect(reply).toContain(ordinal);
    expect(reply).not.toContain('number');
  });

  test('"I forgot to renew my iqama" is answered with the fines, not the Absher steps', async () => {
    const replies = await english().say('My iqama expired, I forgot to renew it. What is the fine?');
    expect(textOf(replies)).toMatch(/SAR 500[\s\S]*SAR 1,000[\s\S]*[Dd]eportation/);
    expect(textOf(replies)).not.toContain('Iqama Validity Inquiry');
  });

  test.each<[Language, string, string, string]>([
    ['en', '2', 'third time', 'deportation'],
    ['en', '0', 'first time', 'SAR 500'],
    ['ar', '٢', 'المرة الثالثة', 'الإبعاد'],
    ['ar', '١', 'المرة الثانية', '1,000 ريال'],
  ])('on a channel with buttons, a bare number typed to "how many times before?" is that many late renewals (%s "%s")', async (language, typed, ordinal, consequence) => {
    const conversation = chat(language);
    await conversation.say(language === 'ar' ? 'انتهت اقامتي قبل ٣ ايام' : 'my iqama expired 3 days ago');
    const text = textOf(await conversation.say(typed));
    expect(text).toContain(ordinal);
    expect(text).toContain(consequence);
  });

  test('"I don\'t know" in English points to Absher in English', async () => {
    const conversation = english();
    await conversation.say('Iqama fines');
    const replies = await conversation.say("I don't know");
    expect(textOf(replies)).toContain('Iqama Validity Inquiry');
    expect(cited(replies)[0]).toContain('How to check Iqama validity via Absher');
  });

  test('an English date in a month name, 31 February, is impossible and re-prompted in English', async () => {
    const conversation = english();
    await conversation.say('Iqama fines');
    expect(textOf(await conversation.say('31 February 2026'))).toMatch(/February 2026 \(Gregorian\) has 28 days, so it has no day 31/);
  });
});
