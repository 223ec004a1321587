import crypto from 'node:crypto';
import { Activity, AutoSaveStateMiddleware, ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { DialogState } from 'botbuilder-dialogs';
import { FormHost } from '../../dialogs/formHost';
import { IqamaFineDialog } from '../../dialogs/iqamaFineDialog';
import { MessageRouter, Routed } from '../../dialogs/messageRouter';
import { SubmitRequestDialog } from '../../dialogs/submitRequestDialog';
import { TrackRequestDialog } from '../../dialogs/trackRequestDialog';
import { Language } from '../../knowledge/language';
import { stripInvisibleMarks } from '../../knowledge/text/normalizeText';
import { iqamaFineRules } from '../../knowledge/rules/iqamaFines';
import { LookupLimiter } from '../../requests/lookupLimiter';
import { BotReply, citationsOf, textOf } from '../support/conversation';
import { ChatTurn, faqResponder, requestParts, TurnLanguage } from '../support/dialogClient';

const NOW = new Date('2026-11-25T09:00:00Z');
const FORMS = { submit: SubmitRequestDialog.id, track: TrackRequestDialog.id, fines: IqamaFineDialog.id };

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

  async say(text: string): Promise<BotReply[]> {
    await this.adapter.receiveActivity({ type: 'message', text, conversation: this.conversation } as Partial<Activity>);
    const replies = this.adapter.activityBuffer.splice(0) as BotReply[];
    return replies.filter((r) => r.type === 'message');
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
async function route(text: string, language: Language = 'ar'): Promise<{ routed: Routed; replies: BotReply[] }> {
  let routed: Routed | undefined;
  const adapter = new TestAdapter(async (context: TurnContext) => {
    routed = await router.route(context);
  }).use(new TurnLanguage(language));
  await adapter.receiveActivity(text);
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
  ])('"%s" opens %s, given the message', async (text, dialogId) => {
    const { routed, replies } = await route(text);
    // The form is given the message as read: without the invisible marks an RTL keyboard leaves.
    expect(routed).toEqual({ kind: 'openForm', dialogId, text: stripInvisibleMarks(text).trim() });
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
