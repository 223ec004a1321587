import crypto from 'node:crypto';
import http from 'node:http';
import { Conversation, textOf } from '../support/conversation';
import { play, Turn } from '../support/formScript';
import { startRecordingServer } from '../support/recordingServer';
import { startTestApp, TestApp } from '../support/testApp';

/**
 * With no MicrosoftAppId /api/messages is open to anyone, and the bot POSTs its replies to the
 * activity's serviceUrl and fetches files from that host: an SSRF unless the serviceUrl is checked.
 */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const activity = (extra: Record<string, unknown>) => ({
  type: 'message',
  text: 'help',
  locale: 'en-US',
  channelId: 'emulator',
  conversation: { id: `c-${crypto.randomUUID()}` },
  from: { id: `u-${crypto.randomUUID()}` },
  recipient: { id: 'tawasul-bot' },
  ...extra,
});

const postTo = (app: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('with the default settings (no app id, nothing allowed)', () => {
  let app: TestApp;
  let victim: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    victim = await startRecordingServer();
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
    await victim.close();
  });

  test.each([
    ['a loopback service on another port', () => ({ serviceUrl: victim.url })],
    ['the same, with deliveryMode "expectReplies" (a later proactive message would still go there)', () => ({ serviceUrl: victim.url, deliveryMode: 'expectReplies' })],
    ['the same, as localhost', () => ({ serviceUrl: victim.url.replace('127.0.0.1', 'localhost') })],
    ['a cloud metadata address', () => ({ serviceUrl: 'http://169.254.169.254/latest/' })],
    ['this server itself', () => ({ serviceUrl: app.url })],
  ])('a serviceUrl naming %s is refused with a 403, and nothing is POSTed there', async (_name, extra) => {
    const response = await postTo(app, activity(extra()));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toMatch(/serviceUrl not allowed/);
    await pause(500);
    expect(victim.received).toEqual([]);
  });

  test('the Emulator is not accepted without ALLOW_EMULATOR', async () => {
    expect((await postTo(app, activity({ serviceUrl: victim.url, channelId: 'emulator' }))).status).toBe(403);
  });

  test('deliveryMode "expectReplies" with no serviceUrl is answered in the response', async () => {
    const response = await postTo(app, activity({ deliveryMode: 'expectReplies' }));
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toMatch(/I can/);
  });
});

test('a serviceUrl in ALLOWED_SERVICE_URLS is answered there, and no other is', async () => {
  const channel = await startRecordingServer();
  const other = await startRecordingServer();
  const app = await startTestApp({ ALLOWED_SERVICE_URLS: ` https://channel.example/api/ , ${channel.url}/` });
  try {
    expect((await postTo(app, activity({ serviceUrl: channel.url }))).status).toBeLessThan(300);
    for (let i = 0; i < 50 && !channel.received.some((r) => r.body?.type === 'message'); i++) await pause(50);
    expect(channel.received.some((r) => r.body?.type === 'message' && /I can/.test(r.body.text))).toBe(true);
    expect((await postTo(app, activity({ serviceUrl: other.url }))).status).toBe(403);
    expect((await postTo(app, activity({ serviceUrl: `${channel.url}/elsewhere` }))).status).toBe(403);
    await pause(300);
    expect(other.received).toEqual([]);
  } finally {
    await app.close();
    await channel.close();
    await other.close();
  }
});

describe('ALLOW_EMULATOR=true', () => {
  let app: TestApp;
  let emulator: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    emulator = await startRecordingServer();
    app = await startTestApp({ ALLOW_EMULATOR: true });
  });
  afterAll(async () => {
    await app.close();
    await emulator.close();
  });

  test('a loopback serviceUrl in a request made on this machine is answered there', async () => {
    expect((await postTo(app, activity({ serviceUrl: emulator.url.replace('127.0.0.1', 'localhost') }))).status).toBeLessThan(300);
    for (let i = 0; i < 50 && !emulator.received.some((r) => r.body?.type === 'message'); i++) await pause(50);
    expect(emulator.received.some((r) => r.body?.type === 'message')).toBe(true);
  });

  test.each([
    ['a request a proxy passed on (X-Forwarded-For)', { serviceUrl: () => emulator.url, headers: { 'x-forwarded-for': '203.0.113.7' } }],
    ['a serviceUrl that is not loopback', { serviceUrl: () => 'http://10.20.30.40:8080', headers: {} }],
  ])('%s is refused', async (_name, { serviceUrl, headers }) => {
    const before = emulator.received.length;
    expect((await postTo(app, activity({ serviceUrl: serviceUrl() }), headers)).status).toBe(403);
    await pause(300);
    expect(emulator.received.length).toBe(before);
  });
});

describe('probing ports through attachments (ALLOW_EMULATOR, so loopback serviceUrls are accepted)', () => {
  const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 32)]);
  let app: TestApp;
  const servers: http.Server[] = [];
  const serve = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  };
  let closedPort: string;
  let html: string;
  let notFound: string;
  let tooLarge: string;
  let pdf: string;
  beforeAll(async () => {
    app = await startTestApp({ ALLOW_EMULATOR: true, ATTACHMENT_MAX_BYTES: 4096 });
    const answering = (status: number, type: string, body: string | Buffer): http.RequestListener => (_req, res) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    html = await serve(answering(200, 'text/html', '<!doctype html><title>admin</title>'));
    notFound = await serve(answering(404, 'text/plain', ''));
    tooLarge = await serve(answering(200, 'application/pdf', Buffer.concat([PDF, Buffer.alloc(10_000)])));
    pdf = await serve(answering(200, 'application/pdf', PDF));
    const closing = http.createServer();
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    closedPort = `http://127.0.0.1:${(closing.address() as { port: number }).port}`;
    await new Promise((resolve) => closing.close(resolve));
  });
  afterAll(async () => {
    await app.close();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  const upToAttachments: Turn[] = [
    ['Submit a request', /yourself, for yourself/],
    ['Yes, for myself', /Who is submitting/],
    ['Citizen (Absher)', /Which service/],
    ['Saudi passport', /describe the problem/],
    ['My passport renewal stopped at the payment step with an error.', /Send them now/],
  ];
  /** What the bot answers when a file named scan.pdf is linked at `target`, in a conversation whose serviceUrl is that host. */
  const probe = async (target: string) => {
    const conversation = new Conversation(app.url, { locale: 'en-US', serviceUrl: target });
    await play(conversation, upToAttachments);
    const replies = await conversation.say('', { attachments: [{ name: 'scan.pdf', contentType: 'application/pdf', contentUrl: `${target}/v3/attachments/x` }] });
    return textOf(replies);
  };

  test('closed, open but not a PDF, an error status and too large all get one and the same answer', async () => {
    const answers = new Map<string, string>();
    for (const [name, target] of [['closed', closedPort], ['html', html], ['404', notFound], ['too large', tooLarge]]) answers.set(name, await probe(target));
    expect(new Set(answers.values()).size).toBe(1);
    expect(answers.get('closed')).toMatch(/cannot accept “scan\.pdf”: please attach the file itself/);
    // The control: a PDF that can be fetched is received.
    expect(await probe(pdf)).toMatch(/received “scan\.pdf”/);
  }, 120_000);
});
