import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { ChannelRendering } from '../../../bot/channelRendering';
import { BotReply, buttonsOf, citationsOf, Conversation, textOf } from '../../support/conversation';
import { startTestApp, TestApp } from '../../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const on = (channelId: string) => new Conversation(app.url, { channelId, locale: 'ar-SA' });
const QUESTION = 'كم يستغرق الرد على طلبات تواصل؟';
const numberedLines = (replies: BotReply[]) => textOf(replies).split('\n').filter((line) => /^\d+\. /.test(line));

describe.each(['sms', 'telegram-like-unknown-channel'])('on %s (no buttons, no Markdown)', (channelId) => {
  test('the menu is numbered text, and "٢" picks the second item as if its button were pressed', async () => {
    const conversation = on(channelId);
    const welcome = await conversation.join();
    expect(buttonsOf(welcome)).toEqual([]);
    expect(textOf(welcome)).toMatch(/فضلاً أرسل رقم اختيارك/);
    const lines = numberedLines(welcome);
    expect(lines).toEqual(['1. اطرح سؤالاً', '2. تقديم طلب', '3. متابعة طلب', '4. غرامات الإقامة', '5. التحدث مع موظف']);

    // The same as typing the item's label.
    const label = lines[1].replace(/^2\. /, '');
    const byButton = textOf(await on(channelId).say(label));
    expect(textOf(await conversation.say('٢'))).toBe(byButton);
  });

  test('an answer is plain text with its source line and no citation marker, and "1" opens the first related topic', async () => {
    const conversation = on(channelId);
    const answer = await conversation.say(QUESTION);
    const text = textOf(answer);
    expect(text).toMatch(/7 أيام عمل/);
    expect(text).toMatch(/المصدر: .+«.+»/);
    expect(text).not.toMatch(/\*\*|\[1\]/);
    expect(answer.every((reply) => reply.textFormat === 'plain')).toBe(true);

    const rich = await on('test').say(QUESTION);
    const firstTopic = buttonsOf(rich)[0];
    expect(numberedLines(answer)[0]).toBe(`1. ${firstTopic.title}`);
    expect(textOf(await conversation.say('1'))).toBe(textOf(await on('sms').say(String(firstTopic.value))));
  });

  test('a number with nothing offered before is read as the text it is', async () => {
    const conversation = on(channelId);
    await conversation.say(QUESTION);
    await conversation.say('1'); // the first related topic: its answer offers topics again
    const afterFreeText = await conversation.say('help');
    expect(textOf(afterFreeText)).toMatch(/القائمة|menu/i);
  });
});

test('on webchat, buttons and Markdown stay, and the citation gets the reference link Web Chat shows', async () => {
  const answer = await on('webchat').say(QUESTION);
  expect(buttonsOf(answer).length).toBeGreaterThanOrEqual(2);
  expect(textOf(answer)).toMatch(/\*\*.+\*\*/);
  expect(textOf(answer)).toMatch(/\[1\]\n\n\[1\]: cite:1 ".+"$/);
  expect(citationsOf(answer)[0]).toMatchObject({ position: 1, appearance: { text: expect.stringMatching(/7/) } });
  // Web Chat has no use for `abstract`: the section's text goes to the browser once, as `text`.
  expect(citationsOf(answer)[0].appearance).not.toHaveProperty('abstract');
});

test('on webchat, an answer asked again is rendered as the first time, and the first rendering is not changed by the second', async () => {
  const chat = on('webchat');
  const first = await chat.say(QUESTION);
  const second = await chat.say(QUESTION);
  expect(second).toEqual(first);
  expect(textOf(first).match(/\[1\]: cite:1/g)).toHaveLength(1);
});

test('on webchat, a message written with line breaks keeps them (Markdown hard breaks); on msteams it is left as written', async () => {
  expect(textOf(await on('webchat').say('help'))).toMatch(/^I can: {2}\n- answer/m);
  expect(textOf(await on('msteams').say('help'))).toMatch(/^I can:\n- answer/m);
});

test('on msteams, buttons, Markdown and the citation entity stay as the dialogs wrote them', async () => {
  const answer = await on('msteams').say(QUESTION);
  expect(buttonsOf(answer).length).toBeGreaterThanOrEqual(2);
  expect(textOf(answer)).toMatch(/\*\*.+\*\* ?\n/);
  expect(textOf(answer)).toMatch(/\[1\]$/);
  expect(textOf(answer)).not.toMatch(/cite:/);
  expect(citationsOf(answer)).toHaveLength(1);
});

// Moved from the iqama fines suite: the numbered lines are this middleware's rendering of the form's buttons.
test('on a text-only channel (SMS) a bare number still picks the numbered line of the iqama fines count', async () => {
  const conversation = new Conversation(app.url, { locale: 'en-US', channelId: 'sms' });
  expect(textOf(await conversation.say('my iqama expired 3 days ago'))).toMatch(/2\. Once before/);
  const text = textOf(await conversation.say('2'));
  expect(text).toContain('second time');
  expect(text).toContain('SAR 1,000');
});

describe('a long reply on sms, through botbuilder TestAdapter with the rendering middleware', () => {
  const paragraph = (n: number) => `الفقرة ${n}: ` + 'يسعدني أن أوضح لك خطوات الخدمة بالتفصيل. '.repeat(12).trim();
  const longText = [1, 2, 3, 4, 5, 6].map(paragraph).join('\n\n');

  test.each([
    ['sms', true],
    ['webchat', false],
  ])('on %s it is split into messages of at most 1,600 characters: %s', async (channelId, split) => {
    const state = new ConversationState(new MemoryStorage());
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity({ type: 'message', text: longText, suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'نعم', value: 'نعم' }] } });
    }, { channelId });
    adapter.use(new ChannelRendering(state));
    await adapter.send('ابدأ');
    const sent = adapter.activeQueue.splice(0).filter((a) => a.type === 'message');
    if (!split) {
      expect(sent).toHaveLength(1);
      return;
    }
    expect(sent.length).toBeGreaterThan(1);
    for (const message of sent) expect(message.text!.length).toBeLessThanOrEqual(1600);
    // Nothing lost, nothing cut mid-paragraph: every paragraph arrives whole, in order; the choice comes last.
    const joined = sent.map((m) => m.text).join('\n\n');
    expect(joined.startsWith(longText)).toBe(true);
    expect(sent.at(-1)!.text).toMatch(/1\. نعم$/);
  });
});
