import path from 'node:path';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { Request } from '../../requests/requestSchemas';
import { buttonsOf, Conversation, textOf } from '../support/conversation';
import { play } from '../support/formScript';
import { draftFor, storeDraft } from '../support/requestDrafts';
import { citizenId, mobile } from '../support/saudiIds';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

let app: TestApp;
let fresh: Request;
let overdue: Request;
let first: Request;
let second: Request;
let guessedAt: Request;
let careless: Request;
let ofMobile: Request;
let guessedByStrangers: Request;
let idGuessedByStrangers: Request;
const SLOWDOWN_MS = 400;

beforeAll(async () => {
  // Requests stored before the service starts, as after a restart.
  const dataDir = temporaryDataDir();
  const store = await LowdbRequestStore.open(path.join(dataDir, 'requests'));
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
  idGuessedByStrangers = await storeDraft(store, draftFor(208));
  app = await startTestApp({ DATA_DIR: dataDir }, { lookupLimits: { slowdownMs: SLOWDOWN_MS } });
});
afterAll(() => app.close());

const talk = (locale = 'en-US', userId?: string) => new Conversation(app.url, { locale }, userId);

async function lookUpReplies(conversation: Conversation, number: string, verifier: string) {
  await play(conversation, [
    ['Track a request', /How would you like to find/],
    ['By request number', /request number from your SMS/],
    [number, /one of these/],
  ]);
  return conversation.say(verifier);
}
const lookUp = async (conversation: Conversation, number: string, verifier: string) => textOf(await lookUpReplies(conversation, number, verifier));
async function lookUpByPerson(conversation: Conversation, nationalId: string, mobileNumber: string) {
  await play(conversation, [
    ['Track a request', /How would you like to find/],
    ['By ID and mobile', /national ID or iqama/],
    [nationalId, /mobile number you gave/],
  ]);
  return textOf(await conversation.say(mobileNumber));
}

describe('tracking by request number and one verifier', () => {
  test.each([
    ['the ID', () => fresh.nationalId],
    ['the mobile as typed locally', () => mobile(201).local],
    ['the email in capitals', () => 'PERSON201@EXAMPLE.COM'],
  ])('%s shows the status, history and working days left', async (_name, verifier) => {
    const text = await lookUp(talk(), fresh.number.toLowerCase(), verifier());
    expect(text).toMatch(new RegExp(`Request ${fresh.number}[\\s\\S]*Current status: Received[\\s\\S]*History:[\\s\\S]*Received[\\s\\S]*Expected response by ${fresh.dueDate} \\(\\d working days left\\)`));
  });

  test('an overdue request gets an apology and an officer; the officer\'s note is shown', async () => {
    const conversation = talk();
    const text = await lookUp(conversation, overdue.number, overdue.email);
    expect(text).toMatch(/Current status: In review/);
    expect(text).toMatch(/Officer's reply: We have asked the branch office/);
    expect(text).toMatch(new RegExp(`passed its expected response date \\(${overdue.dueDate}\\)\\. We apologise`));
  });

  test('the overdue reply offers the officer button; a request on time does not', async () => {
    expect(buttonsOf(await lookUpReplies(talk(), overdue.number, overdue.email)).map((b) => b.title)).toEqual(['Talk to an officer']);
    expect(buttonsOf(await lookUpReplies(talk(), fresh.number, fresh.email)).map((b) => b.title)).not.toContain('Talk to an officer');
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
    const conversation = talk('ar-SA');
    await play(conversation, [
      ['متابعة طلب', /كيف تود البحث/],
      ['برقم الطلب', /رقم الطلب كما وصلك/],
      [fresh.number, /للتحقق من هويتك/],
      [fresh.nationalId, /الحالة الحالية: تم الاستلام[\s\S]*بقي \d من أيام العمل/],
    ]);
  });
});

describe('after 5 failed look-ups in 15 minutes', () => {
  test('the same user is paused, even in a new conversation, and so is that conversation for another user', async () => {
    const userId = 'guesser-1';
    const conversation = talk('en-US', userId);
    for (let i = 0; i < 5; i++) expect(await lookUp(conversation, guessedAt.number, citizenId(900 + i))).toMatch(/did not find/);
    expect(textOf(await conversation.say('Track a request'))).toMatch(/too many unsuccessful attempts[\s\S]*try again in 15 minutes/);
    // Another conversation of the same user.
    expect(textOf(await talk('en-US', userId).say('Track a request'))).toMatch(/too many unsuccessful attempts/);
    // Someone else typing in the same conversation.
    expect(textOf(await conversation.send({ type: 'message', text: 'Track a request', from: { id: 'guesser-2' } }))).toMatch(/paused/);
    // Another user in another conversation is not affected.
    expect(textOf(await talk('en-US', 'bystander').say('Track a request'))).toMatch(/How would you like to find/);
  });

  test('a user who mistyped four times can still look up', async () => {
    const conversation = talk('en-US', 'careless-1');
    for (let i = 0; i < 4; i++) await lookUp(conversation, careless.number, citizenId(800 + i));
    expect(await lookUp(conversation, careless.number, careless.email)).toMatch(/Current status: Received/);
  });
});

describe('a new conversation for every try does not get round the limit, and nobody can lock the owner out', () => {
  // A Direct Line client can take a new token (new user and conversation ids) for every guess; the
  // number and the verifier looked up are counted too, and those it cannot change. But strangers
  // failing on someone's number, mobile or ID must not pause that person: right details always work.
  const stranger = () => talk('en-US', `stranger-${Math.random()}`);

  test('strangers fail 20 times on a number: from the sixth on they are told "paused", like for a number that does not exist; the owner still tracks it', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 20; i++) answers.push(await lookUp(stranger(), guessedByStrangers.number, citizenId(700 + i)));
    answers.slice(0, 5).forEach((answer) => expect(answer).toMatch(/did not find/));
    answers.slice(5).forEach((answer) => expect(answer).toMatch(/too many unsuccessful attempts/));
    for (const answer of answers) expect(answer).not.toMatch(/Received|TW-/);
    const paused = answers[19];
    // The owner, in a conversation of their own, with any of their details.
    expect(await lookUp(talk(), guessedByStrangers.number, guessedByStrangers.email)).toMatch(/Current status: Received/);
    expect(await lookUp(talk(), guessedByStrangers.number, guessedByStrangers.nationalId)).toMatch(/Current status: Received/);
    // A number nobody submitted, guessed the same way, gets word for word the same answer.
    for (let i = 0; i < 5; i++) await lookUp(stranger(), 'TW-2026-888888', citizenId(750 + i));
    expect(await lookUp(stranger(), 'TW-2026-888888', citizenId(760))).toBe(paused);
  });

  test('a number under guessing is slowed, for the owner too, but not refused', async () => {
    let started = Date.now();
    expect(await lookUp(talk(), fresh.number, fresh.email)).toMatch(/Current status: Received/);
    const normal = Date.now() - started;
    expect(normal).toBeLessThan(SLOWDOWN_MS * 3);
    const conversation = talk();
    await play(conversation, [
      ['Track a request', /How would/],
      ['By request number', /request number/],
      [guessedByStrangers.number, /one of these/],
    ]);
    started = Date.now();
    expect(textOf(await conversation.say(guessedByStrangers.email))).toMatch(/Current status: Received/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOWDOWN_MS);
  });

  test('the guesser itself is paused: after five failures it is refused before it can try anything, in any conversation', async () => {
    const guesser = talk('en-US', 'guesser-of-strangers-number');
    for (let i = 0; i < 5; i++) await lookUp(guesser, guessedByStrangers.number, citizenId(600 + i));
    expect(textOf(await guesser.say('Track a request'))).toMatch(/too many unsuccessful attempts/);
    expect(textOf(await talk('en-US', 'guesser-of-strangers-number').say('Track a request'))).toMatch(/too many unsuccessful attempts/);
  });

  test('guessing numbers against one mobile pauses the guessers, not the owner of that mobile', async () => {
    for (let i = 0; i < 5; i++) expect(await lookUp(stranger(), `TW-2026-77770${i}`, mobile(206).local)).toMatch(/did not find/);
    expect(await lookUp(stranger(), 'TW-2026-777709', mobile(206).local)).toMatch(/too many unsuccessful attempts/);
    expect(await lookUp(talk(), ofMobile.number, mobile(206).local)).toMatch(/Current status: Received/);
    // Another person's look-up is not affected.
    expect(await lookUp(stranger(), fresh.number, fresh.email)).toMatch(/Current status: Received/);
  });

  test('guessing mobiles against one ID pauses the guessers, not the owner of that ID', async () => {
    for (let i = 0; i < 5; i++) expect(await lookUpByPerson(stranger(), idGuessedByStrangers.nationalId, mobile(500 + i).local)).toMatch(/did not find/);
    expect(await lookUpByPerson(stranger(), idGuessedByStrangers.nationalId, mobile(510).local)).toMatch(/too many unsuccessful attempts/);
    expect(await lookUpByPerson(talk(), idGuessedByStrangers.nationalId, mobile(208).local)).toMatch(new RegExp(`Request ${idGuessedByStrangers.number}[\\s\\S]*Current status: Received`));
  });
});
