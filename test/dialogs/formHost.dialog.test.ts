import crypto from 'node:crypto';
import { Activity, AutoSaveStateMiddleware, ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { DialogState } from 'botbuilder-dialogs';
import { AddToRequestDialog } from '../../dialogs/addToRequestDialog';
import { FormHost } from '../../dialogs/formHost';
import { IqamaFineDialog } from '../../dialogs/iqamaFineDialog';
import { MessageRouter, Routed } from '../../dialogs/messageRouter';
import { SubmitRequestDialog } from '../../dialogs/submitRequestDialog';
import { TrackRequestDialog } from '../../dialogs/trackRequestDialog';
import { Language } from '../../knowledge/language';
import { stripInvisibleMarks } from '../../knowledge/text/normalizeText';
import { iqamaFineRules } from '../../knowledge/rules/iqamaFines';
import { LookupLimiter } from '../../requests/lookupLimiter';
import { BotReply, buttonsOf, citationsOf, textOf } from '../support/conversation';
import { ChatTurn, faqResponder, requestParts, TurnLanguage } from '../support/dialogClient';

const NOW = new Date('2026-11-25T09:00:00Z');
const FORMS = { submit: SubmitRequestDialog.id, track: TrackRequestDialog.id, addInfo: AddToRequestDialog.id, fines: IqamaFineDialog.id };

let host: FormHost;
let router: MessageRouter;
beforeAll(async () => {
  // The forms, the router and the host as index.ts builds them, over memory storage.
  const parts = await requestParts();
  const faq = faqResponder();
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  router = new MessageRouter(faq, FORMS);
  const forms = [
    new SubmitRequestDialog(faq, {
      requests: parts.requests,
      logger: parts.logger,
      attachments: { store: parts.attachments, maxBytes: 4096, maxFiles: 5, ownHosts: [], authenticated: false },
    }),
    new TrackRequestDialog(faq, parts.store, new LookupLimiter(), parts.logger, () => NOW),
    new AddToRequestDialog(faq, { store: parts.store, requests: parts.requests, limiter: new LookupLimiter(), attachments: { store: parts.attachments, maxBytes: 4096, maxFiles: 5, ownHosts: [], authenticated: false }, logger: parts.logger }),
    new IqamaFineDialog(faq, iqamaFineRules(), () => NOW),
  ];
  host = new FormHost(conversationState.createProperty<DialogState>('dialogState'), router, forms);
  hostState = conversationState;
});
let hostState: ConversationState;

/** One conversation with the form host, on botbuilder's TestAdapter: the bot's turn without HTTP or the language store. */
class HostChat {
  private readonly adapter: TestAdapter;
  private readonly conversation = { id: `test-${crypto.randomUUID()}` };

  constructor(language: Language) {
    this.adapter = new TestAdapter((context) => host.onMessage(context))
      .use(new AutoSaveStateMiddleware(hostState))
      .use(new TurnLanguage(language));
  }

  async send(activity: Partial<Activity>): Promise<BotReply[]> {
    await this.adapter.receiveActivity({ type: 'message', conversation: this.conversation, ...activity } as Partial<Activity>);
    const replies = this.adapter.activityBuffer.splice(0) as BotReply[];
    return replies.filter((r) => r.type === 'message');
  }

  say(text: string): Promise<BotReply[]> {
    return this.send({ text });
  }
}

async function play(chat: HostChat, turns: ChatTurn[]): Promise<BotReply[]> {
  let replies: BotReply[] = [];
  for (const [say, expected] of turns) {
    replies = await chat.say(say as string);
    expect(textOf(replies)).toMatch(expected);
  }
  return replies;
}

/** What the router makes of one message with no form open. */
async function route(text: string | Partial<Activity>, language: Language = 'ar'): Promise<{ routed: Routed; replies: BotReply[] }> {
  let routed: Routed | undefined;
  const adapter = new TestAdapter(async (context: TurnContext) => {
    routed = await router.route(context);
  }).use(new TurnLanguage(language));
  await adapter.receiveActivity(typeof text === 'string' ? text : { type: 'message', ...text });
  return { routed: routed!, replies: adapter.activityBuffer.splice(0) as BotReply[] };
}

const REQUEST_NUMBER = 'TW-2026-000042';

describe('the router opens the form each first message asks for (the first messages of the dialog tests)', () => {
  test.each<[string, string]>([
    // iqamaFineDialog.dialog.test.ts
    ['غرامات الإقامة', IqamaFineDialog.id],
    ['Iqama fines', IqamaFineDialog.id],
    ['انتهت اقامتي ٢٠ جماد الاول ١٤٤٧ وهذي ثاني مرة اتأخر', IqamaFineDialog.id],
    ['انتهت اقامتي قبل أسبوعين وهذي المرة الثالثة', IqamaFineDialog.id],
    ['انتهت اقامتي قبل ٣ ايام ومو اول مره اتاخر', IqamaFineDialog.id],
    ['انتهت اقامتي قبل أسبوعين وهذي المرة الرابعة', IqamaFineDialog.id],
    ['انتهت اقامتي قبل أسبوعين وتأخرت 10 مرات قبل', IqamaFineDialog.id],
    ['نسيت اجدد الاقامه كم غرامة التأخير؟', IqamaFineDialog.id],
    ['ما ادري متى تنتهي اقامتي، كم غرامة التأخير؟', IqamaFineDialog.id],
    ['كم غرامة تأخير تجديد الإقامة اليوم؟', IqamaFineDialog.id],
    ['what is the iqama fine now?', IqamaFineDialog.id],
    ['انتهت اقامتي اليوم، كم غرامة التأخير؟', IqamaFineDialog.id],
    ['my iqama expired today, what is the fine?', IqamaFineDialog.id],
    ['انتهت اقامتي 03/04/2026', IqamaFineDialog.id],
    ['انتهت اقامتي ٣١ فبراير ٢٠٢٦', IqamaFineDialog.id],
    ['انتهت اقامتي ٣٠ صفر ١٤٤٧', IqamaFineDialog.id],
    ['كم غرامة تأخير تجديد الاقامة؟', IqamaFineDialog.id],
    ['غرامة المخالفات المرورية كم', IqamaFineDialog.id],
    ['penalty for speeding', IqamaFineDialog.id],
    ['كم غرامة تاخير تجديد رخصة القياده', IqamaFineDialog.id],
    ['my iqama expired 3 days ago', IqamaFineDialog.id],
    ['انتهت اقامتي قبل ٣ ايام', IqamaFineDialog.id],
    ['my iqama expired 3 days ago, I was late 4 times before', IqamaFineDialog.id],
    ['my iqama expired 3 days ago, I was late 20 times before', IqamaFineDialog.id],
    ['My iqama expired, I forgot to renew it. What is the fine?', IqamaFineDialog.id],
    // trackRequestDialog.dialog.test.ts
    ['Track a request', TrackRequestDialog.id],
    ['متابعة طلب', TrackRequestDialog.id],
    ['track my request', TrackRequestDialog.id],
    [`track my request ${REQUEST_NUMBER}`, TrackRequestDialog.id],
    [`track my request \u200F${REQUEST_NUMBER}\u200F`, TrackRequestDialog.id],
    [`track my request ${REQUEST_NUMBER.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))}`, TrackRequestDialog.id],
    [`track my request ${REQUEST_NUMBER.replace(/-(\d+)$/, '-0$1')}`, TrackRequestDialog.id],
    // submitRequestDialog.dialog.test.ts
    ['Submit a request', SubmitRequestDialog.id],
    ['تقديم طلب', SubmitRequestDialog.id],
    ['I want to raise a complaint about my iqama renewal', SubmitRequestDialog.id],
    ['I want to submit a request about my passport', SubmitRequestDialog.id],
    ['I want to submit a request', SubmitRequestDialog.id],
    ['ابي اقدم طلب', SubmitRequestDialog.id],
    // addToRequestDialog.dialog.test.ts
    ['ابي ارفق صورة الجواز لطلبي TW-2026-000003', AddToRequestDialog.id],
    ['I want to add a document to my request', AddToRequestDialog.id],
    // What the forms that take no files tell the person to write.
    ['أرغب في إرفاق مستند لطلبي', AddToRequestDialog.id],
    [`إضافة معلومات إلى الطلب \u2068${REQUEST_NUMBER}\u2069`, AddToRequestDialog.id],
    [`Add information to request ${REQUEST_NUMBER}`, AddToRequestDialog.id],
  ])('"%s" opens %s, given the message', async (text, dialogId) => {
    const { routed, replies } = await route(text);
    // The form is given the message as read: without the invisible marks an RTL keyboard leaves.
    expect(routed).toEqual({ kind: 'openForm', dialogId, text: stripInvisibleMarks(text).trim() });
    expect(replies).toEqual([]);
  });

  test.each(['هل اقدر ارفق مستندات مع طلب تواصل في ابشر؟', 'هل لازم ارفق صور شاشه مع طلب تواصل في مقيم؟'])('"%s" asks whether files can be attached: answered from the documents, no form', async (text) => {
    const { routed, replies } = await route(text);
    expect(routed).toEqual({ kind: 'replied' });
    expect(textOf(replies)).toMatch(/المصدر|مرفق|إرفاق/);
  });

  const PASSPORT = { name: 'passport.png', contentType: 'image/png', contentUrl: 'data:image/png;base64,iVBORw0KGgo=' };
  test.each<[string, string, string]>([
    ['a file alone', '', AddToRequestDialog.id],
    ['a file with words', 'هذي صورة الجواز', AddToRequestDialog.id],
    ['a file with a request for a new one', 'ابي اقدم طلب', SubmitRequestDialog.id],
  ])('%s, with no form open, opens %s (not "attachments only while submitting")', async (_case, text, dialogId) => {
    const { routed, replies } = await route({ text, attachments: [PASSPORT] });
    expect(routed).toEqual({ kind: 'openForm', dialogId, text });
    expect(replies).toEqual([]);
  });

  test('"كم الغرامه الحين" is answered from the documents by the router, with no form, and "now" is not the expiry date', async () => {
    const { routed, replies } = await route('كم الغرامه الحين');
    expect(routed).toEqual({ kind: 'replied' });
    const text = textOf(replies);
    expect(text).toMatch(/500 ريال[\s\S]*1,000 ريال[\s\S]*الإبعاد/);
    expect(text).not.toMatch(/تنتهي اليوم/);
  });

  test.each<[string, Language, RegExp]>([
    ['Ask a question', 'en', /type your question/],
    ['help', 'en', /I can/],
    ['مساعدة', 'ar', /أستطيع/],
    ['cancel', 'en', /nothing in progress/],
    ['Talk to an officer', 'en', /“Talk to an officer” will be available in this assistant soon/],
  ])('with no form open, "%s" is a one-turn reply', async (text, language, expected) => {
    const { routed, replies } = await route(text, language);
    expect(routed).toEqual({ kind: 'replied' });
    expect(textOf(replies)).toMatch(expected);
  });
});

describe('the form host', () => {
  test('"إلغاء" mid-form ends it and the next message is routed afresh', async () => {
    const conversation = new HostChat('ar');
    await conversation.say('غرامات الإقامة');
    expect(textOf(await conversation.say('إلغاء'))).toMatch(/تم الإلغاء|ألغي/);
    expect(citationsOf(await conversation.say('كم يستغرق الرد على طلبات تواصل؟'))).toHaveLength(1);
  });

  test('a menu button pressed mid-form leaves the form and does what it says', async () => {
    const conversation = new HostChat('en');
    await play(conversation, [
      ['Submit a request', /yourself, for yourself/],
      ['Yes, for myself', /Who is submitting/],
      ['Citizen (Absher)', /Which service/],
      ['Saudi passport', /describe the problem/],
      ['My passport renewal stopped at the payment step with an error.', /Send them now/],
      ['No attachments', /national ID or iqama number/],
    ]);
    await play(conversation, [['Track a request', /stopped “Submit a request”[\s\S]*How would you like to find your request/]]);
  });

  test('a menu button for a service with no form leaves the form, and the service says it is coming', async () => {
    await play(new HostChat('en'), [
      ['Iqama fines', /expiry date/],
      ['3 days ago', /How many times/],
      ['Talk to an officer', /I have stopped “[^”]+”; nothing from it was saved\.[\s\S]*will be available in this assistant soon/],
    ]);
  });

  test.each<[Language, ChatTurn[]]>([
    [
      'ar',
      [
        ['غرامات الإقامة', /ما تاريخ انتهاء إقامتك/],
        ['قبل شهرين', /كم مرة تأخرت/],
        ['متابعة طلب', /كيف تود البحث عن طلبك/],
        ['إلغاء', /تم الإلغاء/],
        ['إلغاء', /لا يوجد إجراء/],
      ],
    ],
    [
      'en',
      [
        ['my iqama expired 3 days ago', /How many times/],
        ['Once before', /SAR 1,000/],
        ['menu', /How can I help/],
      ],
    ],
  ])('forms open, end and give way to the router (%s)', async (language, turns) => {
    await play(new HostChat(language), turns);
  });
});

// Moved from test/bot/faqConversation.test.ts: the router's one-turn replies, through the form host as the bot
// hands it each message. The reply language follows the message's words, else the client's locale, as the bot's.
const ARABIC = /[\u0600-\u06FF]/;

describe('greeting and menu', () => {
  test.each([
    ['اطرح سؤالاً', /اكتب سؤالك/],
    ['Ask a question', /type your question/],
    ['تقديم طلب', /سأطرح عليك بعض الأسئلة[^]*هل تقدّم هذا الطلب بنفسك ولنفسك؟/], // the form's first question, not the welcome's «تقديم طلب»
    ['Track a request', /How would you like to find your request/],
  ])('the menu item "%s" routes', async (label, expected) => {
    expect(textOf(await new HostChat('ar').say(label))).toMatch(expected);
  });
});

describe('answers from the documents', () => {
  test.each([
    // [question, a phrase of the section that must be cited, a fact of the document the answer must carry]
    ['وش الغرامة اذا تأخرت في تجديد الإقامة؟', 'عقوبات عدم تجديد هوية مقيم', /500/],
    ['كم ياخذ الرد على طلبي؟', 'يستغرق الرد', /7 أيام عمل/],
    ['كيف اقدم طلب تواصل من ابشر', 'منصة أبشر', /خدماتي/],
    ['what happens if I renew my iqama late?', 'Penalties', /SAR 500/],
    ['How long does Tawasul take to answer a request?', 'How long', /7 working days/],
    ['can my brother submit the request for me?', 'on my behalf', /own/i],
  ])('"%s" is answered, with its source cited', async (question, section, fact) => {
    const replies = await new HostChat('ar').say(question);
    expect(textOf(replies)).toMatch(fact);
    const citations = citationsOf(replies);
    expect(citations).toHaveLength(1);
    expect(citations[0].appearance.name).toContain(section);
    expect(ARABIC.test(textOf(replies))).toBe(ARABIC.test(question));
  });

  test('an answer offers two or three related topics as buttons that retrieve them', async () => {
    const conversation = new HostChat('ar');
    const replies = await conversation.say('شروط تجديد الاقامة');
    const related = buttonsOf(replies);
    expect(related.length).toBeGreaterThanOrEqual(2);
    expect(related.length).toBeLessThanOrEqual(3);
    for (const button of related) expect(button.title.length).toBeLessThanOrEqual(20);
    const followUp = await conversation.say(String(related[0].value));
    expect(citationsOf(followUp)).toHaveLength(1);
    expect(citationsOf(followUp)[0].appearance.name).toContain(String(related[0].value));
  });

  test.each([
    ['كم رسوم إصدار تأشيرة خروج وعودة؟', /لا يتناول دليل خدمة تواصل/],
    ['What is the weather in Riyadh tomorrow?', /does not cover/],
    ['How do I renew my driving licence?', /does not cover/],
  ])('"%s" is declined honestly, with no citation, offering the menu and a human', async (question, expected) => {
    const replies = await new HostChat('ar').say(question);
    expect(textOf(replies)).toMatch(expected);
    expect(citationsOf(replies)).toHaveLength(0);
    expect(buttonsOf(replies).length).toBe(2);
  });
});

describe('commands that work anywhere', () => {
  test.each([
    ['help', /I can/],
    ['مساعدة', /أستطيع/],
    ['menu', /How can I help/],
    ['القائمة', /كيف أقدر أخدمك/],
    ['cancel', /nothing in progress/],
    ['إلغاء', /لا يوجد إجراء/],
  ])('"%s"', async (command, expected) => {
    expect(textOf(await new HostChat('ar').say(command))).toMatch(expected);
  });
});

describe('bad input gets a polite reply', () => {
  test.each<[string, Partial<Activity>, RegExp]>([
    ['empty text', { text: '' }, /لم تصلني رسالة/],
    ['whitespace', { text: '   \n\t ' }, /لم تصلني رسالة/],
    ['invisible direction marks only', { text: '\u200f\u200e\u202b' }, /لم تصلني رسالة/],
    ['10,000 characters', { text: 'ا'.repeat(10_000) }, /طويلة جداً/],
    ['1,001 characters: past the question limit, refused before any recogniser runs', { text: 'ا'.repeat(1_001) }, /طويلة جداً/],
    ['emoji only', { text: '🙂🙂🙏', locale: 'ar-SA' }, /لم أفهم/],
    // Taken as a file for the person's request: this one cannot be fetched, so it is refused by reason and the menu follows.
    ['an attachment with no text, from a host files may not come from', { text: undefined, attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/a.png' }] }, /لا يمكنني قبول «ملف بلا اسم»[\s\S]*كيف أقدر أخدمك/],
  ])('%s', async (_name, activity, expected) => {
    // The client's locale is Arabic: the language of a message with no words to tell by.
    const replies = await new HostChat('ar').send({ type: 'message', ...activity });
    expect(textOf(replies)).toMatch(expected);
    expect(textOf(replies)).not.toMatch(/Error|at .*\.ts/);
  });

  test('a question wrapped in direction marks and mixed scripts is still answered', async () => {
    const replies = await new HostChat('ar').say('\u200fكم غرامة الـ iqama اذا تأخرت؟\u200e');
    expect(citationsOf(replies)).toHaveLength(1);
  });
});
