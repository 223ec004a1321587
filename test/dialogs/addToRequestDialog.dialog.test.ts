import fs from 'node:fs';
import path from 'node:path';
import { Activity } from 'botbuilder';
import { AddToRequestDialog } from '../../dialogs/addToRequestDialog';
import { TrackRequestDialog } from '../../dialogs/trackRequestDialog';
import { Language } from '../../knowledge/language';
import { LookupLimiter } from '../../requests/lookupLimiter';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { Request } from '../../requests/requestSchemas';
import { buttonsOf, textOf } from '../support/conversation';
import { DialogChat, faqResponder, play, requestParts, RequestParts } from '../support/dialogClient';
import { draftFor, storeDraft } from '../support/requestDrafts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 32)]);
const file = (name: string, contentType: string, bytes: Buffer) => ({ name, contentType, contentUrl: `data:${contentType};base64,${bytes.toString('base64')}` });
const NOTE = 'Please attach a copy of your passport.';

let parts: RequestParts;
let limiter: LookupLimiter;
let addTo: AddToRequestDialog;
let track: TrackRequestDialog;
let awaitingAr: Request;
let awaitingEn: Request;
let inReview: Request;
let rejected: Request;
let forFileFirst: Request;
let guessedAt: Request;

async function awaiting(n: number, language: Language): Promise<Request> {
  const request = await storeDraft(parts.store, draftFor(n, { language }));
  await parts.store.updateStatus(request.number, 'in_review');
  return (await parts.store.updateStatus(request.number, 'awaiting_info', NOTE))!;
}

beforeAll(async () => {
  // The dialogs as index.ts builds them: the real store, request service and files folder, one limiter for both.
  parts = await requestParts();
  limiter = new LookupLimiter();
  const attachments = { store: parts.attachments, maxBytes: 4096, maxFiles: 5, ownHosts: [], authenticated: false };
  addTo = new AddToRequestDialog(faqResponder(), { store: parts.store, requests: parts.requests, limiter, attachments, logger: parts.logger });
  track = new TrackRequestDialog(faqResponder(), parts.store, limiter, parts.logger);
  awaitingAr = await awaiting(301, 'ar');
  awaitingEn = await awaiting(302, 'en');
  inReview = (await parts.store.updateStatus((await storeDraft(parts.store, draftFor(303))).number, 'in_review'))!;
  rejected = (await parts.store.updateStatus((await storeDraft(parts.store, draftFor(304))).number, 'rejected'))!;
  forFileFirst = await awaiting(305, 'en');
  guessedAt = await storeDraft(parts.store, draftFor(306));
});

const talk = (language: Language, extra: Partial<Activity> = {}) => new DialogChat(addTo, language, extra);
/** The request as stored on disk, read back by a store of its own. */
const stored = async (number: string) => (await (await LowdbRequestStore.open(path.join(parts.dataDir, 'requests'))).get(number))!;

describe('a person adds information and files to their own request', () => {
  test('Arabic, staff asked for the passport: the number in the first message, the ID, what the officer asked, a file with words, «إرسال إلى الموظف»; the history has it and the request is back in review', async () => {
    const chat = talk('ar', { channelId: 'webchat' });
    const replies = await play(chat, [
      [`ابي ارفق صورة الجواز لطلبي ${awaitingAr.number}`, /للتحقق من هويتك/],
      [awaitingAr.nationalId, new RegExp(`الطلب \u2068${awaitingAr.number}\u2069: بانتظار معلومات منك[\\s\\S]*طلب الموظف: \u2068${NOTE}\u2069[\\s\\S]*اكتب المعلومات[\\s\\S]*اضغط على رمز المشبك، واختر الملف، ثم اضغط «إرسال»`)],
      [{ text: 'هذه صورة جوازي', attachments: [file('جواز.png', 'image/png', PNG)] }, /استلمت الملف «\u2068جواز\.png\u2069»/],
    ]);
    expect(buttonsOf(replies).map((b) => b.title)).toEqual(['إرسال إلى الموظف', 'إلغاء']);
    await play(chat, [['إرسال إلى الموظف', new RegExp(`أُضيف ما أرسلته إلى الطلب \u2068${awaitingAr.number}\u2069، وأُبلغ الموظف المختص. الحالة الحالية: قيد الدراسة`)]]);
    expect(chat.ended).toBe(true);
    const request = await stored(awaitingAr.number);
    expect(request.status).toBe('in_review');
    expect(request.history.at(-1)).toMatchObject({ by: 'requester', status: 'in_review', added: { text: 'هذه صورة جوازي', files: [{ name: 'جواز.png' }] } });
    expect(fs.readFileSync(path.join(parts.dataDir, request.attachments.at(-1)!.file))).toEqual(PNG);
  });

  test('English, asked in words: number, email as the verifier, two messages and a PDF, then Send; nothing is sent before that', async () => {
    const chat = talk('en');
    await play(chat, [
      ['I want to add a document to my request', /enter its number from your SMS/],
      ['TW 2026', /looks like TW-2026-000123/],
      [awaitingEn.number, /To confirm it is you/],
      [awaitingEn.email, new RegExp(`Request ${awaitingEn.number}: Awaiting information from you[\\s\\S]*The officer asked: ${NOTE.replace('.', '\\.')}`)],
      ['Send to the officer', /Nothing has been added yet/],
      ['My passport was renewed on 3 March.', /Noted/],
      [{ text: '', attachments: [file('passport.pdf', 'application/pdf', PDF)] }, /received “passport\.pdf”/],
      ['Is that enough?', /Noted/],
    ]);
    expect((await stored(awaitingEn.number)).status).toBe('awaiting_info');
    await play(chat, [['Send to the officer', new RegExp(`added to request ${awaitingEn.number}[\\s\\S]*Current status: In review`)]]);
    expect((await stored(awaitingEn.number)).history.at(-1)!.added).toEqual({ text: 'My passport was renewed on 3 March.\nIs that enough?', files: [{ id: expect.any(String), name: 'passport.pdf' }] });
  });

  test('a file sent first (no form open) is kept while the person is verified, then added with the request number given', async () => {
    const chat = talk('en', { channelId: 'webchat' });
    await play(chat, [
      [{ text: '', attachments: [file('passport.png', 'image/png', PNG)] }, /received “passport\.png”[\s\S]*enter its number/],
      [forFileFirst.number, /To confirm it is you/],
      [forFileFirst.mobile, /Ready to add: passport\.png[\s\S]*press the paperclip/],
      ['Send to the officer', /added to request/],
    ]);
    expect((await stored(forFileFirst.number)).history.at(-1)!.added!.files.map((f) => f.name)).toEqual(['passport.png']);
  });

  test('a request in review takes information and stays in review; a closed one says so and takes nothing', async () => {
    await play(talk('en'), [
      [`add information to request ${inReview.number}`, /To confirm it is you/],
      [inReview.nationalId, /Request .*: In review/],
      ['My new mobile is 0551234567', /Noted/],
      ['Send to the officer', /Current status: In review/],
    ]);
    const closed = talk('en');
    await play(closed, [
      [`add information to request ${rejected.number}`, /To confirm it is you/],
      [rejected.nationalId, /is closed \(Rejected\), so nothing more can be added/],
    ]);
    expect(closed.ended).toBe(true);
    expect((await stored(rejected.number)).history).toHaveLength(2);
  });

  test('tracking a request that awaits information offers "Add information", which carries the number (the owner is asked to confirm again)', async () => {
    const request = await awaiting(307, 'en');
    const replies = await play(new DialogChat(track, 'en'), [
      ['Track a request', /How would you like/],
      ['By request number', /request number/],
      [request.number, /To confirm/],
      [request.nationalId, /Officer's reply: Please attach/],
    ]);
    const offered = buttonsOf(replies).find((b) => b.title === 'Add information');
    expect(offered?.value).toBe(`Add information to request ${request.number}`);
    await play(talk('en'), [
      [offered!.value as string, /To confirm it is you/],
      [request.nationalId, /The officer asked: Please attach/],
      ['Sent it by post yesterday.', /Noted/],
      ['Send to the officer', /added to request/],
    ]);
    const tracked = textOf(await play(new DialogChat(track, 'en'), [['Track a request', /How/], ['By request number', /number/], [request.number, /confirm/], [request.nationalId, /You added information/]]));
    expect(tracked).toMatch(/Current status: In review/);
  });

  test('a file sent with the ID answer is kept for the addition, and «تم» also sends it', async () => {
    const request = await awaiting(308, 'ar');
    await play(talk('ar'), [
      [`ابي ارفق مستند لطلبي ${request.number}`, /للتحقق من هويتك/],
      [{ text: request.nationalId, attachments: [file('هوية.pdf', 'application/pdf', PDF)] }, /استلمت الملف «\u2068هوية\.pdf\u2069»[\s\S]*جاهز للإضافة: \u2068?هوية\.pdf/],
      ['تم', /أُضيف ما أرسلته/],
    ]);
    expect((await stored(request.number)).history.at(-1)!.added!.files.map((f) => f.name)).toEqual(['هوية.pdf']);
  });

  test('a file sent while tracking (which takes none) is declined by name, and the question asked again', async () => {
    await play(new DialogChat(track, 'en'), [
      ['Track a request', /How would you like/],
      [{ text: '', attachments: [file('passport.png', 'image/png', PNG)] }, /Files are not taken at this step, so “passport\.png” was not kept[\s\S]*add a document to my request[\s\S]*How would you like/],
    ]);
  });

  test('wrong details get the one "not found", and the failures count in the limiter tracking uses: paused in one, paused in the other', async () => {
    const user = { from: { id: 'guesser-1', name: 'Test user' } } as Partial<Activity>;
    for (let i = 0; i < 5; i++) {
      const chat = talk('en', user);
      await play(chat, [
        [`add a document to request ${guessedAt.number}`, /To confirm it is you/],
        [`wrong${i}@example.com`, /did not find a request matching/],
      ]);
      expect(chat.ended).toBe(true);
    }
    expect(textOf(await talk('en', user).say(`add a document to request ${guessedAt.number}`))).toMatch(/look-ups are paused/);
    expect(textOf(await new DialogChat(track, 'en', user).say('Track a request'))).toMatch(/look-ups are paused/);
    expect((await stored(guessedAt.number)).history).toHaveLength(1);
  });
});
