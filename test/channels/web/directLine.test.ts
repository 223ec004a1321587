import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { citationsOf, textOf } from '../../support/conversation';
import { DirectLineActivity, DirectLineClient } from '../../support/directLineClient';
import { startTestApp, TestApp } from '../../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const started = async () => {
  const client = new DirectLineClient(app.url);
  await client.start();
  return client;
};

describe('a conversation over the built-in Direct Line', () => {
  test('starting it brings the Arabic welcome and the menu, as Azure sends a conversationUpdate', async () => {
    const client = await started();
    const welcome = await client.botMessages();
    expect(textOf(welcome)).toMatch(/حياك الله/);
    expect(welcome.flatMap((a) => a.suggestedActions?.actions ?? []).length).toBeGreaterThanOrEqual(4);
  });

  test('a question is echoed with an id, then answered with its source cited', async () => {
    const client = await started();
    await client.botMessages();
    const id = await client.post({ type: 'message', text: 'كم يستغرق الرد على طلبات تواصل؟' });
    expect(id).toMatch(new RegExp(`^${client.conversationId}\\|\\d+$`));
    const answer = await client.botMessages();
    expect(textOf(answer)).toMatch(/7 أيام عمل/);
    expect(citationsOf(answer)).toHaveLength(1);
    expect(answer[0].replyToId).toBe(id);
  });

  test('the bot shows it is typing before it answers', async () => {
    const client = await started();
    await client.botMessages();
    await client.post({ type: 'message', text: 'كم يستغرق الرد على طلبات تواصل؟' });
    await client.botMessages();
    client.watermark = '';
    const types = (await client.read()).filter((a) => a.from?.role === 'bot').map((a) => a.type);
    expect(types.slice(-2)).toEqual(['typing', 'message']);
  });

  test('reading from the start again returns the whole log, the user echo included, in order', async () => {
    const client = await started();
    await client.botMessages();
    await client.post({ type: 'message', text: 'help' });
    await client.botMessages();
    client.watermark = '';
    const all = await client.read();
    const users = all.filter((a) => a.from?.role === 'user');
    expect(users.map((a) => a.text)).toEqual(['help']);
    expect(all.map((a) => a.id)).toEqual([...all.map((a) => a.id)].sort());
    expect(all.at(-1)!.text).toMatch(/menu|القائمة/i);
  });

  test('the stream sends what the client has not seen, then each new activity', async () => {
    const client = await started();
    await client.botMessages();
    const received: DirectLineActivity[] = [];
    const socket = new WebSocket(client.streamUrl);
    socket.on('message', (data) => received.push(...(JSON.parse(String(data)) as { activities: DirectLineActivity[] }).activities));
    await new Promise((resolve) => socket.once('open', resolve));
    await client.post({ type: 'message', text: 'menu' });
    for (let i = 0; i < 100 && !received.some((a) => a.from?.role === 'bot' && a.text?.match(/menu|القائمة|أخدمك/i) && a.replyToId); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    socket.close();
    const texts = received.filter((a) => a.type === 'message').map((a) => a.text);
    expect(texts[0]).toMatch(/حياك الله/); // the backlog first
    expect(texts).toContain('menu'); // the user's echo
    expect(received.some((a) => a.type === 'message' && a.from?.role === 'bot' && !!a.replyToId)).toBe(true);
  });

  test('a file posted to upload reaches the bot as an attachment with a contentUrl on this server', async () => {
    const client = await started();
    await client.botMessages();
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/pdf', name: 'passport.pdf' }] })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob(['%PDF-1.4 test'], { type: 'application/pdf' }), 'passport.pdf');
    const response = await fetch(`${client.domain}/conversations/${client.conversationId}/upload?userId=${client.userId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}` },
      body: form,
    });
    expect(response.status).toBe(200);
    const answer = await client.botMessages();
    client.watermark = '';
    const echo = (await client.read()).find((a) => a.attachments?.length);
    const attachment = echo!.attachments![0];
    expect(attachment).toMatchObject({ contentType: 'application/pdf', name: 'passport.pdf' });
    expect(attachment.contentUrl).toMatch(new RegExp(`^${app.url}/v3/directline/attachments/`));
    const served = await fetch(attachment.contentUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await served.text()).toBe('%PDF-1.4 test');
    // Stored under DATA_DIR, and the bot fetched it from this server: outside a form a file is taken as one for the person's request.
    expect(fs.readdirSync(path.join(app.dataDir, 'uploads', client.conversationId)).length).toBe(2);
    expect(textOf(answer)).toMatch(/استلمت الملف «\u2068passport\.pdf\u2069»[\s\S]*رقم الطلب/);
  });

  test('no activity a browser reads carries the serviceUrl the bot replies to (it holds the connector secret)', async () => {
    const client = await started();
    await client.say('help');
    client.watermark = '';
    const all = (await client.read()) as (DirectLineActivity & { serviceUrl?: string })[];
    expect(all.length).toBeGreaterThan(2);
    expect(all.filter((a) => a.serviceUrl !== undefined)).toEqual([]);
    expect(JSON.stringify(all)).not.toMatch(/\/connector\//);
  });
});

describe('refusals', () => {
  let client: DirectLineClient;
  beforeAll(async () => {
    client = await started();
    await client.botMessages();
  });

  test.each([
    ['no token', 'POST', () => `/conversations/${client.conversationId}/activities`, undefined, 401],
    ['a forged token', 'POST', () => `/conversations/${client.conversationId}/activities`, 'eyJub3QiOiJyZWFsIn0.c2lnbmF0dXJl', 403],
    ['a token with a bad signature', 'GET', () => `/conversations/${client.conversationId}/activities`, () => client.token.slice(0, -2) + 'xx', 403],
    ['another conversation’s token', 'GET', () => `/conversations/${client.conversationId}/activities`, 'other', 403],
    ['a conversation nobody started', 'GET', () => '/conversations/AAAAAAAAAAAAAAAAAAAAAA/activities', 'other', 403],
  ])('%s is refused', async (_name, method, path, token, status) => {
    let bearer: string | undefined = typeof token === 'function' ? token() : token;
    if (bearer === 'other') {
      const other = new DirectLineClient(app.url);
      await other.start();
      bearer = other.token;
    }
    const response = await fetch(`${client.domain}${path()}`, {
      method,
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: method === 'POST' ? JSON.stringify({ type: 'message', text: 'hi' }) : undefined,
    });
    expect(response.status).toBe(status);
  });

  test.each([
    ['malformed JSON', '{"type": "mess'],
    ['no type', JSON.stringify({ text: 'hi' })],
    ['a text that is not a string', JSON.stringify({ type: 'message', text: 42 })],
    ['a JSON array', '[1]'],
  ])('%s is a 400 and the bot hears nothing', async (_name, body) => {
    const response = await client.request('POST', `/conversations/${client.conversationId}/activities`, body);
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(/\.ts:\d+|\n\s+at /);
    expect(await client.read()).toEqual([]);
  });

  test('a user id the browser names, when generating a token or posting, is not taken', async () => {
    const generated = await fetch(`${client.domain}/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { id: 'someone-else' } }) });
    const { token, conversationId } = (await generated.json()) as { token: string; conversationId: string };
    const other = new DirectLineClient(app.url);
    Object.assign(other, { token, conversationId });
    await other.request('POST', '/conversations', { user: { id: 'someone-else' } });
    await other.request('POST', `/conversations/${conversationId}/activities`, { type: 'message', text: 'help', from: { id: 'someone-else' } });
    const echo = (await other.read()).find((a) => a.from?.role === 'user');
    expect(echo!.from!.id).toMatch(/^dl_/);
  });

  test('a watermark that is not a number is a 400', async () => {
    const response = await client.request('GET', `/conversations/${client.conversationId}/activities?watermark=abc`);
    expect(response.status).toBe(400);
  });

  test('the stream refuses a bad token before upgrading', async () => {
    const socket = new WebSocket(client.streamUrl.replace(/t=[^&]+/, 't=forged.token'));
    const status = await new Promise<number>((resolve) => socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(403);
  });

  test('an unknown attachment is a 404, and an upload without files a 400', async () => {
    expect((await fetch(`${client.domain}/attachments/${client.conversationId}/nosuchfile000`)).status).toBe(404);
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message' })], { type: 'application/vnd.microsoft.activity' }));
    const response = await fetch(`${client.domain}/conversations/${client.conversationId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${client.token}` }, body: form });
    expect(response.status).toBe(400);
  });

  test.each([
    ['the Bot Connector path with no secret, from loopback with no proxy header', () => `/v3/conversations/${client.conversationId}/activities`, {}],
    ['a wrong secret', () => `/connector/${'A'.repeat(43)}/v3/conversations/${client.conversationId}/activities`, {}],
    ['a wrong secret, as a reply', () => `/connector/not-the-secret/v3/conversations/${client.conversationId}/activities/some-id`, {}],
    ['no secret, through a proxy on this host that adds no header', () => `/connector//v3/conversations/${client.conversationId}/activities`, {}],
  ])('the connector endpoints refuse %s, and nothing reaches the page', async (_name, path, headers) => {
    const response = await fetch(`${app.url}${path()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ type: 'message', text: 'Your request was rejected, call this number', from: { id: 'tawasul-bot', role: 'bot' } }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await client.read()).toEqual([]);
  });

  test('the connector endpoints answer 403 to a caller without the secret, even for a conversation they do not hold', async () => {
    const response = await fetch(`${app.url}/connector/guess/v3/conversations/unknown-conversation/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hello' }),
    });
    expect(response.status).toBe(403);
  });
});
