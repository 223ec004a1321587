import fs from 'node:fs';
import path from 'node:path';
import { AgentAccounts } from '../../staff/agentAccounts';
import { buttonsOf, Conversation, textOf } from '../support/conversation';
import { play } from '../support/formScript';
import { startRecordingServer } from '../support/recordingServer';
import { eventually, StaffClient } from '../support/staffClient';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

const TOKEN = 'staff-token-for-handoff-tests-0123';
const PASSWORD = 'correct horse battery';
let app: TestApp;
let channel: Awaited<ReturnType<typeof startRecordingServer>>;
let staff: StaffClient;

/** What the channel (the recording server) received in one conversation, as text. */
const channelTexts = (conversationId: string) =>
  channel.received.filter((r) => r.url.includes(encodeURIComponent(conversationId)) && r.body?.type === 'message').map((r) => r.body.text as string);
const person = (locale = 'en-US') => new Conversation(app.url, { locale, serviceUrl: channel.url });
const caseOf = async (conversation: Conversation) => (await staff.call('/api/staff/handoffs')).body.handoffs.find((h: any) => h.conversationId === conversation.id);

beforeAll(async () => {
  channel = await startRecordingServer();
  const dataDir = temporaryDataDir();
  const accounts = await AgentAccounts.open(dataDir);
  await accounts.add('noura', 'Noura', PASSWORD);
  await accounts.add('fahad', 'Fahad', PASSWORD);
  app = await startTestApp({ DATA_DIR: dataDir, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ALLOW_EMULATOR: true });
  staff = new StaffClient(app.url, TOKEN);
});
afterAll(async () => {
  await app.close();
  await channel.close();
});

describe('asking for a human', () => {
  test.each(['ابي اكلم موظف', 'خدمة العملاء', 'عطني احد يفهم', 'agent', 'human please', 'Talk to an officer', 'التحدث مع موظف'])('"%s" joins the queue', async (words) => {
    const conversation = person();
    const text = textOf(await conversation.say(words));
    expect(text).toMatch(/(number|ترتيبك) \d+|ترتيبك في قائمة الانتظار \d+/);
    expect((await caseOf(conversation)).status).toBe('waiting');
  });

  test('mid-form, asking in words leaves the form for the queue', async () => {
    const conversation = person();
    await play(conversation, [
      ['Submit a request', /yourself/],
      ['human please', /left|number \d+/],
    ]);
    expect((await caseOf(conversation)).status).toBe('waiting');
  });

  test('the form offers a human after the third failed answer, and taking the offer joins the queue', async () => {
    const conversation = person();
    await play(conversation, [['Submit a request', /yourself/]]);
    let replies = await conversation.say('banana');
    replies = await conversation.say('banana');
    replies = await conversation.say('banana');
    expect(textOf(replies)).toMatch(/officer/);
    const offer = buttonsOf(replies).find((b) => /officer/.test(b.title));
    expect(offer).toBeDefined();
    expect(textOf(await conversation.say(String(offer!.value)))).toMatch(/number \d+ in the queue/);
  });

  test('two unanswered questions in a row bring the offer (never forced)', async () => {
    const conversation = person();
    const first = await conversation.say('What is the airspeed velocity of an unladen swallow?');
    expect(textOf(first)).not.toMatch(/talk to an officer\?/i);
    const second = await conversation.say('Which football club won the league in 1987?');
    expect(textOf(second)).toMatch(/Would you like to talk to an officer\?/);
    expect(await caseOf(conversation)).toBeUndefined();
  });

  test('waiting: the person can keep asking, asks again for their place, and leaves with "cancel"', async () => {
    const conversation = person('ar-SA');
    await conversation.say('ابي اكلم موظف');
    expect(textOf(await conversation.say('كم رسوم تجديد الجواز؟'))).not.toMatch(/قائمة الانتظار/);
    expect(textOf(await conversation.say('موظف'))).toMatch(/أنت في قائمة الانتظار/);
    expect(textOf(await conversation.say('إلغاء'))).toMatch(/غادرت قائمة الانتظار/);
    expect((await caseOf(conversation)).status).toBe('abandoned');
  });
});

describe('outside staff hours', () => {
  test('the bot says when staff are back, offers a request, and the person may still wait', async () => {
    // Friday 2026-12-04 10:00 Riyadh: the weekend; staff are back on Sunday at 08:00.
    const closed = await startTestApp({ STAFF_TOKEN: TOKEN, ALLOW_EMULATOR: true }, { now: () => new Date('2026-12-04T07:00:00Z') });
    try {
      const conversation = new Conversation(closed.url, { locale: 'en-US' });
      const replies = await conversation.say('I want to talk to a human');
      expect(textOf(replies)).toMatch(/Sunday to Thursday, 08:00 to 16:00[\s\S]*back on Sunday at 08:00/);
      expect(buttonsOf(replies).map((b) => b.title)).toEqual(expect.arrayContaining(['Wait for an officer', 'Submit a request']));
      expect(textOf(await conversation.say('Wait for an officer'))).toMatch(/number 1 in the queue/);
    } finally {
      await closed.close();
    }
  });
});

describe('the relay', () => {
  test('claim, relay both ways over HTTP, end, rating and comment', async () => {
    const feed = staff.feed();
    await feed.opened;
    const conversation = person();
    await conversation.say('agent');
    const waiting = await feed.next((e) => e.type === 'case' && e.case.conversationId === conversation.id && e.case.status === 'waiting');
    const id = waiting.case.id;

    const agent = new StaffClient(app.url);
    expect((await agent.login('noura', PASSWORD)).status).toBe(200);
    const claimed = await agent.post(`/api/staff/handoffs/${id}/claim`);
    expect(claimed.status).toBe(200);
    await eventually(() => channelTexts(conversation.id).some((t) => /Noura from Tawasul customer service has joined/.test(t)));

    // A second agent is refused: the case is taken.
    const other = new StaffClient(app.url);
    await other.login('fahad', PASSWORD);
    expect((await other.post(`/api/staff/handoffs/${id}/claim`)).status).toBe(409);
    expect((await other.post(`/api/staff/handoffs/${id}/messages`, { text: 'hello' })).status).toBe(403);

    // The agent's message reaches the person's channel; the person's reaches the console's feed, and the bot stays quiet.
    expect((await agent.post(`/api/staff/handoffs/${id}/messages`, { text: 'Hello, how can I help?' })).status).toBe(201);
    await eventually(() => channelTexts(conversation.id).includes('Hello, how can I help?'));
    // Sent as new messages, not replies: Web Chat holds back a message whose replyToId it has not seen, for five seconds.
    const relayed = channel.received.filter((r) => r.url.includes(encodeURIComponent(conversation.id)) && /joined|how can I help/.test(r.body?.text ?? ''));
    expect(relayed.map((r) => r.body.replyToId)).toEqual([undefined, undefined]);
    const quiet = await conversation.say('My passport renewal is stuck, my ID is 1012345678');
    expect(quiet).toEqual([]);
    const heard = await feed.next((e) => e.type === 'message' && e.caseId === id && e.message.from === 'person');
    expect(heard.message.text).toBe('My passport renewal is stuck, my ID is 1012345678');

    // The case with its transcript: unmasked, since an agent claimed it.
    const detail = await agent.call(`/api/staff/handoffs/${id}`);
    expect(detail.body.masked).toBe(false);
    expect(detail.body.messages.map((m: any) => m.from)).toEqual(['agent', 'person']);
    expect(detail.body.transcript.some((l: any) => l.text === 'agent' && l.from === 'person')).toBe(true);

    // The agent ends: the bot asks for a rating, then a comment.
    expect((await agent.post(`/api/staff/handoffs/${id}/end`)).status).toBe(200);
    await eventually(() => channelTexts(conversation.id).some((t) => /from 1 \(poor\) to 5/.test(t)));
    expect(textOf(await conversation.say('5'))).toMatch(/add a comment/);
    expect(textOf(await conversation.say('Very helpful, thanks'))).toMatch(/Thank you for your feedback/);
    const done = await agent.call(`/api/staff/handoffs/${id}`);
    expect(done.body).toMatchObject({ status: 'resolved', rating: 5, comment: 'Very helpful, thanks', agent: 'noura', endedBy: 'agent' });
    const ratings = await staff.call('/api/staff/handoffs/ratings');
    expect(ratings.body.agents.noura).toMatchObject({ count: 1, average: 5 });
    // Back with the bot.
    expect(textOf(await conversation.say('menu'))).toMatch(/How can I help/);
    feed.close();
  });

  test('the person may end with "end"; two simultaneous claims: exactly one wins', async () => {
    const conversation = person();
    await conversation.say('agent');
    const id = (await caseOf(conversation)).id;
    const results = await Promise.all([staff.post(`/api/staff/handoffs/${id}/claim`, { agent: 'noura' }), staff.post(`/api/staff/handoffs/${id}/claim`, { agent: 'fahad' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const replies = await conversation.say('end');
    expect(textOf(replies)).toMatch(/You have ended the conversation[\s\S]*from 1 \(poor\) to 5/);
    expect(textOf(await conversation.say('what are the Tawasul working hours?'))).not.toMatch(/comment/);
    expect((await caseOf(conversation)).status).toBe('resolved');
  });

  test('an unclaimed case is shown masked', async () => {
    const conversation = person();
    await conversation.say('my mobile is 0551234567 and I need an agent');
    await conversation.say('agent');
    const id = (await caseOf(conversation)).id;
    const detail = await staff.call(`/api/staff/handoffs/${id}`);
    expect(detail.body.masked).toBe(true);
    const said = detail.body.transcript.map((l: any) => l.text).join('\n');
    expect(said).not.toContain('0551234567');
    expect(said).toMatch(/0\*+67/);
  });
});

describe('the queue lasts', () => {
  test('a restart keeps the queue', async () => {
    const dataDir = temporaryDataDir();
    const first = await startTestApp({ DATA_DIR: dataDir, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ALLOW_EMULATOR: true });
    const conversation = new Conversation(first.url, { locale: 'en-US' });
    await conversation.say('agent');
    await first.close();
    const second = await startTestApp({ DATA_DIR: dataDir, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ALLOW_EMULATOR: true });
    try {
      const list = await new StaffClient(second.url, TOKEN).call('/api/staff/handoffs');
      expect(list.body.handoffs).toEqual([expect.objectContaining({ conversationId: conversation.id, status: 'waiting', position: 1 })]);
    } finally {
      await second.close();
    }
  });

  test('an agent silent past the timeout returns the case to the queue, and the person is told', async () => {
    const quick = await startTestApp({ STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', HANDOFF_AGENT_TIMEOUT_SECONDS: 1, ALLOW_EMULATOR: true });
    try {
      const conversation = new Conversation(quick.url, { locale: 'en-US', serviceUrl: channel.url });
      await conversation.say('agent');
      const client = new StaffClient(quick.url, TOKEN);
      const id = (await client.call('/api/staff/handoffs')).body.handoffs[0].id;
      expect((await client.post(`/api/staff/handoffs/${id}/claim`, { agent: 'sleepy' })).status).toBe(200);
      await eventually(async () => (await client.call(`/api/staff/handoffs/${id}`)).body.status === 'waiting', 8000);
      const returned = (await client.call(`/api/staff/handoffs/${id}`)).body;
      expect(returned).toMatchObject({ returns: 1, status: 'waiting' });
      expect(returned.agent).toBeUndefined();
      await eventually(() => channelTexts(conversation.id).some((t) => /back in the queue as number 1/.test(t)));
    } finally {
      await quick.close();
    }
  });
});

describe('staff accounts', () => {
  test('sign-in sets an HttpOnly, SameSite=Strict cookie (Secure behind https); the session reads the requests too', async () => {
    const response = await fetch(`${app.url}/api/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body: JSON.stringify({ username: 'noura', password: PASSWORD }) });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    const agent = new StaffClient(app.url);
    agent.cookie = cookie.split(';')[0];
    expect((await agent.call('/api/staff/requests')).status).toBe(200);
    expect((await agent.call('/api/staff/me')).body).toMatchObject({ username: 'noura', displayName: 'Noura' });
    expect((await new StaffClient(app.url).call('/api/staff/handoffs')).status).toBe(401);
  });

  test('wrong passwords are slowed and then limited', async () => {
    // A service of its own: the limit holds this machine's address for 15 minutes, and would refuse
    // every sign-in of the tests that run after this one.
    const dataDir = temporaryDataDir();
    await (await AgentAccounts.open(dataDir)).add('fahad', 'Fahad', PASSWORD);
    // The first hold-back shortened from 250 ms (test/staff/loginLimiter.test.ts has the shipped ones), doubling as shipped.
    const FIRST_HOLD_BACK_MS = 50;
    const own = await startTestApp({ DATA_DIR: dataDir, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always' }, { loginHoldBackMs: FIRST_HOLD_BACK_MS });
    try {
      const client = new StaffClient(own.url);
      const started = Date.now();
      const statuses: number[] = [];
      const took: number[] = [];
      for (let i = 0; i < 6; i++) {
        const sent = Date.now();
        statuses.push((await client.login('fahad', 'wrong password!')).status);
        took.push(Date.now() - sent);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(Date.now() - started).toBeGreaterThan(FIRST_HOLD_BACK_MS * (1 + 2 + 4 + 8));
      // The fifth wrong password waits sixteen times the first hold-back, well above what an answer takes unhurried.
      expect(took[4]).toBeGreaterThanOrEqual(FIRST_HOLD_BACK_MS * 16);
      // Even the right password is refused while limited.
      expect((await client.login('fahad', PASSWORD)).status).toBe(429);
    } finally {
      await own.close();
    }
  });

  test('every staff action is in the audit log, readable by the owner only', async () => {
    const file = path.join(app.dataDir, 'audit.jsonl');
    const entries = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
    // The actions are this test's own, whichever tests ran before it: a case taken, answered and ended.
    const before = entries().length;
    const conversation = person();
    await conversation.say('agent');
    const id = (await caseOf(conversation)).id;
    const agent = new StaffClient(app.url);
    expect((await agent.login('noura', PASSWORD)).status).toBe(200);
    expect((await agent.post(`/api/staff/handoffs/${id}/claim`)).status).toBe(200);
    expect((await agent.post(`/api/staff/handoffs/${id}/messages`, { text: 'Hello, how can I help?' })).status).toBe(201);
    expect((await agent.post(`/api/staff/handoffs/${id}/end`)).status).toBe(200);
    expect((await agent.call('/api/staff/requests')).status).toBe(200);
    expect((await new StaffClient(app.url).login('fahad', PASSWORD)).status).toBe(200);
    const expected = ['token list handoffs', 'noura login', 'noura claim handoff', 'noura send message', 'noura end handoff', 'noura GET /api/staff/requests', 'fahad login'];
    const written: { who: string; what: string; at: unknown }[] = await eventually(() => {
      const added = entries().slice(before);
      return added.length >= expected.length ? added : undefined;
    });
    expect(written.map((e) => `${e.who} ${e.what}`)).toEqual(expect.arrayContaining(expected));
    expect(written.every((e) => typeof e.at === 'string')).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
