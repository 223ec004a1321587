import path from 'node:path';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { Request } from '../../requests/requestSchemas';
import { Conversation, textOf } from '../support/conversation';
import { play } from '../support/formScript';
import { draftFor, storeDraft } from '../support/requestDrafts';
import { citizenId } from '../support/saudiIds';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

const PER_MINUTE = 10;
let app: TestApp;
let owned: Request;

beforeAll(async () => {
  const dataDir = temporaryDataDir();
  owned = await storeDraft(await LowdbRequestStore.open(path.join(dataDir, 'requests')), draftFor(401));
  app = await startTestApp({ DATA_DIR: dataDir, LOOKUP_FAILURES_PER_MINUTE: PER_MINUTE }, { lookupLimits: { slowdownMs: 50 } });
});
afterAll(() => app.close());

/** A fresh user and conversation for every guess, as a Direct Line client taking a new token each time. */
const fresh = () => new Conversation(app.url, { locale: 'en-US' }, `flood-${Math.random()}`);
async function lookUp(number: string, verifier: string) {
  const conversation = fresh();
  await play(conversation, [[`track my request ${number}`, /one of these/]]);
  return textOf(await conversation.say(verifier));
}

test('guesses from fresh ids, each on a new number with a new ID, are paused past the global bound per minute; the owner still succeeds', async () => {
  // No number, verifier, user or conversation is ever used twice: only the global bound can see the flood.
  const answers: string[] = [];
  for (let i = 0; i < PER_MINUTE + 10; i++) answers.push(await lookUp(`TW-2026-${30_000_000 + i}`, citizenId(40_000 + i)));
  answers.slice(0, PER_MINUTE).forEach((answer) => expect(answer).toMatch(/did not find/));
  answers.slice(PER_MINUTE).forEach((answer) => expect(answer).toMatch(/too many unsuccessful attempts[\s\S]*try again in 1 minutes/));
  expect(await lookUp(owned.number, owned.email)).toMatch(new RegExp(`Request ${owned.number}[\\s\\S]*Current status: Received`));
});
