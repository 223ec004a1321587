import { englishDay } from '../support/readableDay';
import fs from 'node:fs';
import path from 'node:path';
import { Conversation, textOf } from '../support/conversation';
import { play } from '../support/formScript';
import { startRecordingServer } from '../support/recordingServer';
import { submitThrough } from '../support/submitThrough';
import { citizenId, mobile } from '../support/saudiIds';
import { startTestApp, TestApp } from '../support/testApp';

const TOKEN = 'staff-token-for-tests-0123456789';
let app: TestApp;
let channel: Awaited<ReturnType<typeof startRecordingServer>>;
let smsGateway: Awaited<ReturnType<typeof startRecordingServer>>;
let conversation: Conversation;
/** Submitted once and never changed: the tests that read or are refused use it; a test that changes a status submits its own. */
let number: string;

const staff = (pathname: string, init: RequestInit = {}, token: string | null = TOKEN) =>
  fetch(`${app.url}${pathname}`, { ...init, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
/** The JSON body of a staff API answer. */
const json = async (response: Response | Promise<Response>): Promise<any> => (await response).json();
const changeStatus = (body: unknown, method = 'PATCH', target = number) => staff(`/api/staff/requests/${target}/status`, { method, body: typeof body === 'string' ? body : JSON.stringify(body) });

beforeAll(async () => {
  channel = await startRecordingServer();
  smsGateway = await startRecordingServer();
  // With no app id the bot replies only to serviceUrls it is told it may: the recording channel, and one nothing listens on.
  app = await startTestApp({ STAFF_TOKEN: TOKEN, SMS_WEBHOOK_URL: smsGateway.url + '/sms', ALLOWED_SERVICE_URLS: `${channel.url},http://127.0.0.1:9` });
  // The person submits from a channel whose connector is the recording server.
  conversation = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
  number = await submitThrough(conversation, 301, 'staffcase@example.com');
});
afterAll(async () => {
  await app.close();
  await channel.close();
  await smsGateway.close();
});

describe('staff API authentication', () => {
  test.each([
    ['no token', null],
    ['a wrong token', 'not-the-token'],
    ['the token with a character missing', TOKEN.slice(0, -1)],
  ])('%s is refused with 401', async (_name, token) => {
    const response = await staff('/api/staff/requests', {}, token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  test('a token in another scheme is refused', async () => {
    const response = await fetch(`${app.url}/api/staff/requests`, { headers: { authorization: `Basic ${TOKEN}` } });
    expect(response.status).toBe(401);
  });

  test('with no STAFF_TOKEN configured the staff API does not exist', async () => {
    const other = await startTestApp();
    try {
      expect((await fetch(`${other.url}/api/staff/requests`)).status).toBe(404);
      expect((await fetch(`${other.url}/api/staff/requests/${number}/status`, { method: 'PATCH', headers: { authorization: 'Bearer ' } })).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});

describe('reading requests', () => {
  test('list and filters', async () => {
    const all = await json(staff('/api/staff/requests'));
    expect(all.requests.map((r: { number: string }) => r.number)).toContain(number);
    expect(all.requests[0]).not.toHaveProperty('conversationReference');
    // Other tests may have submitted requests of their own by now: the filter must give exactly those it names.
    const passport = await json(staff('/api/staff/requests?status=received&category=passport'));
    const expected = all.requests.filter((r: { status: string; category: string }) => r.status === 'received' && r.category === 'passport');
    expect(passport.requests.map((r: { number: string }) => r.number)).toEqual(expected.map((r: { number: string }) => r.number));
    expect(passport.requests.map((r: { number: string }) => r.number)).toContain(number);
    expect(passport.total).toBe(expected.length);
    const iqama = await json(staff('/api/staff/requests?category=iqama'));
    expect(iqama.total).toBe(0);
    const overdue = await json(staff('/api/staff/requests?overdue=true'));
    expect(overdue.total).toBe(0);
    const future = await json(staff('/api/staff/requests?from=2099-01-01'));
    expect(future.total).toBe(0);
  });

  test.each(['?status=done', '?category=cars', '?from=2026-13-45', '?overdue=maybe', '?limit=0', '?limit=100000'])('a bad filter %s is 400', async (query) => {
    const response = await staff(`/api/staff/requests${query}`);
    expect(response.status).toBe(400);
    // One sentence naming what is wrong, no stack or path.
    expect((await json(response)).error).toMatch(/^(status|category|from|overdue|limit)\b/);
  });

  test('one request by number; an unknown number is 404, a malformed one 400', async () => {
    const one = await json(staff(`/api/staff/requests/${number}`));
    expect(one).toMatchObject({ number, status: 'received', email: 'staffcase@example.com', overdue: false });
    expect((await staff('/api/staff/requests/TW-2026-999999')).status).toBe(404);
    expect((await staff('/api/staff/requests/not-a-number')).status).toBe(400);
  });
});

describe('changing a status', () => {
  test.each([
    ['a body that is not JSON', '{status:'],
    ['an unknown status', { status: 'done' }],
    ['no status', { note: 'hello' }],
    ['an unexpected field', { status: 'in_review', assignee: 'me' }],
    ['a note of 3000 characters', { status: 'in_review', note: 'x'.repeat(3000) }],
    ['an array', [{ status: 'in_review' }]],
  ])('%s is 400 and changes nothing', async (_name, body) => {
    const response = await changeStatus(body);
    expect(response.status).toBe(400);
    expect((await json(staff(`/api/staff/requests/${number}`))).status).toBe('received');
  });

  test('a move the status graph does not allow is 409', async () => {
    const response = await changeStatus({ status: 'resolved' });
    expect(response.status).toBe(409);
    expect(await json(response)).toMatchObject({ from: 'received', to: 'resolved' });
  });

  test('an unknown request is 404', async () => {
    expect((await changeStatus({ status: 'in_review' }, 'PATCH', 'TW-2026-999999')).status).toBe(404);
  });

  test('a change notifies the person in their conversation (through the channel connector) and by SMS, and tracking shows the note', async () => {
    const conversation = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
    const number = await submitThrough(conversation, 304, 'notified304@example.com');
    const before = channel.received.length;
    const response = await changeStatus({ status: 'in_review', note: 'Your file has been passed to the passports section.' }, 'PATCH', number);
    expect(response.status).toBe(200);
    expect((await json(response)).notified).toEqual({ chat: true, sms: true });

    const posted = channel.received.slice(before).filter((r) => r.method === 'POST');
    expect(posted).toHaveLength(1);
    // The connector protocol: POST /v3/conversations/{id}/activities, as a new message, not a reply to the long-gone
    // submission turn: Web Chat holds back a message whose replyToId it has not seen.
    expect(posted[0].url).toBe(`/v3/conversations/${encodeURIComponent(conversation.id)}/activities`);
    expect(posted[0].body).toMatchObject({ type: 'message', conversation: { id: conversation.id }, recipient: { id: conversation.user.id } });
    expect(posted[0].body.replyToId).toBeUndefined();
    // It carries the menu, as every reply that ends a service does, so the buttons on screen stay useful.
    expect(posted[0].body.suggestedActions.actions.map((a: { title: string }) => a.title)).toContain('Track a request');
    expect(posted[0].body.text).toMatch(new RegExp(`${number}[\\s\\S]*In review[\\s\\S]*passed to the passports section`));

    const sms = smsGateway.received.filter((r) => r.body?.requestNumber === number);
    expect(sms.map((r) => r.body.text)).toEqual([expect.stringContaining('has been received'), expect.stringContaining('In review')]);
    expect(sms[0].body.to).toBe(mobile(304).e164);
    const outbox = fs.readFileSync(path.join(app.dataDir, 'outbox', 'sms.jsonl'), 'utf8');
    expect(outbox).toContain('In review');

    await play(conversation, [
      ['Track a request', /How would/],
      ['By request number', /request number/],
      [number, /one of these/],
      ['notified304@example.com', /Current status: In review[\s\S]*Officer's reply: Your file has been passed to the passports section/],
    ]);
  });

  test('staff ask for information; the person adds it with a file over the real endpoint; staff see it, by whom and when, and it is back in review', async () => {
    const person = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
    const own = await submitThrough(person, 308, 'added308@example.com');
    expect((await changeStatus({ status: 'in_review' }, 'PATCH', own)).status).toBe(200);
    expect((await changeStatus({ status: 'awaiting_info', note: 'Please attach a copy of your passport.' }, 'PATCH', own)).status).toBe(200);
    const png = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(64)]).toString('base64')}`;
    await play(person, [
      [`I want to add a document to my request ${own}`, /To confirm it is you/],
      [citizenId(308), /The officer asked: Please attach a copy of your passport/],
    ]);
    expect(textOf(await person.say('Here is the passport.', { attachments: [{ name: 'passport.png', contentType: 'image/png', contentUrl: png }] }))).toMatch(/received “passport\.png”/);
    expect(textOf(await person.say('Send to the officer'))).toMatch(new RegExp(`added to request ${own}[\\s\\S]*In review`));
    const seen = await json(staff(`/api/staff/requests/${own}`));
    expect(seen).toMatchObject({ status: 'in_review', newInformation: true, history: expect.arrayContaining([{ status: 'in_review', at: expect.any(String), by: 'requester', added: { text: 'Here is the passport.', files: [{ id: expect.any(String), name: 'passport.png' }] } }]) });
    expect((await json(staff('/api/staff/requests?status=in_review&limit=500'))).requests.find((r: { number: string }) => r.number === own).newInformation).toBe(true);
    // Once staff act on it, it is no longer new.
    expect((await json(changeStatus({ status: 'resolved', note: 'Thank you, renewed.' }, 'PATCH', own))).request.newInformation).toBe(false);
  });

  test('POST works as PATCH does, and a final status cannot be left', async () => {
    const own = await submitThrough(new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url }), 305, 'resolved305@example.com');
    expect((await changeStatus({ status: 'in_review' }, 'POST', own)).status).toBe(200);
    expect((await changeStatus({ status: 'resolved', note: 'Renewed.' }, 'POST', own)).status).toBe(200);
    expect((await json(staff(`/api/staff/requests/${own}`))).status).toBe('resolved');
    expect((await changeStatus({ status: 'in_review' }, 'PATCH', own)).status).toBe(409);
  });

  test('a channel that cannot be reached does not fail the change: staff are told it was not delivered', async () => {
    const offline = new Conversation(app.url, { locale: 'en-US', serviceUrl: 'http://127.0.0.1:9' });
    const offlineNumber = await submitThrough(offline, 302, 'offline@example.com');
    const response = await changeStatus({ status: 'in_review' }, 'PATCH', offlineNumber);
    expect(response.status).toBe(200);
    expect((await json(response)).notified).toEqual({ chat: false, sms: true });
  });

  test('the staff calls leave no whole ID, mobile or email in the logs', async () => {
    // Its own staff calls on the person's request, whatever else has run before it.
    expect((await staff(`/api/staff/requests/${number}`)).status).toBe(200);
    expect((await staff('/api/staff/requests?status=received')).status).toBe(200);
    expect((await changeStatus({ status: 'resolved' })).status).toBe(409);
    const logs = app.logLines.join('\n');
    for (const secret of [citizenId(301), mobile(301).e164, 'staffcase@example.com']) expect(logs).not.toContain(secret);
  });
});

describe('an SMS gateway that fails', () => {
  test('the request is still stored and its number shown; the outbox has the SMS and the log says the gateway failed', async () => {
    const failing = await startRecordingServer(() => ({ status: 503 }));
    const other = await startTestApp({ SMS_WEBHOOK_URL: failing.url });
    try {
      const submitted = await submitThrough(new Conversation(other.url, { locale: 'en-US' }), 303);
      expect(failing.received).toHaveLength(1);
      expect(fs.readFileSync(path.join(other.dataDir, 'outbox', 'sms.jsonl'), 'utf8')).toContain(submitted);
      const warning = other.logLines.map((l) => JSON.parse(l)).find((l) => l.message === 'SMS not sent');
      expect(warning).toMatchObject({ level: 'warn', number: submitted, to: '+9665*****303' });
    } finally {
      await other.close();
      await failing.close();
    }
  });
});

describe('one overdue rule, one "today"', () => {
  test('a month after submission, the staff API and tracking agree the request is overdue, read from the same clock', async () => {
    // One clock for the whole service: the request is submitted today, then the clock moves on a month.
    let clock = new Date();
    const later = await startTestApp({ STAFF_TOKEN: TOKEN }, { now: () => clock });
    try {
      const person = new Conversation(later.url, { locale: 'en-US' });
      const submitted = await submitThrough(person, 302, 'late302@example.com');
      clock = new Date(clock.getTime() + 30 * 86_400_000);
      const get = (pathname: string) => fetch(`${later.url}${pathname}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.json() as Promise<any>);
      const shown = await get(`/api/staff/requests/${submitted}`);
      expect(shown.overdue).toBe(true);
      const listed = await get('/api/staff/requests?overdue=true');
      expect(listed.requests.map((r: { number: string; overdue: boolean }) => [r.number, r.overdue])).toEqual([[submitted, true]]);
      await play(person, [
        ['Track a request', /How would/],
        ['By request number', /request number/],
        [submitted, /one of these/],
        ['late302@example.com', new RegExp(`passed its expected response date, ${englishDay(shown.dueDate)} \\([^)]*\\)\\. We apologise`)],
      ]);
    } finally {
      await later.close();
    }
  });
});
