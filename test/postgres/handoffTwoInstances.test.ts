import { Conversation } from '../support/conversation';
import { play } from '../support/formScript';
import { citizenId } from '../support/saudiIds';
import { testDatabaseWithAgent, TestDatabase } from '../support/postgres';
import { startRecordingServer } from '../support/recordingServer';
import { submitThrough } from '../support/submitThrough';
import { eventually, StaffClient } from '../support/staffClient';
import { startTestApp, TestApp } from '../support/testApp';

// The handoff desk across two instances on one database, each with its own DATA_DIR: the queue,
// transcripts, staff accounts and sessions are the database's, so it does not matter which instance
// the person, the agent, or the console reach.
const TOKEN = 'staff-token-for-two-instances-0123';
const PASSWORD = 'correct horse battery';
let db: TestDatabase;
let apps: TestApp[];
let channel: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  db = await testDatabaseWithAgent({ username: 'noura', name: 'Noura', password: PASSWORD });
  channel = await startRecordingServer();
  const settings = { DATABASE_URL: db.url, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ALLOW_EMULATOR: true } as const;
  apps = await Promise.all([startTestApp(settings), startTestApp(settings)]);
}, 120_000);
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await channel.close();
  await db.drop();
});

const channelTexts = (conversationId: string) =>
  channel.received.filter((r) => r.url.includes(encodeURIComponent(conversationId)) && r.body?.type === 'message').map((r) => r.body.text as string);

test('a person queued on one instance is served by an agent signed in on the other, both ways, transcript and all', async () => {
  const [a, b] = apps;
  const person = new Conversation(a.url, { locale: 'en-US', serviceUrl: channel.url });
  await person.say('agent');

  // The console on instance B sees the case raised on A.
  const listed = await new StaffClient(b.url, TOKEN).call('/api/staff/handoffs');
  const found = listed.body.handoffs.find((h: { conversationId: string }) => h.conversationId === person.id);
  expect(found).toMatchObject({ status: 'waiting' });

  // Signed in on B, the agent's session works on A too.
  const agentOnB = new StaffClient(b.url);
  expect((await agentOnB.login('noura', PASSWORD)).status).toBe(200);
  const agentOnA = new StaffClient(a.url);
  agentOnA.cookie = agentOnB.cookie;
  expect((await agentOnA.call('/api/staff/me')).body).toMatchObject({ username: 'noura' });

  expect((await agentOnA.post(`/api/staff/handoffs/${found.id}/claim`)).status).toBe(200);
  await eventually(() => channelTexts(person.id).some((t) => /Noura from Tawasul customer service has joined/.test(t)));
  expect((await agentOnB.post(`/api/staff/handoffs/${found.id}/messages`, { text: 'Hello, how can I help?' })).status).toBe(201);
  await eventually(() => channelTexts(person.id).includes('Hello, how can I help?'));
  // The person, still on A, is relayed to the agent, whose case on B has it.
  expect(await person.say('My renewal is stuck')).toEqual([]);
  const detail = await agentOnB.call(`/api/staff/handoffs/${found.id}`);
  expect(detail.body.messages.map((m: { from: string; text: string }) => `${m.from}: ${m.text}`)).toEqual(['agent: Hello, how can I help?', 'person: My renewal is stuck']);
  // What the person said to the bot on A, before the handoff, is in the transcript read on B.
  expect(detail.body.transcript.some((l: { from: string; text: string }) => l.from === 'person' && l.text === 'agent')).toBe(true);

  // Signed out on A: the cookie no longer works on B.
  expect((await agentOnA.post('/api/staff/logout')).status).toBe(204);
  expect((await agentOnB.call('/api/staff/me')).status).toBe(401);
}, 120_000);

test('a status change made by staff on one instance reaches the person, in their chat, who submitted on the other', async () => {
  const [a, b] = apps;
  const person = new Conversation(a.url, { locale: 'en-US', serviceUrl: channel.url });
  const number = await submitThrough(person, 88);
  const changed = await new StaffClient(b.url, TOKEN).call(`/api/staff/requests/${number}/status`, {
    method: 'PATCH',
    body: JSON.stringify({ status: 'in_review', note: 'Your file has been passed to the passports section.' }),
  });
  expect(changed.status).toBe(200);
  await eventually(() => channelTexts(person.id).some((t) => t.includes(number) && /passports section/.test(t)));
  // And tracked on A, it has its new status.
  await play(new Conversation(a.url, { locale: 'en-US' }), [
    ['Track a request', /How would you like to find/],
    ['By request number', /request number from your SMS/],
    [number, /one of these/],
    [citizenId(88), new RegExp(`${number}[\\s\\S]*In review`, 'i')],
  ]);
}, 120_000);
