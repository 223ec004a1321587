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
