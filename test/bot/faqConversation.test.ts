import fs from 'node:fs';
import path from 'node:path';
import { LowdbStorage } from '../../bot/lowdbStorage';
import { readDevSet } from '../eval/faqEvaluation';
import { BotReply, buttonsOf, citationsOf, Conversation, textOf } from '../support/conversation';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const talk = (defaults: Record<string, unknown> = {}) => new Conversation(app.url, defaults);
// The router's one-turn replies (menu items, commands, FAQ answers, bad input) are tested through the form
// host in test/dialogs/formHost.dialog.test.ts; what stays here needs the bot or the server around it.
const ARABIC = /[\u0600-\u06FF]/;

describe('greeting and menu', () => {
  test('a person who joins is greeted in Arabic and offered the five services', async () => {
    const replies = await talk({ locale: 'ar-SA' }).join();
    expect(textOf(replies)).toMatch(/حياك الله/);
    expect(buttonsOf(replies).map((b) => b.title)).toEqual(['اطرح سؤالاً', 'تقديم طلب', 'متابعة طلب', 'غرامات الإقامة', 'التحدث مع موظف']);
  });

  test('an English client is greeted in English', async () => {
    const replies = await talk({ locale: 'en-US' }).join();
    expect(textOf(replies)).toMatch(/Welcome to the Tawasul/);
    expect(buttonsOf(replies)).toHaveLength(5);
  });
});

describe('asking how a service works, and asking to use it', () => {
  test.each([
    // [question, a phrase of the section that must be cited, a fact of the answer, the service button offered]
    ['كيف اقدم طلب في تواصل', 'منصة أبشر', /خدماتي/, 'تقديم طلب'],
    ['ازاي اقدم شكوى للجوازات من ابشر؟', 'منصة أبشر', /خدماتي/, 'تقديم طلب'],
    ['ممكن صاحبي يقدم الطلب بدالي؟', 'نيابة عني', /بنفسه/, 'تقديم طلب'],
    ['كيف اتابع طلبي؟', 'أتابع طلبي', /رقم الطلب/, 'متابعة طلب'],
    ['steps to raise a complaint to jawazat through absher', 'Absher platform', /My Services/, 'Submit a request'],
    ['can my friend submit a request for me', 'on my behalf', /personally/, 'Submit a request'],
    ['how do I track my request?', 'track my request', /request number/, 'Track a request'],
  ])('"%s" is answered from the documents, then the service is offered with a button', async (question, section, fact, service) => {
    const conversation = talk();
    const replies = await conversation.say(question);
    expect(textOf(replies)).toMatch(fact);
    expect(citationsOf(replies)).toHaveLength(1);
    expect(citationsOf(replies)[0].appearance.name).toContain(section);
    expect(buttonsOf(replies).map((b) => b.title)).toContain(service);
    // The offered button opens the service's form.
    expect(textOf(await conversation.say(service))).not.toMatch(fact);
  });

  test.each([
    ['ابي اقدم طلب', /تقديم طلب/],
    ['ابغى ارفع طلب للجوازات', /تقديم طلب/],
    ['I want to submit a request', /submit a Tawasul request/],
    ['I want to raise a complaint', /submit a Tawasul request/],
  ])('"%s" opens the form, with no answer from the documents', async (wish, formIntro) => {
    const replies = await talk().say(wish);
    expect(textOf(replies)).toMatch(formIntro);
    expect(citationsOf(replies)).toHaveLength(0);
  });
});

describe('questions kept for the content editors', () => {
  test('a declined question is kept masked in DATA_DIR/unanswered.jsonl, readable by the owner only; an answered one is not', async () => {
    await talk().say('ما هو رقم فاكس الجوازات؟ جوالي 0551234567');
    await talk().say('كم ياخذ الرد على طلبي؟');
    const file = path.join(app.dataDir, 'unanswered.jsonl');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const kept = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const fax = kept.find((r) => r.text.includes('فاكس'));
    expect(fax).toMatchObject({ language: 'ar', outcome: 'declined' });
    expect(fax.text).not.toMatch(/\d/);
    expect(kept.some((r) => r.text.includes('ياخذ الرد'))).toBe(false);
  });
});

describe('language', () => {
  test('"English" switches, and a message with no words to tell by keeps the choice', async () => {
    const conversation = talk({ locale: 'ar-SA' });
    expect(textOf(await conversation.say('English'))).toMatch(/continue in English/);
    expect(textOf(await conversation.say('👍'))).toMatch(/could not understand/);
    expect(textOf(await conversation.say('عربي'))).toMatch(/باللغة العربية/);
    expect(textOf(await conversation.say('123'))).toMatch(ARABIC);
  });

  test('a conversation keeps its own language when the same person writes another language elsewhere', async () => {
    const person = `person-${Date.now()}`;
    const arabicChat = new Conversation(app.url, { locale: 'en-US' }, person);
    const englishChat = new Conversation(app.url, { locale: 'en-US' }, person);
    expect(textOf(await arabicChat.say('كم مدة الرد على طلبات تواصل؟'))).toMatch(ARABIC);
    expect(textOf(await englishChat.say('how long does a reply take?'))).toMatch(/working days/);
    // Wordless messages: each conversation answers in the language it was being answered in.
    expect(textOf(await arabicChat.say('👍'))).toMatch(ARABIC);
    expect(textOf(await englishChat.say('👍'))).toMatch(/could not understand/);
    // A new conversation starts in the language the person last wrote.
    expect(textOf(await new Conversation(app.url, { locale: 'ar-SA' }, person).say('👍'))).toMatch(/could not understand/);
  });

  test('the reply follows the language of the message, whatever the locale', async () => {
    const conversation = talk({ locale: 'en-US' });
    expect(textOf(await conversation.say('مساعدة'))).toMatch(/أستطيع/);
    expect(textOf(await conversation.say('help'))).toMatch(/I can/);
  });
});

describe('bad input gets a polite reply', () => {
  test('an unknown activity type gets a polite reply', async () => {
    const replies = await talk({ locale: 'en-US' }).send({ type: 'somethingNew' });
    expect(textOf(replies)).toMatch(/cannot handle this kind of message/);
  });

  test('typing and other known non-message activities get no reply and no error', async () => {
    expect(await talk().send({ type: 'typing' })).toEqual([]);
    expect(await talk().send({ type: 'event', name: 'webchat/join' })).toEqual([]);
  });
});

describe('a question asked again', () => {
  /** What a person sees of the replies, without the addresses that differ between conversations. */
  const content = (replies: BotReply[]) => replies.map(({ text, textFormat, suggestedActions, entities, attachments }) => ({ text, textFormat, suggestedActions, entities, attachments }));

  test('gets the same reply from the answer cache as a bot with no cache gives, on Web Chat and on a text channel', async () => {
    const uncached = await startTestApp({ FAQ_ANSWER_CACHE: 0 });
    try {
      const questions = readDevSet().filter((q) => q.expect !== null).slice(0, 40).map((q) => q.q);
      for (const channelId of ['webchat', 'sms']) {
        for (const question of questions) {
          const first = content(await talk({ channelId }).say(question));
          expect(content(await talk({ channelId }).say(question))).toEqual(first);
          expect(content(await new Conversation(uncached.url, { channelId }).say(question))).toEqual(first);
        }
      }
    } finally {
      await uncached.close();
    }
  });
});

describe('a conversation saved by an earlier version', () => {
  test('whose open dialog no longer exists has its question answered, not an apology', async () => {
    const dataDir = temporaryDataDir();
    const conversation = new Conversation('', { channelId: 'test' });
    const storage = await LowdbStorage.open(path.join(dataDir, 'state'));
    await storage.write({
      [`test/conversations/${conversation.id}/`]: { dialogState: { dialogStack: [{ id: 'mainDialog', state: { dialogs: { dialogStack: [] } } }] }, eTag: '*' },
    });
    const restarted = await startTestApp({ DATA_DIR: dataDir });
    try {
      const replies = await new Conversation(restarted.url, { channelId: 'test' }, conversation.user.id).send({
        type: 'message',
        text: 'كم ياخذ الرد على طلبي؟',
        conversation: { id: conversation.id },
      });
      expect(textOf(replies)).toMatch(/7 أيام عمل/);
      expect(citationsOf(replies)).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });
});

describe('the fact asked comes first', () => {
  test.each([
    ['ar-SA', 'لازم يكون عند العامل تأمين طبي عشان تتجدد اقامته؟', /^\*\*فيما يخص سؤالك:\*\* وجود تأمين طبي ساري المفعول للعامل وأفراد أسرته\.\n\n\*\*شروط إصدار وتجديد هوية مقيم \(الإقامة\)\*\*/],
    ['en-US', 'does my worker need to pass a medical exam before his iqama is renewed', /^\*\*On your question:\*\* The worker must pass a medical examination at an accredited centre\.\n\n\*\*Requirements for issuing and renewing the Resident Identity \(Iqama\)\*\*/],
  ])('in %s, "%s" is answered by the sentence that states it, then the whole section, cited', async (locale, question, opening) => {
    const replies = await talk({ locale }).say(question);
    expect(replies[0].text).toMatch(opening);
    expect(citationsOf(replies)).toHaveLength(1);
  });

  test('on SMS the sentence comes first too, as plain text', async () => {
    const replies = await talk({ locale: 'ar-SA', channelId: 'sms' }).say('الرقم اللي يجيني برساله بعد ما اقدم من مقيم وش هو');
    expect(textOf(replies)).toMatch(/^فيما يخص سؤالك: ستصلك رسالة نصية على هاتفك تحتوي على رقم الطلب للمتابعة\.\n/);
  });

  test('a question about the section as a whole gets the section alone', async () => {
    const replies = await talk({ locale: 'ar-SA' }).say('وش خطوات تقديم طلب تواصل من ابشر؟');
    expect(replies[0].text).toMatch(/^\*\*كيفية تقديم طلب عبر خدمة تواصل الجوازات \(منصة أبشر\)\*\*/);
  });
});
