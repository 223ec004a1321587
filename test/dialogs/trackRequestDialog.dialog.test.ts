import { Activity } from 'botbuilder';
import { TrackRequestDialog } from '../../dialogs/trackRequestDialog';
import { Language } from '../../knowledge/language';
import { createLogger } from '../../platform/logger';
import { LookupLimiter } from '../../requests/lookupLimiter';
import { Request } from '../../requests/requestSchemas';
import { buttonsOf, textOf } from '../support/conversation';
import { ChatTurn, DialogChat, faqResponder, play, requestParts } from '../support/dialogClient';
import { draftFor, storeDraft } from '../support/requestDrafts';
import { englishDay, hijriYear, riyadhDay } from '../support/readableDay';
import { citizenId, mobile } from '../support/saudiIds';

let track: TrackRequestDialog;
let fresh: Request;
let overdue: Request;
let first: Request;
let second: Request;
let guessedAt: Request;
let careless: Request;
let ofMobile: Request;
let guessedByStrangers: Request;
let inArabic: Request;
let pausedInArabic: Request;

beforeAll(async () => {
  // Requests in the store before the dialog is asked, as after a restart; the dialog built as index.ts builds it.
  const { store } = await requestParts();
  fresh = await storeDraft(store, draftFor(201));
  overdue = await storeDraft(store, draftFor(202, { category: 'iqama' }), new Date(Date.now() - 30 * 86_400_000));
  overdue = (await store.updateStatus(overdue.number, 'in_review', 'We have asked the branch office to check your file.'))!;
  first = await storeDraft(store, draftFor(203));
  second = await storeDraft(store, draftFor(203, { category: 'visitVisa' }));
  // Each limiter test has its own request, so failures counted against one number do not leak into another test.
  guessedAt = await storeDraft(store, draftFor(204));
  careless = await storeDraft(store, draftFor(205));
  ofMobile = await storeDraft(store, draftFor(206));
  guessedByStrangers = await storeDraft(store, draftFor(207));
  inArabic = await storeDraft(store, draftFor(208, { language: 'ar' }));
  pausedInArabic = await storeDraft(store, draftFor(209, { language: 'ar' }));
  track = new TrackRequestDialog(faqResponder(), store, new LookupLimiter(), createLogger('silent'));
});

const talk = (language: Language = 'en', userId?: string) => new DialogChat(track, language, userId ? ({ from: { id: userId, name: 'Test user' } } as Partial<Activity>) : {});

async function lookUpReplies(conversation: DialogChat, number: string, verifier: string) {
  await play(conversation, [
    ['Track a request', /How would you like to find/],
    ['By request number', /request number from your SMS/],
    [number, /one of these/],
  ]);
  return conversation.say(verifier);
}
const lookUp = async (conversation: DialogChat, number: string, verifier: string) => textOf(await lookUpReplies(conversation, number, verifier));

describe('tracking, conversation tables', () => {
  // Each conversation starts as the form host starts the form: with the message that asked for it.
  test.each<[string, Language, () => ChatTurn[]]>([
    [
      'found by number and ID, in Arabic',
      'ar',
      () => [
        ['متابعة طلب', /كيف تود البحث عن طلبك؟/],
        ['برقم الطلب', /رقم الطلب كما وصلك في الرسالة النصية/],
        [inArabic.number, /للتحقق من هويتك/],
        [inArabic.nationalId, new RegExp(`الطلب \u2068${inArabic.number}\u2069[\\s\\S]*الحالة الحالية: تم الاستلام[\\s\\S]*أيام العمل المتبقية: \\d[\\s\\S]*سجل الطلب:`)],
      ],
    ],
    [
      'found by ID and mobile, in English',
      'en',
      () => [
        ['Track a request', /How would you like to find your request\?/],
        ['By ID and mobile', /national ID or iqama number/],
        [fresh.nationalId, /mobile number you gave in the request/],
        [mobile(201).local, new RegExp(`Request ${fresh.number}[\\s\\S]*Current status: Received`)],
      ],
    ],
    [
      'not found, in Arabic: the one message whatever did not match',
      'ar',
      () => [
        ['متابعة طلب', /كيف تود البحث/],
        ['بالهوية والجوال', /رقم الهوية الوطنية أو رقم الإقامة/],
        [citizenId(990), /رقم الجوال الذي سجلته/],
        [mobile(990).local, /^نعتذر منك، لم أجد طلباً يطابق البيانات المدخلة\. فضلاً تأكد منها وحاول مرة أخرى\.$/],
      ],
    ],
    [
      'a bad request number, then the explanation, in Arabic',
      'ar',
      () => [
        ['متابعة طلب', /كيف تود البحث/],
        ['برقم الطلب', /رقم الطلب كما وصلك/],
        ['١٢٣', /رقم الطلب يكون بالشكل TW-2026-000123\.[\s\S]*رقم الطلب كما وصلك/],
      ],
    ],
    [
      'a choice not offered is explained and asked again',
      'en',
      () => [
        ['Track a request', /How would/],
        ['banana', /choose one of the options[\s\S]*How would you like to find your request\?/],
      ],
    ],
    [
      '"مساعدة" explains and asks the same step again',
      'ar',
      () => [
        ['متابعة طلب', /كيف تود البحث/],
        ['بالهوية والجوال', /رقم الهوية الوطنية/],
        ['مساعدة', /أدخل البيانات كما سجلتها عند تقديم الطلب[\s\S]*رقم الهوية الوطنية أو رقم الإقامة/],
      ],
    ],
    [
      '"رجوع" returns one step; on the first step there is none',
      'ar',
      () => [
        ['متابعة طلب', /كيف تود البحث/],
        ['رجوع', /هذه أول خطوة[\s\S]*كيف تود البحث/],
        ['برقم الطلب', /رقم الطلب كما وصلك/],
        [fresh.number, /للتحقق من هويتك/],
        ['رجوع', /رقم الطلب كما وصلك/],
      ],
    ],
    [
      '"إلغاء" ends the look-up',
      'ar',
      () => [
        ['متابعة طلب', /كيف تود البحث/],
        ['إلغاء', /^تم الإلغاء، ولم يُحفظ شيء\.$/],
      ],
    ],
    [
      'a question mid-form is answered, then the step is asked again',
      'en',
      () => [
        ['Track a request', /How would/],
        ['By request number', /request number from your SMS/],
        ['How long does Tawasul take to answer a request?', /7 working days[\s\S]*Let us continue where we left off:[\s\S]*request number from your SMS/],
        [fresh.number, /one of these/],
      ],
    ],
  ])('%s', async (_name, language, turns) => {
    await play(talk(language), turns());
  });

  test('after five failures in Arabic the look-ups are paused, with the same words for a request that exists', async () => {
    const conversation = talk('ar');
    for (let i = 0; i < 5; i++) {
      await play(conversation, [
        ['متابعة طلب', /كيف تود البحث/],
        ['برقم الطلب', /رقم الطلب/],
        [pausedInArabic.number, /للتحقق من هويتك/],
        [citizenId(600 + i), /لم أجد طلباً يطابق/],
      ]);
    }
    const paused = await conversation.say('متابعة طلب');
    expect(textOf(paused)).toMatch(/تجاوزت عدد المحاولات المسموح به[\s\S]*15/);
    expect(conversation.ended).toBe(true);
  });
});

describe('tracking by request number and one verifier', () => {
  test.each([
    ['the ID', () => fresh.nationalId],
    ['the mobile as typed locally', () => mobile(201).local],
    ['the email in capitals', () => 'PERSON201@EXAMPLE.COM'],
  ])('%s shows the status, history and working days left', async (_name, verifier) => {
    const text = await lookUp(talk(), fresh.number.toLowerCase(), verifier());
    // What it is and where it stands, then when to expect the answer (a readable day, not an ISO date), then the history.
    expect(text).toMatch(
      new RegExp(`Request ${fresh.number}[\\s\\S]*Current status: Received\\nExpected response by ${englishDay(fresh.dueDate)} \\([^)]*${hijriYear(fresh.dueDate)} AH\\) at the latest \\(\\d working days left\\)\\.\\s+History:\\n- ${englishDay(riyadhDay(fresh.createdAt))}: Received`),
    );
  });

  test('an overdue request gets an apology and an officer; the officer\'s note is shown', async () => {
    const conversation = talk();
    const text = await lookUp(conversation, overdue.number, overdue.email);
    expect(text).toMatch(/Current status: In review/);
    expect(text).toMatch(/Officer's reply: We have asked the branch office/);
    expect(text).toMatch(new RegExp(`passed its expected response date, ${englishDay(overdue.dueDate)} \\([^)]*\\)\\. We apologise`));
  });

  test('the overdue reply offers the officer button; a request on time does not; both offer what to do next', async () => {
    expect(buttonsOf(await lookUpReplies(talk(), overdue.number, overdue.email)).map((b) => b.title)).toEqual(['Talk to an officer', 'Track a request', 'Main menu']);
    expect(buttonsOf(await lookUpReplies(talk(), fresh.number, fresh.email)).map((b) => b.title)).toEqual(['Track a request', 'Main menu']);
  });

  test('a wrong verifier, an unknown number and someone else\'s details all get the very same answer', async () => {
    const answers = await Promise.all([
      lookUp(talk(), fresh.number, citizenId(999)),
      lookUp(talk(), 'TW-2026-999999', fresh.nationalId),
      lookUp(talk(), fresh.number, overdue.email),
      lookUp(talk(), fresh.number, mobile(999).local),
    ]);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/did not find a request matching the details/);
    expect(answers[0]).not.toMatch(/TW-|Received|status/);
  });

  test.each([
    ['with the direction marks an RTL keyboard leaves', (n: string) => `\u200F${n}\u200F`],
    ['in Persian digits', (n: string) => n.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))],
    ['with an extra leading zero', (n: string) => n.replace(/-(\d+)$/, '-0$1')],
  ])('a request number typed %s is read, in the form and in the first message', async (_how, typed) => {
    expect(await lookUp(talk(), typed(fresh.number), fresh.email)).toMatch(new RegExp(`Request ${fresh.number}[\\s\\S]*Current status: Received`));
    await play(talk(), [
      [`track my request ${typed(fresh.number)}`, /one of these/],
      [fresh.email, new RegExp(`Request ${fresh.number}[\\s\\S]*Current status: Received`)],
    ]);
  });

  test('a request number in the wrong shape is explained and asked again (not counted as a look-up)', async () => {
    await play(talk(), [
      ['Track a request', /How would/],
      ['By request number', /request number/],
      ['12345', /looks like TW-2026-000123[\s\S]*request number from your SMS/],
      [fresh.number, /one of these/],
      ['not an id', /could not read that as an ID number/],
    ]);
  });

  test('by ID and mobile, every request of that person is listed; "back" returns one step', async () => {
    const text = textOf(
      await play(talk(), [
        ['track my request', /How would/],
        ['By ID and mobile', /national ID or iqama/],
        ['back', /How would/],
        ['By ID and mobile', /national ID or iqama/],
        [first.nationalId, /mobile number you gave/],
        [mobile(203).local, /found 2 request/],
      ]),
    );
    expect(text).toContain(first.number);
    expect(text).toContain(second.number);
    expect(text).not.toContain(fresh.number);
  });

  test('a number in the first message is taken, so only the verifier is asked', async () => {
    await play(talk(), [
      [`track my request ${fresh.number}`, /one of these/],
      [fresh.email, new RegExp(`Request ${fresh.number}[\\s\\S]*Current status: Received`)],
    ]);
  });

  test('"help" explains and asks again; "cancel" ends the look-up', async () => {
    await play(talk(), [
      ['Track a request', /How would/],
      ['By request number', /request number from your SMS/],
      ['help', /exactly as you gave them[\s\S]*request number from your SMS/],
      ['cancel', /Cancelled\. Nothing was saved/],
    ]);
  });

  test('in Arabic', async () => {
    const conversation = talk('ar');
    await play(conversation, [
      ['متابعة طلب', /كيف تود البحث/],
      ['برقم الطلب', /رقم الطلب كما وصلك/],
      [fresh.number, /للتحقق من هويتك/],
      [fresh.nationalId, /الحالة الحالية: تم الاستلام\nيُتوقع الرد على طلبك في موعد أقصاه \u2068?[^\d]+ [٠-٩]{1,2} \S+ [٠-٩]{4}م، الموافق [٠-٩]{1,2} [^٠-٩]+ [٠-٩]{4}هـ\u2069? \(أيام العمل المتبقية: \d\)/],
    ]);
  });
});

describe('after 5 failed look-ups in 15 minutes', () => {
  test('the same user is paused, even in a new conversation, and so is that conversation for another user', async () => {
    const userId = 'guesser-1';
    const conversation = talk('en', userId);
    for (let i = 0; i < 5; i++) expect(await lookUp(conversation, guessedAt.number, citizenId(900 + i))).toMatch(/did not find/);
    expect(textOf(await conversation.say('Track a request'))).toMatch(/too many unsuccessful attempts[\s\S]*try again in 15 minutes/);
    // Another conversation of the same user.
    expect(textOf(await talk('en', userId).say('Track a request'))).toMatch(/too many unsuccessful attempts/);
    // Someone else typing in the same conversation.
    expect(textOf(await conversation.send({ type: 'message', text: 'Track a request', from: { id: 'guesser-2', name: 'Test user' } }))).toMatch(/paused/);
    // Another user in another conversation is not affected.
    expect(textOf(await talk('en', 'bystander').say('Track a request'))).toMatch(/How would you like to find/);
  });

  test('a user who mistyped four times can still look up', async () => {
    const conversation = talk('en', 'careless-1');
    for (let i = 0; i < 4; i++) await lookUp(conversation, careless.number, citizenId(800 + i));
    expect(await lookUp(conversation, careless.number, careless.email)).toMatch(/Current status: Received/);
  });
});

// Strangers guessing with a fresh conversation for every try, and the owner never locked out: test/bot/trackingLockout.test.ts.

describe('the first question answered with what the person has instead of a choice', () => {
  test.each([
    ['their ID, then their mobile', () => first.nationalId, /mobile number you gave/, () => mobile(203).local],
    ['their mobile, then their ID', () => mobile(203).local, /national ID or iqama number/, () => first.nationalId],
  ])('%s finds every request of theirs', async (_name, typedFirst, asked, typedNext) => {
    const conversation = talk();
    await play(conversation, [
      ['Track a request', /How would you like to find/],
      [typedFirst(), asked],
    ]);
    const text = textOf(await conversation.say(typedNext()));
    expect(text).toContain(first.number);
    expect(text).toContain(second.number);
  });

  test('a pasted request number asks only for one of the verifiers', async () => {
    await play(talk(), [
      ['Track a request', /How would you like to find/],
      [fresh.number, /one of these/],
    ]);
  });
});
