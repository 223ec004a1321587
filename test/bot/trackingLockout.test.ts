// The tracking limiter against an anonymous outsider, through the real server: a fresh conversation and user
// for every guess, as a Direct Line client can take. The tracking form itself is tested in
// test/dialogs/trackRequestDialog.dialog.test.ts.
import path from 'node:path';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { Request } from '../../requests/requestSchemas';
import { Conversation, textOf } from '../support/conversation';
import { play } from '../support/formScript';
import { draftFor, storeDraft } from '../support/requestDrafts';
import { citizenId, mobile } from '../support/saudiIds';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

let app: TestApp;
let fresh: Request;
let ofMobile: Request;
let guessedByStrangers: Request;
let guessedByOne: Request;
let idGuessedByStrangers: Request;
/** Long enough to tell a slowed look-up from an unhurried one; the service the other tests use slows by a little only. */
const SLOWDOWN_MS = 400;

/** Requests stored before the service starts, as after a restart. */
async function serviceWith(slowdownMs: number, people: number[]): Promise<[TestApp, Request[]]> {
  const dataDir = temporaryDataDir();
  const store = await LowdbRequestStore.open(path.join(dataDir, 'requests'));
  const requests: Request[] = [];
  for (const n of people) requests.push(await storeDraft(store, draftFor(n)));
  return [await startTestApp({ DATA_DIR: dataDir }, { lookupLimits: { slowdownMs } }), requests];
}

beforeAll(async () => {
  // Each limiter test has its own request, so failures counted against one number do not leak into another test.
  [app, [fresh, ofMobile, guessedByStrangers, guessedByOne, idGuessedByStrangers]] = await serviceWith(10, [201, 206, 207, 209, 208]);
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
    // A service of its own, whose slow-down stands out from an unhurried look-up.
    const [slow, [calm, guessed]] = await serviceWith(SLOWDOWN_MS, [211, 212]);
    try {
      const there = (userId?: string) => new Conversation(slow.url, { locale: 'en-US' }, userId);
      // Strangers put the number under guessing.
      for (let i = 0; i < 5; i++) expect(await lookUp(there(`stranger-${i}`), guessed.number, citizenId(720 + i))).toMatch(/did not find/);
      let started = Date.now();
      expect(await lookUp(there(), calm.number, calm.email)).toMatch(/Current status: Received/);
      const normal = Date.now() - started;
      expect(normal).toBeLessThan(SLOWDOWN_MS * 3);
      const conversation = there();
      await play(conversation, [
        ['Track a request', /How would/],
        ['By request number', /request number/],
        [guessed.number, /one of these/],
      ]);
      started = Date.now();
      expect(textOf(await conversation.say(guessed.email))).toMatch(/Current status: Received/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(SLOWDOWN_MS);
    } finally {
      await slow.close();
    }
  });

  test('the guesser itself is paused: after five failures it is refused before it can try anything, in any conversation', async () => {
    const guesser = talk('en-US', 'guesser-of-strangers-number');
    for (let i = 0; i < 5; i++) await lookUp(guesser, guessedByOne.number, citizenId(600 + i));
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
