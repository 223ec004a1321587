import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { FolderAttachmentStore } from '../../requests/attachmentStore';

const sweepAbandonedAttachments = (dataDir: string, maxAgeMs: number, now?: number) => new FolderAttachmentStore(dataDir).sweepAbandoned(maxAgeMs, now);
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { buttonsOf, citationsOf, Conversation, textOf } from '../support/conversation';
import { play, Turn } from '../support/formScript';
import { citizenId, iqamaNumber, mobile, withWrongCheckDigit } from '../support/saudiIds';
import { fillRequestForm } from '../support/submitThrough';
import { startTestApp, TestApp } from '../support/testApp';

const MAX_BYTES = 4096;
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ ATTACHMENT_MAX_BYTES: MAX_BYTES });
});
afterAll(() => app.close());

const talk = (locale = 'en-US', extra: Record<string, unknown> = {}) => new Conversation(app.url, { locale, ...extra });
const storedRequests = async () => (await LowdbRequestStore.open(path.join(app.dataDir, 'requests'))).list({ limit: 1000 });
const outbox = () => {
  const file = path.join(app.dataDir, 'outbox', 'sms.jsonl');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
};
const DESCRIPTION = 'My passport renewal stopped at the payment step with an error.';
const DESCRIPTION_AR = 'لم يكتمل تجديد جوازي في أبشر وظهرت رسالة خطأ عند السداد.';

/** English turns from the start of the form to the ID question. */
const upToId: Turn[] = [
  ['Submit a request', /yourself, for yourself/],
  ['Yes, for myself', /Who is submitting/],
  ['Citizen (Absher)', /Which service/],
  ['Saudi passport', /describe the problem/],
  [DESCRIPTION, /Send them now/],
  ['No attachments', /national ID or iqama number/],
];

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
      ['Confirm and submit', /Request number: TW-\d{4}-\d{8}[\s\S]*by \d{4}-\d\d-\d\d[\s\S]*7 working days[\s\S]*How long does it take/],
    ]);
    const number = /TW-\d{4}-\d{6,}/.exec(textOf(replies))![0];
    const { requests } = await storedRequests();
    const stored = requests.find((r) => r.number === number)!;
    expect(stored).toMatchObject({ status: 'received', category: 'iqama', applicantType: 'citizen', nationalId: id, mobile: phone.e164, email: 'sara.ali@example.com', language: 'en' });
    expect(stored.conversationReference).toMatchObject({ conversation: { id: conversation.id } });
    expect(textOf(replies)).toContain(stored.dueDate);
    expect(outbox()).toContainEqual(expect.objectContaining({ to: phone.e164, requestNumber: number, text: expect.stringContaining(number) }));
  });

  test('in Arabic, from the menu, with Arabic-Indic digits, and an email that does not switch the language', async () => {
    const toIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    const iqama = iqamaNumber(102);
    const replies = await play(talk('ar-SA'), [
      ['تقديم طلب', /بنفسك ولنفسك/],
      ['نعم', /من مقدّم الطلب/],
      ['مقيم (أبشر)', /ما الخدمة/],
      ['نقل الخدمات', /اكتب وصفاً/],
      [DESCRIPTION_AR, /أرسلها الآن/],
      ['بدون مرفقات', /رقم الإقامة/],
      [toIndic(iqama), /رقم جوالك/],
      [toIndic('0551234567'), /بريدك الإلكتروني/],
      ['ahmad@example.com', /راجع بيانات طلبك[\s\S]*نقل الخدمات[\s\S]*\+966551234567/],
      ['تأكيد وإرسال', /تم استلام طلبك بنجاح[\s\S]*TW-\d{4}-\d{8}[\s\S]*7 أيام عمل[\s\S]*كم يستغرق الرد/],
    ]);
    const number = /TW-\d{4}-\d{6,}/.exec(textOf(replies))![0];
    const stored = (await storedRequests()).requests.find((r) => r.number === number)!;
    expect(stored).toMatchObject({ nationalId: iqama, applicantType: 'resident', category: 'serviceTransfer', language: 'ar' });
    expect(outbox().find((sms) => sms.requestNumber === number).text).toMatch(/تواصل الجوازات/);
  });

  test.each<[string, Turn[], string, RegExp]>([
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

  const upToIdAr: Turn[] = [
    ['تقديم طلب', /بنفسك ولنفسك/],
    ['نعم', /من مقدّم الطلب/],
    ['مواطن (أبشر)', /ما الخدمة/],
    ['جواز السفر', /اكتب وصفاً/],
  ];
  test.each<[string, Turn[], string, RegExp]>([
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
    const conversation = talk('ar-SA');
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

  test('switching language mid-form asks the same step again in the new language, keeping the answers', async () => {
    const conversation = talk();
    await play(conversation, [...upToId, [citizenId(109), /mobile/]]);
    await play(conversation, [
      ['عربي', /سأكمل معك باللغة العربية[\s\S]*أدخل رقم جوالك/],
      ['English', /continue in English[\s\S]*enter your mobile number/],
      [mobile(109).local, /email/],
      ['lang109@example.com', new RegExp(`review your request[\\s\\S]*${DESCRIPTION}[\\s\\S]*${citizenId(109)}`)],
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
  });

  test.each([
    ['en-US', 'No, for someone else', /processed only when the person concerned submits it[\s\S]*Can someone else submit a request on my behalf/],
    ['ar-SA', 'لا', /لا يُعالج إلا إذا قدّمه صاحب الشأن بنفسه[\s\S]*هل يمكن لشخص آخر تقديم طلب نيابة عني/],
  ])('a request on someone else\'s behalf is declined politely, citing the guide (%s)', async (locale, answer, expected) => {
    const conversation = talk(locale);
    const before = (await storedRequests()).total;
    await conversation.say(locale === 'ar-SA' ? 'ابي اقدم طلب' : 'I want to submit a request');
    await play(conversation, [[answer, expected]]);
    expect((await storedRequests()).total).toBe(before);
  });

  test('a menu button pressed mid-form leaves the form and does what it says', async () => {
    const conversation = talk();
    await play(conversation, upToId);
    await play(conversation, [['Track a request', /stopped “Submit a request”[\s\S]*How would you like to find your request/]]);
  });

  test('the logs of a whole submission never hold the whole ID, mobile or email', async () => {
    const conversation = talk();
    const id = citizenId(107);
    const phone = mobile(107);
    const from = app.logLines.length;
    await play(conversation, [...upToId, [id, /mobile/], [phone.local, /email/], ['private.person@example.com', /review/], ['Confirm and submit', /Request number/]]);
    const logs = app.logLines.slice(from).join('\n');
    expect(logs).toMatch(/request submitted/);
    expect(logs).toMatch(/\+9665\*+107/);
    for (const secret of [id, phone.e164, phone.local, phone.e164.slice(1), 'private.person@example.com', 'private.person']) expect(logs).not.toContain(secret);
  });
});

describe('many people at once, and a restart', () => {
  test('200 people confirming at the same moment get 200 different numbers, all stored, all kept after a restart', async () => {
    const own = await startTestApp();
    const people = Array.from({ length: 200 }, (_, i) => ({ n: 2000 + i, conversation: new Conversation(own.url, { locale: 'en-US' }) }));
    await Promise.all(people.map(({ n, conversation }) => fillRequestForm(conversation, n, `crowd${n}@example.com`)));
    const confirmed = await Promise.all(people.map(({ conversation }) => conversation.say('Confirm and submit')));
    const numbers = confirmed.map((replies) => /TW-\d{4}-\d{6,}/.exec(textOf(replies))?.[0]);
    expect(numbers.every(Boolean)).toBe(true);
    expect(new Set(numbers).size).toBe(200);

    // Stopped, then started again on the same data directory: every request is still there.
    await own.close();
    const restarted = await startTestApp({ DATA_DIR: own.dataDir });
    try {
      const stored = await LowdbRequestStore.open(path.join(own.dataDir, 'requests'));
      expect(stored.size).toBe(200);
      for (const number of numbers) expect(await stored.get(number!)).toBeDefined();
      const someone = people[137];
      await play(new Conversation(restarted.url, { locale: 'en-US' }), [
        ['Track a request', /How would/],
        ['By request number', /request number/],
        [numbers[137]!, /one of these/],
        [`crowd${someone.n}@example.com`, /Current status: Received/],
      ]);
    } finally {
      await restarted.close();
    }
  }, 120_000);
});

describe('attachments', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
  const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 32)]);
  const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;
  let channel: http.Server;
  let channelUrl: string;
  const requested: string[] = [];
  beforeAll(async () => {
    // Stands in for the channel's attachment service: files sent in a conversation are served from its host.
    channel = http.createServer((req, res) => {
      requested.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(PDF);
    });
    await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
    channelUrl = `http://127.0.0.1:${(channel.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => channel.close(resolve)));

  const attach = (name: string, contentType: string, contentUrl: string) => ({ text: '', attachments: [{ name, contentType, contentUrl }] });

  test('pdf/jpg/png are kept under DATA_DIR; other types, oversized files and foreign links are refused with the reason', async () => {
    const conversation = talk('en-US', { serviceUrl: channelUrl });
    await play(conversation, upToId.slice(0, 5));
    await play(conversation, [
      [attach('screen.png', 'image/png', dataUrl('image/png', PNG)), /received “screen\.png”[\s\S]*Send another file/],
      [attach('letter.pdf', 'application/pdf', `${channelUrl}/v3/attachments/abc/views/original`), /received “letter\.pdf”/],
      [attach('tool.exe', 'application/x-msdownload', dataUrl('application/x-msdownload', Buffer.from('MZ...'))), /cannot accept “tool\.exe”: I accept PDF, JPG and PNG/],
      [attach('fake.png', 'image/png', dataUrl('image/png', Buffer.from('not really a png at all'))), /cannot accept “fake\.png”: I accept PDF/],
      [attach('big.png', 'image/png', dataUrl('image/png', Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]))), /cannot accept “big\.png”: it is larger than/],
      [attach('meta.pdf', 'application/pdf', 'http://169.254.169.254/latest/meta-data/'), /cannot accept “meta\.pdf”: please attach the file itself/],
      ['hello', /Please send a file, or press “Done”/],
      ['Done', /national ID/],
      [citizenId(108), /mobile/],
      [mobile(108).local, /email/],
      ['files@example.com', /Attachments: screen\.png، letter\.pdf/],
    ]);
    const replies = await conversation.say('Confirm and submit');
    const number = /TW-\d{4}-\d{6,}/.exec(textOf(replies))![0];
    const stored = (await storedRequests()).requests.find((r) => r.number === number)!;
    expect(stored.attachments.map((a) => [a.name, a.contentType])).toEqual([
      ['screen.png', 'image/png'],
      ['letter.pdf', 'application/pdf'],
    ]);
    expect(fs.readFileSync(path.join(app.dataDir, stored.attachments[0].file))).toEqual(PNG);
    expect(fs.readFileSync(path.join(app.dataDir, stored.attachments[1].file))).toEqual(PDF);
    expect(requested).toEqual(['/v3/attachments/abc/views/original']);
    expect(stored.attachments.every((a) => !a.file.includes('pending'))).toBe(true);
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
    expect(fs.readFileSync(path.join(app.dataDir, stored.attachments[1].file))).toEqual(PDF);
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

  test('with anonymous traffic, a serviceUrl that is not this machine is not trusted for files', async () => {
    const conversation = talk('en-US', { serviceUrl: 'http://10.20.30.40:8080' });
    await play(conversation, upToId.slice(0, 5));
    // "please attach the file itself" is decided before any fetch; a fetch that failed would say "could not read".
    await play(conversation, [[attach('inner.pdf', 'application/pdf', 'http://10.20.30.40:8080/v3/attachments/x'), /cannot accept “inner\.pdf”: please attach the file itself/]]);
  });

  const day = 24 * 60 * 60 * 1000;
  const pendingDir = () => path.join(app.dataDir, 'attachments', 'pending');
  const adoptedFiles = () => fs.readdirSync(path.join(app.dataDir, 'attachments')).filter((f) => f !== 'pending');

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
    await sweepAbandonedAttachments(app.dataDir, day, Date.now() + day + 1000);
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
    const blocker = path.join(app.dataDir, 'requests', '.requests-00000.json.tmp');
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
    fs.symlinkSync(path.join(app.dataDir, 'no-such-file'), path.join(pendingDir(), '0-vanished.png'));
    const before = fs.readdirSync(pendingDir()).length;
    expect(await sweepAbandonedAttachments(app.dataDir, day, Date.now() + day + 1000)).toBe(before - 1);
    expect(fs.readdirSync(pendingDir())).toEqual(['0-vanished.png']);
    fs.unlinkSync(path.join(pendingDir(), '0-vanished.png'));
  });

  test('the files of a form that is cancelled are deleted by the sweep once a day old, and never before', async () => {
    const conversation = talk();
    await play(conversation, upToId.slice(0, 5));
    await play(conversation, [[attach('abandoned.png', 'image/png', dataUrl('image/png', PNG)), /received “abandoned\.png”/]]);
    await play(conversation, [['cancel', /Cancelled/]]);
    const pending = path.join(app.dataDir, 'attachments', 'pending');
    const files = fs.readdirSync(pending);
    expect(files.length).toBeGreaterThanOrEqual(1);
    expect(await sweepAbandonedAttachments(app.dataDir, day)).toBe(0);
    expect(await sweepAbandonedAttachments(app.dataDir, day, Date.now() + day + 1000)).toBe(files.length);
    expect(fs.readdirSync(pending)).toEqual([]);
  });
});
