import fs from 'node:fs';
import path from 'node:path';
import { SubmitRequestDialog } from '../../dialogs/submitRequestDialog';
import { Language } from '../../knowledge/language';
import { FolderAttachmentStore } from '../../requests/attachmentStore';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { buttonsOf, citationsOf, textOf } from '../support/conversation';
import { stripInvisibleMarks } from '../../knowledge/text/normalizeText';
import { ChatTurn, DialogChat, faqResponder, play, requestParts, RequestParts } from '../support/dialogClient';
import { englishDay, hijriYear } from '../support/readableDay';
import { citizenId, iqamaNumber, mobile, withWrongCheckDigit } from '../support/saudiIds';
import { DESCRIPTION, upToId } from '../support/submitTurns';

const MAX_BYTES = 4096;
const sweepAbandonedAttachments = (maxAgeMs: number, now?: number) => new FolderAttachmentStore(parts.dataDir).sweepAbandoned(maxAgeMs, now);
let parts: RequestParts;
let submit: SubmitRequestDialog;
beforeAll(async () => {
  // The dialog as index.ts builds it: a request service over a real store, numbering, the SMS outbox and the files folder.
  parts = await requestParts();
  submit = new SubmitRequestDialog(faqResponder(), {
    requests: parts.requests,
    logger: parts.logger,
    attachments: { store: parts.attachments, maxBytes: MAX_BYTES, maxFiles: 5, ownHosts: [], authenticated: false },
  });
});

const talk = (language: Language = 'en') => new DialogChat(submit, language);
/** The requests as stored on disk, read back by a store of their own. */
const storedRequests = async () => (await LowdbRequestStore.open(path.join(parts.dataDir, 'requests'))).list({ limit: 1000 });
const outbox = () => parts.outbox();
const DESCRIPTION_AR = 'لم يكتمل تجديد جوازي في أبشر وظهرت رسالة خطأ عند السداد.';


const upToIdAr: ChatTurn[] = [
  ['تقديم طلب', /بنفسك ولنفسك/],
  ['نعم', /من مقدّم الطلب/],
  ['مواطن (أبشر)', /ما الخدمة/],
  ['جواز السفر', /اكتب وصفاً/],
];

describe('submitting a request, conversation tables', () => {
  // Each conversation starts as the form host starts the form: with the message that asked for it.
  test.each<[string, Language, ChatTurn[]]>([
    [
      '"مساعدة" explains the step and asks it again',
      'ar',
      [
        ...upToIdAr,
        ['مساعدة', /صف ما حدث وما تحتاجه في جمل قليلة[\s\S]*اكتب وصفاً للمشكلة/],
      ],
    ],
    [
      '"رجوع" returns one step, and the answer given is asked again',
      'ar',
      [
        ...upToIdAr,
        ['رجوع', /ما الخدمة التي يتعلق بها طلبك؟/],
        ['رجوع', /من مقدّم الطلب؟/],
        ['رجوع', /هل تقدّم هذا الطلب بنفسك ولنفسك؟/],
        ['رجوع', /هذه أول خطوة، لا توجد خطوة سابقة\.[\s\S]*بنفسك ولنفسك/],
      ],
    ],
    [
      '"إلغاء" mid-form ends it with nothing saved',
      'ar',
      [
        ...upToIdAr,
        ['إلغاء', /^تم الإلغاء، ولم يُحفظ شيء\.$/],
      ],
    ],
    [
      'a question mid-form is answered and the step asked again (ar)',
      'ar',
      [
        ...upToIdAr.slice(0, 2),
        ['كم يستغرق الرد على طلبات تواصل؟', /7 أيام عمل[\s\S]*نكمل من حيث توقفنا:[\s\S]*من مقدّم الطلب؟/],
        ['مواطن (أبشر)', /ما الخدمة/],
      ],
    ],
    [
      'a question-like description is the description, not a question (free-text step)',
      'en',
      [
        ...upToId.slice(0, 4),
        ['How long does Tawasul take to answer a request?', /Send them now/],
      ],
    ],
    [
      'a bad choice in Arabic is explained and the choices offered again',
      'ar',
      [
        ['تقديم طلب', /بنفسك ولنفسك/],
        ['ربما', /فضلاً اختر أحد الخيارات المعروضة\.[\s\S]*بنفسك ولنفسك/],
      ],
    ],
  ])('%s', async (_name, language, turns) => {
    await play(talk(language), turns);
  });
});

describe('submitting a request', () => {
  test('in English, from a sentence that names the topic: the topic is not asked, and the number, due date and source are given', async () => {
    const conversation = talk();
    const id = citizenId(101);
    const phone = mobile(101);
    const replies = await play(conversation, [
      ['I want to raise a complaint about my iqama renewal', /about “Iqama issue\/renewal”[\s\S]*yourself, for yourself/],
      ['yes', /Who is submitting/],
      ['Citizen (Absher)', /describe the problem/],
      ['My iqama renewal fails on Absher every time I try to pay the fee.', /Send them now/],
      ['No attachments', /national ID/],
      [id, /mobile number/],
      [phone.local, /email/],
      ['Sara.Ali@Example.com', new RegExp(`review your request[\\s\\S]*Iqama issue/renewal[\\s\\S]*\\${phone.e164}[\\s\\S]*sara\\.ali@example\\.com`)],
      ['Confirm and submit', /Request number: TW-\d{4}-\d{6,}[\s\S]*by \w+day \d{1,2} \w+ \d{4} \(\d{1,2} [\w' -]+ \d{4} AH\)[\s\S]*7 working days[\s\S]*How long does it take/],
    ]);
    const number = /TW-\d{4}-\d{6,}/.exec(textOf(replies))![0];
    const { requests } = await storedRequests();
    const stored = requests.find((r) => r.number === number)!;
    expect(stored).toMatchObject({ status: 'received', category: 'iqama', applicantType: 'citizen', nationalId: id, mobile: phone.e164, email: 'sara.ali@example.com', language: 'en' });
    expect(stored.conversationReference).toMatchObject({ conversation: { id: conversation.id } });
    // The due date as people read it, weekday first, with its Hijri date beside it.
    expect(textOf(replies)).toContain(`by ${englishDay(stored.dueDate)} (`);
    expect(textOf(replies)).toMatch(new RegExp(`${hijriYear(stored.dueDate)} AH\\) at the latest`));
    expect(textOf(replies)).not.toContain(stored.dueDate);
    expect(outbox()).toContainEqual(expect.objectContaining({ to: phone.e164, requestNumber: number, text: expect.stringContaining(number) }));
    expect(conversation.ended).toBe(true);
  });

  test('in Arabic, from the menu, with Arabic-Indic digits, and an email that does not switch the language', async () => {
    const toIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    const iqama = iqamaNumber(102);
    const replies = await play(talk('ar'), [
      ['تقديم طلب', /بنفسك ولنفسك/],
      ['نعم', /من مقدّم الطلب/],
      ['مقيم (أبشر)', /ما الخدمة/],
      ['نقل الخدمات', /اكتب وصفاً/],
      [DESCRIPTION_AR, /أرسلها الآن/],
      ['بدون مرفقات', /رقم الإقامة/],
      [toIndic(iqama), /رقم جوالك/],
      [toIndic('0551234567'), /بريدك الإلكتروني/],
      ['ahmad@example.com', /راجع بيانات طلبك[\s\S]*نقل الخدمات[\s\S]*\+966551234567/],
      ['تأكيد وإرسال', /تم استلام طلبك بنجاح[\s\S]*TW-\d{4}-\d{6,}[\s\S]*7 أيام عمل[\s\S]*كم يستغرق الرد/],
    ]);
    const number = /TW-\d{4}-\d{6,}/.exec(textOf(replies))![0];
    const stored = (await storedRequests()).requests.find((r) => r.number === number)!;
    expect(stored).toMatchObject({ nationalId: iqama, applicantType: 'resident', category: 'serviceTransfer', language: 'ar' });
    expect(outbox().find((sms) => sms.requestNumber === number)!.text).toMatch(/تواصل الجوازات/);
  });

  test.each<[string, ChatTurn[], string, RegExp]>([
    ['a choice that is not offered', upToId.slice(0, 2), 'banana', /choose one of the options[\s\S]*Who is submitting/],
    ['a description that is too short', upToId.slice(0, 4), 'broken', /too short[\s\S]*describe the problem/],
    ['a description that is too long', upToId.slice(0, 4), 'x'.repeat(1001), /too long[\s\S]*describe the problem/],
    ['an ID with 5 digits', upToId, '12345', /exactly 10 digits[\s\S]*national ID or iqama number/],
    ['an ID starting with 3', upToId, '3000000010', /starts with 1 and an iqama number with 2/],
    ['an ID with a wrong check digit', upToId, withWrongCheckDigit(citizenId(5)), /check digit does not match/],
    ['an iqama number from someone who said they are a citizen', upToId, iqamaNumber(5), /citizen's national ID starts with 1/],
    ['a mobile that is not Saudi', [...upToId, [citizenId(103), /mobile/]], '+971501234567', /not a Saudi mobile[\s\S]*mobile number/],
    ['an email with no domain', [...upToId, [citizenId(103), /mobile/], [mobile(103).local, /email/]], 'sara@', /does not look like an email[\s\S]*email address/],
  ])('%s gets the reason and the same question again', async (_name, before, wrong, expected) => {
    const conversation = talk();
    await play(conversation, before);
    await play(conversation, [[wrong, expected]]);
  });

  test.each<[string, ChatTurn[], string, RegExp]>([
    ['وصف قصير', upToIdAr, 'خطأ', /الوصف قصير جداً[\s\S]*اكتب وصفاً/],
    ['رقم هوية من ٥ أرقام', [...upToIdAr, [DESCRIPTION_AR, /أرسلها/], ['بدون مرفقات', /رقم الهوية/]], '١٢٣٤٥', /يتكون من 10 أرقام[\s\S]*رقم الهوية الوطنية أو رقم الإقامة/],
    ['رقم تحقق خاطئ', [...upToIdAr, [DESCRIPTION_AR, /أرسلها/], ['بدون مرفقات', /رقم الهوية/]], withWrongCheckDigit(citizenId(6)), /لا يطابق رقم التحقق/],
    [
      'جوال غير سعودي',
      [...upToIdAr, [DESCRIPTION_AR, /أرسلها/], ['بدون مرفقات', /رقم الهوية/], [citizenId(110), /رقم جوالك/]],
      '٠٤١٢٣٤٥٦٧٨',
      /ليس رقم جوال سعودياً[\s\S]*رقم جوالك/,
    ],
  ])('in Arabic: %s gets the reason in Arabic and the same question again', async (_name, before, wrong, expected) => {
    const conversation = talk('ar');
    await play(conversation, before);
    await play(conversation, [[wrong, expected]]);
  });

  test('after three wrong answers to one question an officer is offered, and pressing it leaves the form', async () => {
    const conversation = talk();
    await play(conversation, upToId);
    await play(conversation, [
      ['1', /exactly 10 digits/],
      ['12', /exactly 10 digits/],
    ]);
    expect(buttonsOf(await conversation.say('123')).map((b) => b.title)).toContain('Talk to an officer');
    await play(conversation, [['Talk to an officer', /stopped “Submit a request”; nothing from it was saved/]]);
    // The form ends asking the host to route the button again (formHost.dialog.test.ts).
    expect(conversation.testClient!.dialogTurnResult.result).toEqual({ leaveFormFor: 'routeAgain' });
  });

  test('"back" returns one step, "help" explains the step, and a question mid-form is answered before the same step resumes', async () => {
    const conversation = talk();
    await play(conversation, [...upToId, [citizenId(104), /mobile/]]);
    await play(conversation, [
      ['back', /national ID or iqama number/],
      ['help', /10-digit number[\s\S]*national ID or iqama number/],
    ]);
    const answered = await conversation.say('How long does Tawasul take to answer a request?');
    expect(textOf(answered)).toMatch(/7 working days[\s\S]*continue where we left off[\s\S]*national ID or iqama number/);
    expect(citationsOf(answered)).toHaveLength(1);
    await play(conversation, [
      [citizenId(104), /mobile/],
      [mobile(104).local, /email/],
      ['person104@example.com', new RegExp(`review your request[\\s\\S]*${DESCRIPTION}`)],
      ['back', /email/],
    ]);
  });

  test('"back" on the first step says there is none; back from the description reaches a topic given in the first message', async () => {
    const conversation = talk();
    await play(conversation, [
      ['I want to submit a request about my passport', /Saudi passport[\s\S]*yourself, for yourself/],
      ['back', /first step/],
      ['yes', /Who is submitting/],
      ['Resident (Absher)', /describe the problem/],
      ['back', /Which service/],
      ['Dependants', /describe the problem/],
      ['back', /Which service/],
      ['back', /Who is submitting/],
    ]);
  });

  test('a detail edited from the summary is what gets stored', async () => {
    const conversation = talk();
    const replies = await play(conversation, [
      ...upToId,
      [citizenId(105), /mobile/],
      [mobile(105).local, /email/],
      ['old@example.com', /old@example\.com/],
      ['Edit a detail', /Which detail/],
      ['Email', /email address/],
      ['new@example.com', /review your request[\s\S]*new@example\.com/],
      ['Edit a detail', /Which detail/],
      ['Service', /Which service/],
      ['Profession change', /review your request[\s\S]*Profession change/],
      // A resident's iqama starts with 2: the citizen's ID given no longer fits, so it is asked again.
      ['Edit a detail', /Which detail/],
      ['Applicant', /Who is submitting/],
      ['Resident (Absher)', /does not fit the applicant type[\s\S]*national ID or iqama number/],
      [iqamaNumber(105), /review your request[\s\S]*Resident \(Absher\)/],
      ['Confirm and submit', /Request number/],
    ]);
    const number = /TW-\d{4}-\d{6,}/.exec(textOf(replies))![0];
    expect((await storedRequests()).requests.find((r) => r.number === number)).toMatchObject({
      email: 'new@example.com',
      category: 'professionChange',
      applicantType: 'resident',
      nationalId: iqamaNumber(105),
    });
  });

  test.each([
    ['cancel at the summary', 'Cancel', /Cancelled\. Nothing was saved/],
    ['"cancel" typed mid-form', 'cancel', /Cancelled\. Nothing was saved/],
    ['"إلغاء" typed mid-form', 'إلغاء', /تم الإلغاء، ولم يُحفظ شيء/],
    ['"menu" typed mid-form', 'menu', /How can I help you/],
  ])('%s stores nothing and sends no SMS', async (_name, cancel, expected) => {
    const conversation = talk();
    const id = citizenId(106);
    await play(conversation, [...upToId, [id, /mobile/], [mobile(106).local, /email/], ['cancel106@example.com', /review/]]);
    const before = (await storedRequests()).total;
    await play(conversation, [[cancel, expected]]);
    expect((await storedRequests()).total).toBe(before);
    expect((await storedRequests()).requests.some((r) => r.nationalId === id)).toBe(false);
    expect(outbox().some((sms) => sms.to === mobile(106).e164)).toBe(false);
    expect(conversation.ended).toBe(true);
  });

  test.each<[Language, string, RegExp]>([
    ['en', 'No, for someone else', /processed only when the person concerned submits it[\s\S]*Can someone else submit a request on my behalf/],
    ['ar', 'لا', /لا يُعالج إلا إذا قدّمه صاحب الشأن بنفسه[\s\S]*هل يمكن لشخص آخر تقديم طلب نيابة عني/],
  ])('a request on someone else\'s behalf is declined politely, citing the guide (%s)', async (language, answer, expected) => {
    const conversation = talk(language);
    const before = (await storedRequests()).total;
    await conversation.say(language === 'ar' ? 'ابي اقدم طلب' : 'I want to submit a request');
    await play(conversation, [[answer, expected]]);
    expect((await storedRequests()).total).toBe(before);
  });

  test('the logs of a whole submission never hold the whole ID, mobile or email', async () => {
    const conversation = talk();
    const id = citizenId(107);
    const phone = mobile(107);
    const from = parts.logLines.length;
    await play(conversation, [...upToId, [id, /mobile/], [phone.local, /email/], ['private.person@example.com', /review/], ['Confirm and submit', /Request number/]]);
    const logs = parts.logLines.slice(from).join('\n');
    expect(logs).toMatch(/request submitted/);
    expect(logs).toMatch(/\+9665\*+107/);
    for (const secret of [id, phone.e164, phone.local, phone.e164.slice(1), 'private.person@example.com', 'private.person']) expect(logs).not.toContain(secret);
  });
});

describe('attachments sent in the conversation (data URLs: no channel to fetch from)', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
  const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 32)]);
  const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;
  const attach = (name: string, contentType: string, contentUrl: string) => ({ text: '', attachments: [{ name, contentType, contentUrl }] });
  const day = 24 * 60 * 60 * 1000;
  const pendingDir = () => path.join(parts.dataDir, 'attachments', 'pending');
  const adoptedFiles = () => fs.readdirSync(path.join(parts.dataDir, 'attachments')).filter((f) => f !== 'pending');

  test.each<[string, Language, ChatTurn[]]>([
    [
      'a file is received, a word that is not "Done" is explained, "Done" goes on',
      'en',
      [
        ...upToId.slice(0, 5),
        [attach('screen.png', 'image/png', dataUrl('image/png', PNG)), /received “screen\.png”[\s\S]*Send another file/],
        ['hello', /Please send a file, or press “Done”/],
        ['Done', /national ID/],
      ],
    ],
    [
      'a type not accepted and a file too large are refused with the reason, a file is received, and «تم» goes on (ar)',
      'ar',
      [
        ...upToIdAr,
        [DESCRIPTION_AR, /أرسلها الآن/],
        [attach('tool.exe', 'application/x-msdownload', dataUrl('application/x-msdownload', Buffer.from('MZ...'))), /لا يمكنني قبول الملف «\u2068tool\.exe\u2069»، فالمقبول ملفات PDF وJPG وPNG فقط/],
        [attach('big.png', 'image/png', dataUrl('image/png', Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]))), /لا يمكنني قبول الملف «\u2068big\.png\u2069» لأن حجمه يتجاوز/],
        [attach('screen.png', 'image/png', dataUrl('image/png', PNG)), /استلمت الملف «\u2068screen\.png\u2069»/],
        ['مرحبا', /فضلاً أرسل ملفاً، أو اضغط «تم» أو «بدون مرفقات»/],
        ['تم', /رقم الهوية الوطنية أو رقم الإقامة/],
      ],
    ],
  ])('%s', async (_name, language, turns) => {
    await play(talk(language), turns);
  });

  test('files attached are kept when the person goes back, and when attachments are edited from the summary', async () => {
    const conversation = talk();
    await play(conversation, upToId.slice(0, 5));
    await play(conversation, [
      [attach('first.png', 'image/png', dataUrl('image/png', PNG)), /received “first\.png”/],
      // "back" while the prompt is open, then forward again: the file is still there.
      ['back', /describe the problem/],
      [DESCRIPTION, /Attached so far: first\.png[\s\S]*Send them now/],
      ['Done', /national ID/],
      // "back" from the next step.
      ['back', /Attached so far: first\.png/],
      [attach('second.pdf', 'application/pdf', dataUrl('application/pdf', PDF)), /received “second\.pdf”/],
      ['Done', /national ID/],
      [citizenId(109), /mobile/],
      [mobile(109).local, /email/],
      ['kept@example.com', /Attachments: first\.png، second\.pdf/],
      ['Edit a detail', /Which detail/],
      ['Attachments', /Attached so far: first\.png، second\.pdf/],
      ['Done', /review your request[\s\S]*Attachments: first\.png، second\.pdf/],
    ]);
    const number = /TW-\d{4}-\d{6,}/.exec(textOf(await conversation.say('Confirm and submit')))![0];
    const stored = (await storedRequests()).requests.find((r) => r.number === number)!;
    expect(stored.attachments.map((a) => a.name)).toEqual(['first.png', 'second.pdf']);
    expect(fs.readFileSync(path.join(parts.dataDir, stored.attachments[1].file))).toEqual(PDF);
  });

  test('Web Chat: a file chosen then «تم» pressed rides with the ID answer; it is kept, named, in the summary and in the request', async () => {
    const conversation = new DialogChat(submit, 'ar', { channelId: 'webchat' });
    await play(conversation, [
      ...upToIdAr,
      // The prompt says how a file is sent on this channel: the paperclip, then «إرسال».
      [DESCRIPTION_AR, /أرسلها الآن[\s\S]*اضغط على رمز المشبك، واختر الملف، ثم اضغط «إرسال»/],
      ['تم', /رقم الهوية الوطنية أو رقم الإقامة/],
      [{ text: citizenId(120), attachments: [{ name: 'جواز.pdf', contentType: 'application/pdf', contentUrl: dataUrl('application/pdf', PDF) }] }, /استلمت الملف «\u2068جواز\.pdf\u2069»[\s\S]*رقم جوالك/],
      // A file alone at a step asks the step again.
      [attach('صورة.png', 'image/png', dataUrl('image/png', PNG)), /استلمت الملف «\u2068صورة\.png\u2069»[\s\S]*رقم جوالك/],
      [mobile(120).local, /بريدك الإلكتروني/],
      ['ride@example.com', /المرفقات: \u2068?جواز\.pdf\u2069?، \u2068?صورة\.png/],
    ]);
    const number = /TW-\d{4}-\d{6,}/.exec(stripInvisibleMarks(textOf(await conversation.say('تأكيد وإرسال'))))![0];
    const stored = (await storedRequests()).requests.find((r) => r.number === number)!;
    expect(stored.attachments.map((a) => a.name)).toEqual(['جواز.pdf', 'صورة.png']);
  });

  test('a file sent with the message that opens the form is its first attachment', async () => {
    const conversation = talk();
    await play(conversation, [
      [{ text: 'I want to submit a request', attachments: [{ name: 'receipt.pdf', contentType: 'application/pdf', contentUrl: dataUrl('application/pdf', PDF) }] }, /received “receipt\.pdf”[\s\S]*yourself, for yourself/],
      ...upToId.slice(1, 4),
      [DESCRIPTION, /Attached so far: receipt\.pdf/],
    ]);
  });

  test.each<[string, string, RegExp]>([
    ['sms', 'ar', /لا يمكن إرسال الملفات عبر الرسائل النصية/],
    ['msteams', 'en', /use your app's attach button, then send it/],
  ])('on %s the attachments question says how files go there', async (channelId, language, expected) => {
    await play(new DialogChat(submit, language as Language, { channelId }), [...(language === 'ar' ? upToIdAr : upToId.slice(0, 4)), [language === 'ar' ? DESCRIPTION_AR : DESCRIPTION, expected]]);
  });

  test('"No attachments" chosen when editing from the summary removes the files attached before', async () => {
    const conversation = talk();
    await play(conversation, upToId.slice(0, 5));
    await play(conversation, [
      [attach('drop.png', 'image/png', dataUrl('image/png', PNG)), /received “drop\.png”/],
      ['Done', /national ID/],
      [citizenId(110), /mobile/],
      [mobile(110).local, /email/],
      ['drop@example.com', /Attachments: drop\.png/],
      ['Edit a detail', /Which detail/],
      ['Attachments', /Attached so far: drop\.png/],
      ['No attachments', /review your request[\s\S]*Attachments: none/],
    ]);
  });

  test('a form confirmed after the sweep deleted its files is still submitted, without them, and the person is told', async () => {
    const conversation = talk();
    await play(conversation, upToId.slice(0, 5));
    await play(conversation, [
      [attach('old.png', 'image/png', dataUrl('image/png', PNG)), /received “old\.png”/],
      ['Done', /national ID/],
      [citizenId(111), /mobile/],
      [mobile(111).local, /email/],
      ['late@example.com', /Attachments: old\.png/],
    ]);
    // The person came back more than a day later: the sweep has run meanwhile.
    await sweepAbandonedAttachments(day, Date.now() + day + 1000);
    const text = textOf(await conversation.say('Confirm and submit'));
    expect(text).toMatch(/Request number: TW-\d{4}-\d{6,}/);
    expect(text).toMatch(/the attached files old\.png are no longer available[\s\S]*submitted without them/);
    const number = /TW-\d{4}-\d{6,}/.exec(text)![0];
    expect((await storedRequests()).requests.find((r) => r.number === number)!.attachments).toEqual([]);
  });

  test('a request that cannot be stored keeps none of its files', async () => {
    const conversation = talk();
    await play(conversation, upToId.slice(0, 5));
    await play(conversation, [
      [attach('unsaved.png', 'image/png', dataUrl('image/png', PNG)), /received “unsaved\.png”/],
      ['Done', /national ID/],
      [citizenId(112), /mobile/],
      [mobile(112).local, /email/],
      ['unsaved@example.com', /Attachments: unsaved\.png/],
    ]);
    const adoptedBefore = adoptedFiles();
    // lowdb writes ".<file>.tmp" and renames it over the file: a folder in its place makes the write fail.
    const blocker = path.join(parts.dataDir, 'requests', '.requests-00000.json.tmp');
    fs.mkdirSync(blocker);
    try {
      expect(textOf(await conversation.say('Confirm and submit'))).toMatch(/could not be saved[\s\S]*nothing was stored/);
    } finally {
      fs.rmdirSync(blocker);
    }
    expect(adoptedFiles()).toEqual(adoptedBefore);
  });

  test('the sweep carries on past a file that vanishes while it runs', async () => {
    const conversation = talk();
    await play(conversation, upToId.slice(0, 5));
    await play(conversation, [[attach('left.png', 'image/png', dataUrl('image/png', PNG)), /received “left\.png”/]]);
    // A link to nothing: stat finds no file, as when a submission adopts it between readdir and stat.
    fs.symlinkSync(path.join(parts.dataDir, 'no-such-file'), path.join(pendingDir(), '0-vanished.png'));
    const before = fs.readdirSync(pendingDir()).length;
    expect(await sweepAbandonedAttachments(day, Date.now() + day + 1000)).toBe(before - 1);
    expect(fs.readdirSync(pendingDir())).toEqual(['0-vanished.png']);
    fs.unlinkSync(path.join(pendingDir(), '0-vanished.png'));
  });

  test('the files of a form that is cancelled are deleted by the sweep once a day old, and never before', async () => {
    const conversation = talk();
    // Other tests' abandoned forms may have left files here already (whatever order the tests run in).
    const pending = pendingDir();
    const earlier = new Set(fs.existsSync(pending) ? fs.readdirSync(pending) : []);
    await play(conversation, upToId.slice(0, 5));
    await play(conversation, [[attach('abandoned.png', 'image/png', dataUrl('image/png', PNG)), /received “abandoned\.png”/]]);
    await play(conversation, [['cancel', /Cancelled/]]);
    const files = fs.readdirSync(pending);
    expect(files.filter((file) => !earlier.has(file))).toHaveLength(1);
    expect(await sweepAbandonedAttachments(day)).toBe(0);
    expect(await sweepAbandonedAttachments(day, Date.now() + day + 1000)).toBe(files.length);
    expect(fs.readdirSync(pending)).toEqual([]);
  });
});
