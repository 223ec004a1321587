import crypto from 'node:crypto';
import { Pool } from 'pg';
import { Conversation, textOf } from '../support/conversation';
import { play, Turn } from '../support/formScript';
import { testDatabase, TestDatabase } from '../support/postgres';
import { citizenId, mobile } from '../support/saudiIds';
import { submitThrough } from '../support/submitThrough';
import { startTestApp, TestApp } from '../support/testApp';

// Two instances of the whole service on one database, as behind a load balancer: each has its own
// DATA_DIR (nothing shared on disk), so whatever they share goes through PostgreSQL.
let db: TestDatabase;
let apps: TestApp[];
let pool: Pool;
beforeAll(async () => {
  db = await testDatabase();
  apps = [];
  // Started together: both migrate the new database at once, which the advisory lock turns into one after the other.
  apps = await Promise.all([startTestApp({ DATABASE_URL: db.url }), startTestApp({ DATABASE_URL: db.url })]);
  pool = new Pool({ connectionString: db.url });
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await pool.end();
  await db.drop();
});

/** The same conversation (same id, same user) as seen through instance i. */
function sameConversationOn(i: number, conversationId: string, userId: string): Conversation {
  return new Conversation(apps[i].url, { locale: 'en-US', conversation: { id: conversationId } }, userId);
}

test('a conversation whose turns alternate between the instances keeps its form state', async () => {
  const conversationId = `test-${crypto.randomUUID()}`;
  const userId = `user-${crypto.randomUUID()}`;
  const through = [sameConversationOn(0, conversationId, userId), sameConversationOn(1, conversationId, userId)];
  const turns: Turn[] = [
    ['I want to submit a request about my passport', /yourself/],
    ['yes', /Who/],
    ['Citizen (Absher)', /describe/],
    ['My passport renewal has been pending for three weeks now.', /Send them/],
    ['No attachments', /national ID/],
    [citizenId(31), /mobile/],
    [mobile(31).local, /email/],
    ['person31@example.com', /review[\s\S]*pending for three weeks/],
  ];
  for (const [i, [say, expected]] of turns.entries()) {
    const text = textOf(await through[i % 2].say(say as string));
    if (!expected.test(text)) throw new Error(`Turn ${i} on instance ${i % 2}, after ${JSON.stringify(say)}, the bot said:\n${text}`);
  }
  const confirmed = textOf(await through[turns.length % 2].say('Confirm and submit'));
  const number = /TW-\d{4}-\d{6,8}/.exec(confirmed)?.[0];
  expect(number).toBeDefined();
  // Stored once, its SMS in the one outbox, whichever instance took it.
  const { rows } = await pool.query('SELECT (SELECT count(*) FROM requests WHERE number = $1)::int AS requests, (SELECT count(*) FROM sms_outbox WHERE request_number = $1)::int AS sms', [number]);
  expect(rows[0]).toEqual({ requests: 1, sms: 1 });
  // Tracked through the other instance.
  await play(new Conversation(apps[(turns.length + 1) % 2].url, { locale: 'en-US' }), [
    ['Track a request', /How would you like to find/],
    ['By request number', /request number from your SMS/],
    [number!, /one of these/],
    [citizenId(31), new RegExp(`${number}[\\s\\S]*Received`, 'i')],
  ]);
});

test('failed look-ups counted on one instance pause the next try on the other', async () => {
  const userId = `guesser-${crypto.randomUUID()}`;
  const lookUpOn = (i: number, verifier: string) =>
    play(new Conversation(apps[i].url, { locale: 'en-US' }, userId), [
      ['Track a request', /How would you like to find/],
      ['By request number', /request number from your SMS/],
      ['TW-2026-999999', /one of these/],
      [verifier, /did not find/],
    ]);
  for (let i = 0; i < 5; i++) await lookUpOn(i % 2, citizenId(900 + i));
  for (const app of apps) expect(textOf(await new Conversation(app.url, { locale: 'en-US' }, userId).say('Track a request'))).toMatch(/too many unsuccessful attempts/);
});

test('people submitting at the same moment on both instances all get different numbers', async () => {
  const people = Array.from({ length: 20 }, (_, i) => ({ n: 400 + i, conversation: new Conversation(apps[i % 2].url, { locale: 'en-US' }) }));
  const numbers = await Promise.all(people.map(({ n, conversation }) => submitThrough(conversation, n)));
  expect(new Set(numbers).size).toBe(people.length);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM requests WHERE number = ANY($1::text[])', [numbers]);
  expect(rows[0].n).toBe(people.length);
});
