import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { Conversation, textOf } from '../support/conversation';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

describe('HTTP edge', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });

  test('GET /healthz answers 200 with status, entry count and version', async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; version: string; knowledgeBaseEntries: number };
    expect(body).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(body.knowledgeBaseEntries).toBeGreaterThan(10);
  });

  test.each([
    ['malformed JSON', '{"type": "message", '],
    ['a JSON array', '[1, 2]'],
    ['no conversation', JSON.stringify({ type: 'message', channelId: 'test', from: { id: 'u' }, text: 'hi', deliveryMode: 'expectReplies' })],
    ['no from', JSON.stringify({ type: 'message', channelId: 'test', conversation: { id: 'c' }, text: 'hi', deliveryMode: 'expectReplies' })],
    ['no serviceUrl to reply to', JSON.stringify({ type: 'message', channelId: 'test', conversation: { id: 'c' }, from: { id: 'u' }, text: 'hi' })],
    ['an empty body', ''],
  ])('%s is refused with a 4xx, not a 5xx', async (_name, body) => {
    const response = await post(body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.text()).not.toMatch(/\.ts:\d+/);
  });

  test('text/plain is refused with a 4xx', async () => {
    const response = await post('hello', 'text/plain');
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  test('a multipart POST to a route that takes no files leaves no temporary file behind', async () => {
    // The multipart parser (formidable) writes each part to the OS temp folder as upload_<random>.
    const parts = () => new Set(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('upload_')));
    const before = parts();
    const form = new FormData();
    form.append('file', new Blob(['x'.repeat(10_000)], { type: 'application/octet-stream' }), 'junk.bin');
    const response = await fetch(`${app.url}/api/messages`, { method: 'POST', body: form });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    // Another test's upload may hold a part for a moment; a part still there a second later was left behind.
    // Polled, so the test waits only as long as a part is actually there.
    const leftBehind = () => [...parts()].filter((name) => !before.has(name));
    for (const deadline = Date.now() + 1000; leftBehind().length > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(leftBehind()).toEqual([]);
  });

  test('a turn with expectReplies answers its replies as JSON, its length counted in bytes, with the security headers', async () => {
    const turn = { type: 'message', channelId: 'webchat', deliveryMode: 'expectReplies', conversation: { id: 'json-reply' }, from: { id: 'json-reply-user' }, recipient: { id: 'bot' }, text: 'ما هي خدمة تواصل الجوازات؟' };
    const response = await post(JSON.stringify(turn));
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const { activities } = JSON.parse(body.toString('utf8')) as { activities: { type: string; text?: string }[] };
    expect(activities.some((a) => a.type === 'message' && /تواصل/.test(a.text ?? ''))).toBe(true);
  });

  test('with no app id, anonymous traffic is accepted and the log says so', async () => {
    expect(app.logLines.some((line) => line.includes('accepting anonymous traffic'))).toBe(true);
    expect(textOf(await new Conversation(app.url).say('help'))).toMatch(/I can/);
  });
});

test('with an app id, a request without a Bot Framework token is refused', async () => {
  const secured = await startTestApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' });
  try {
    const response = await fetch(`${secured.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', channelId: 'test', conversation: { id: 'c' }, from: { id: 'u' }, text: 'hi', serviceUrl: 'http://localhost:1' }),
    });
    expect(response.status).toBe(401);
    // Nothing of the refusal's internals reaches the caller; the log says why, masked.
    expect(await response.json()).toEqual({ error: 'unauthorized' });
    expect(secured.logLines.some((line) => line.includes('activity refused: not authenticated'))).toBe(true);
  } finally {
    await secured.close();
  }
});

test('state survives a restart: the language a person chose is remembered', async () => {
  const dataDir = temporaryDataDir();
  const first = await startTestApp({ DATA_DIR: dataDir });
  const userId = 'returning-user';
  await new Conversation(first.url, { locale: 'ar-SA' }, userId).say('English');
  await first.close();
  const second = await startTestApp({ DATA_DIR: dataDir });
  try {
    expect(textOf(await new Conversation(second.url, { locale: 'ar-SA' }, userId).say('🙂'))).toMatch(/could not understand/);
  } finally {
    await second.close();
  }
});

test('npm start builds and serves with no configuration, and SIGTERM closes it cleanly', async () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  // npm itself, as a person runs it: the build into dist/ first, then node on the compiled service.
  const child = spawn('npm', ['start'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: temporaryDataDir() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The build runs first: in a fresh clone (CI) tsc over the whole project, on a loaded machine a minute or
  // more; where dist/ is up to date with the sources, tsc -b sees so from its build record and compiles nothing.
  for (let i = 0; i < 750 && !output.includes('"listening"'); i++) await new Promise((r) => setTimeout(r, 200));
  const health = await fetch(`http://localhost:${port}/healthz`);
  expect(health.status).toBe(200);
  // The page's own assets and Web Chat's bundle are found from the compiled code too.
  for (const asset of ['/', '/widget.js', '/web/chat.js', '/vendor/webchat/webchat.js']) expect((await fetch(`http://localhost:${port}${asset}`)).status).toBe(200);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).toMatch(/shutting down/);
}, 240_000);

test('a bad setting stops start-up with a message naming the variable', async () => {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'index.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, PORT: 'not-a-port', DATA_DIR: temporaryDataDir() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code).toBe(1);
  expect(output).toMatch(/PORT/);
}, 120_000);

test.each([
  // [today, warned]: the holiday rules cover every year of the Umm al-Qura table; its last holiday, the end of
  // Eid al-Adha 1500, is 13 Dhu al-Hijjah 1500 = 2077-10-30 (Intl's islamic-umalqura agrees).
  ['2026-11-25T09:00:00Z', false],
  ['2076-06-01T09:00:00Z', false],
  ['2077-01-05T09:00:00Z', true],
])('started on %s, the log warns that the public holidays known run out within a year: %s', async (today, warned) => {
  const app = await startTestApp({}, { now: () => new Date(today) });
  try {
    const warning = app.logLines.map((l) => JSON.parse(l)).find((l) => /public holiday list ends within a year/.test(l.message));
    expect(warning === undefined ? false : [warning.level, warning.lastHoliday]).toEqual(warned ? ['warn', '2077-10-30'] : false);
  } finally {
    await app.close();
  }
});
