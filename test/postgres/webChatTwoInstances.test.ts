import { Pool } from 'pg';
import WebSocket from 'ws';
import { DirectLineActivity, DirectLineClient } from '../support/directLineClient';
import { testDatabaseWithAgent, TestDatabase } from '../support/postgres';
import { eventually, StaffClient } from '../support/staffClient';
import { startTestApp, TestApp } from '../support/testApp';

// The built-in Direct Line and the console's live feed on two instances of one database, as behind a
// load balancer with no sticky sessions: a page's requests, its stream and a console may each reach
// either instance.
const TOKEN = 'staff-token-for-web-chat-instances-0123';
const PASSWORD = 'correct horse battery';
let db: TestDatabase;
let apps: TestApp[];
let pool: Pool;
const stopped = new Set<TestApp>();

beforeAll(async () => {
  db = await testDatabaseWithAgent({ username: 'noura', name: 'Noura', password: PASSWORD });
  pool = new Pool({ connectionString: db.url });
  const settings = { DATABASE_URL: db.url, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ATTACHMENT_MAX_BYTES: 1024 * 1024 } as const;
  apps = await Promise.all([startTestApp(settings), startTestApp(settings)]);
}, 120_000);
afterAll(async () => {
  await Promise.all(apps.filter((app) => !stopped.has(app)).map((app) => app.close()));
  await pool.end();
  await db.drop();
});

/** The same Web Chat (token, conversation, user) with its requests sent to another instance. */
function sameChatOn(app: TestApp, chat: DirectLineClient): DirectLineClient {
  const moved = new DirectLineClient(app.url);
  Object.assign(moved, { token: chat.token, conversationId: chat.conversationId, userId: chat.userId, streamUrl: chat.streamUrl });
  return moved;
}

/** A Web Chat's WebSocket: every activity it is sent, in order. */
async function openStream(streamUrl: string) {
  const received: DirectLineActivity[] = [];
  const socket = new WebSocket(streamUrl);
  socket.on('message', (data) => received.push(...(JSON.parse(String(data)) as { activities: DirectLineActivity[] }).activities));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    received,
    until: async (match: (a: DirectLineActivity) => boolean) => {
      await eventually(() => received.some(match));
      return received.find(match)!;
    },
    close: () => socket.close(),
  };
}

const fromBot = (a: DirectLineActivity) => a.type === 'message' && a.from?.role === 'bot';


/** A web chat on `chatOn` that asked for an officer, Noura signed in on `officerOn`, and the case she sees. */
async function waitingForOfficer(chatOn: TestApp, officerOn: TestApp) {
  const person = new DirectLineClient(chatOn.url);
  await person.start('en-US');
  await person.botMessages();
  await person.post({ type: 'message', text: 'agent', locale: 'en-US' });
  const noura = new StaffClient(officerOn.url);
  expect((await noura.login('noura', PASSWORD)).status).toBe(200);
  const listed = await eventually(async () => (await noura.call('/api/staff/handoffs')).body.handoffs.find((h: { conversationId: string }) => h.conversationId === person.conversationId));
  return { person, noura, listed };
}

test('a Web Chat streaming from one instance gets, once each and in order, the replies to a message it posted through the other', async () => {
  const [a, b] = apps;
  const chat = new DirectLineClient(a.url);
  await chat.start('en-US');
  expect(new URL(chat.streamUrl).port).toBe(new URL(a.url).port);
  const stream = await openStream(chat.streamUrl);
  await stream.until(fromBot); // the welcome, from A

  const posted = await sameChatOn(b, chat).post({ type: 'message', text: 'menu', locale: 'en-US' });
  // The bot ran on B and replied to B's connector; A's stream has the echo and the reply.
  await stream.until((x) => fromBot(x) && x.replyToId === posted);
  expect(stream.received.some((x) => x.id === posted && x.text === 'menu')).toBe(true);
  const ids = stream.received.map((x) => x.id!);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(ids);
  stream.close();
});

test('a token issued by one instance works on the other, refreshed there and back; a forged one on neither', async () => {
  const [a, b] = apps;
  const chat = new DirectLineClient(a.url);
  await chat.start('en-US');
  const onB = sameChatOn(b, chat);
  expect((await onB.request('GET', `/conversations/${chat.conversationId}`)).status).toBe(200);
  expect((await onB.botMessages()).length).toBeGreaterThan(0);
  const refreshed = (await (await onB.request('POST', '/tokens/refresh')).json()) as { token: string };
  expect((await chat.request('GET', `/conversations/${chat.conversationId}/activities`, undefined, refreshed.token)).status).toBe(200);
  const forged = `${chat.token.split('.')[0]}.${'A'.repeat(43)}`;
  for (const app of apps) expect((await sameChatOn(app, chat).request('GET', `/conversations/${chat.conversationId}`, undefined, forged)).status).toBe(403);
});

test('a file attached through one instance is served by the other', async () => {
  const [a, b] = apps;
  const chat = new DirectLineClient(a.url);
  await chat.start('en-US');
  await chat.botMessages();
  const form = new FormData();
  form.append('activity', new Blob([JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/pdf', name: 'passport.pdf' }] })], { type: 'application/vnd.microsoft.activity' }));
  form.append('file', new Blob(['%PDF-1.4 shared'], { type: 'application/pdf' }), 'passport.pdf');
  const response = await fetch(`${chat.domain}/conversations/${chat.conversationId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${chat.token}` }, body: form });
  expect(response.status).toBe(200);
  chat.watermark = '';
  const echo = (await chat.read()).find((x) => x.attachments?.length);
  const onB = echo!.attachments![0].contentUrl!.replace(a.url, b.url);
  expect(onB.startsWith(b.url)).toBe(true);
  const served = await fetch(onB);
  expect(served.status).toBe(200);
  expect(await served.text()).toBe('%PDF-1.4 shared');
});

test('consoles on either instance see, once, a person in a case writing on one of them; an officer on the other reaches the person’s chat', async () => {
  const [a, b] = apps;
  const feed = new StaffClient(a.url, TOKEN).feed();
  // And one on the person's instance, which must not hear it twice (from its own desk and the database).
  const feedOnB = new StaffClient(b.url, TOKEN).feed();
  await Promise.all([feed.opened, feedOnB.opened]);
  const person = new DirectLineClient(b.url);
  await person.start('en-US');
  await person.botMessages();
  await person.post({ type: 'message', text: 'agent', locale: 'en-US' });
  const raised = await feed.next((e) => e.type === 'case' && e.case.conversationId === person.conversationId && e.case.status === 'waiting');

  const noura = new StaffClient(a.url);
  expect((await noura.login('noura', PASSWORD)).status).toBe(200);
  expect((await noura.post(`/api/staff/handoffs/${raised.case.id}/claim`)).status).toBe(200);
  await person.post({ type: 'message', text: 'My renewal is stuck', locale: 'en-US' });
  const heard = await feed.next((e) => e.type === 'message' && e.caseId === raised.case.id && e.message.from === 'person');
  expect(heard.message.text).toBe('My renewal is stuck');
  // Once: a later event arrives after any copy of this one would have.
  await person.post({ type: 'message', text: 'Are you there?', locale: 'en-US' });
  await feedOnB.next((e) => e.type === 'message' && e.caseId === raised.case.id && e.message.text === 'My renewal is stuck');
  for (const console of [feed, feedOnB]) {
    await console.next((e) => e.type === 'message' && e.caseId === raised.case.id && e.message.text === 'Are you there?');
    expect(console.events.filter((e) => e.type === 'message' && e.message.text === 'My renewal is stuck')).toEqual([]);
    console.close();
  }

  // The officer writes on A; the person's chat, on B, shows it.
  expect((await noura.post(`/api/staff/handoffs/${raised.case.id}/messages`, { text: 'Hello, how can I help?' })).status).toBe(201);
  const seen: string[] = [];
  await eventually(async () => {
    seen.push(...(await person.read()).filter(fromBot).map((x) => x.text ?? ''));
    return seen.includes('Hello, how can I help?');
  });
});

test('the bot’s replies are accepted by the connector of either instance (one connector secret)', async () => {
  const [a, b] = apps;
  const chat = new DirectLineClient(b.url);
  await chat.start('en-US');
  await chat.botMessages();
  await chat.post({ type: 'message', text: 'agent', locale: 'en-US' });
  // The serviceUrl the bot was given on B, with its secret, as the handoff case keeps it to reach the person.
  const found = await eventually(async () => (await pool.query<{ url: string }>("SELECT body->'conversationReference'->>'serviceUrl' AS url FROM handoff_cases WHERE conversation_id = $1", [chat.conversationId])).rows[0]?.url);
  expect(found).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${new URL(b.url).port}/connector/`));
  const onA = found.replace(/^http:\/\/127\.0\.0\.1:\d+/, `http://127.0.0.1:${new URL(a.url).port}`);
  const sent = await fetch(`${onA}/v3/conversations/${chat.conversationId}/activities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'Your request was updated.', from: { id: 'tawasul-bot', role: 'bot' } }),
  });
  expect(sent.status).toBe(200);
  await eventually(async () => (await chat.read()).some((x) => x.text === 'Your request was updated.'));
});

test('the link to an officer’s large file, made on one instance, opens on the other', async () => {
  const [a, b] = apps;
  const { person, noura, listed } = await waitingForOfficer(a, a);
  expect((await noura.post(`/api/staff/handoffs/${listed.id}/claim`)).status).toBe(200);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4 the stamped permit '), Buffer.alloc(600 * 1024, 9)]);
  const form = new FormData();
  form.append('text', 'Your stamped permit');
  form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'stamped-permit.pdf');
  expect((await fetch(`${a.url}/api/staff/handoffs/${listed.id}/messages`, { method: 'POST', headers: { cookie: noura.cookie! }, body: form })).status).toBe(201);
  const file = await eventually(async () => (await person.read()).find((x) => x.attachments?.length)?.attachments?.[0]);
  expect(file.contentUrl).toMatch(new RegExp(`^${a.url}/files/`));
  const download = await fetch(file.contentUrl!.replace(a.url, b.url));
  expect(download.status).toBe(200);
  expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
});

// Last: it stops instance B.
test('an officer on one instance reaches a person whose chat started on another that has since stopped', async () => {
  const [a, b] = apps;
  const { person, noura, listed } = await waitingForOfficer(b, a);
  await b.close();
  stopped.add(b);
  // The page reconnects through the load balancer, now to A; the officer claims and writes on A.
  const onA = sameChatOn(a, person);
  expect((await noura.post(`/api/staff/handoffs/${listed.id}/claim`)).status).toBe(200);
  expect((await noura.post(`/api/staff/handoffs/${listed.id}/messages`, { text: 'Hello from Noura' })).status).toBe(201);
  const seen: string[] = [];
  await eventually(async () => {
    seen.push(...(await onA.read()).filter(fromBot).map((x) => x.text ?? ''));
    return seen.includes('Hello from Noura');
  });
});
