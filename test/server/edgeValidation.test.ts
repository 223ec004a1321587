import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../platform/logger';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { restifyLog } from '../../server/restifyLog';
import { Conversation, textOf } from '../support/conversation';
import { DirectLineClient } from '../support/directLineClient';
import { startTestApp, TestApp } from '../support/testApp';

/**
 * restify's own error logging bypassed the masking logger, and wrong-typed or deeply nested
 * bodies got as far as the bot: a 5,000-level channelData made reading the conversation back a 500
 * (with a 9.5 KB log line holding the raw bearer token and body), and a wrong-typed text or locale
 * failed the turn and wiped the conversation's state.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const BEARER = 'Bearer attacker-token-0123456789abcdef';
/** A value nested `levels` deep, as JSON text: JSON.stringify itself overflows the stack on it. */
const nestedJson = (levels: number) => `${'{"a":'.repeat(levels)}"bottom"${'}'.repeat(levels)}`;
/** A JSON body with `channelData` spliced in as text. */
const withChannelData = (body: Record<string, unknown>, channelData: string) => JSON.stringify(body).replace(/\}$/, `,"channelData":${channelData}}`);
const nested = (levels: number) => JSON.parse(nestedJson(Math.min(levels, 500)));
const message = (extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channelId: 'test',
  conversation: { id: `edge-${Math.random()}` },
  from: { id: 'edge-user' },
  deliveryMode: 'expectReplies',
  text: 'help',
  ...extra,
});
const postMessages = (body: unknown) =>
  fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: BEARER }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const started = async () => {
  const client = new DirectLineClient(app.url);
  await client.start();
  await client.botMessages();
  return client;
};

describe('nesting and size at the edge', () => {
  test('a 5,000-level channelData on /api/messages is a 400, and nothing logged holds the bearer token or the body', async () => {
    const response = await postMessages(withChannelData(message(), nestedJson(5_000)));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'The JSON body is nested deeper than 32 levels.' });
    expect(app.logLines.join('\n')).not.toMatch(/attacker-token|"a":\{"a"/);
  });

  test('a 5,000-level channelData posted over Direct Line is a 400, and reading the conversation back still works', async () => {
    const client = await started();
    const body = withChannelData({ type: 'message', text: 'hi', from: { id: client.userId } }, nestedJson(5_000));
    const response = await client.request('POST', `/conversations/${client.conversationId}/activities`, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BadArgument' } });
    client.watermark = '';
    const read = await client.request('GET', `/conversations/${client.conversationId}/activities`);
    expect(read.status).toBe(200);
    expect(app.logLines.join('\n')).not.toContain(client.token);
  });

  test('channelData nested 32 levels passes; 33 levels is refused', async () => {
    expect((await postMessages(message({ channelData: nested(30) }))).status).toBe(200);
    expect((await postMessages(message({ channelData: nested(40) }))).status).toBe(400);
  });

  test('channelData past 16 KB is a 400 on both routes', async () => {
    const big = { note: 'x'.repeat(17 * 1024) };
    expect((await postMessages(message({ channelData: big }))).status).toBe(400);
    const client = await started();
    const response = await client.request('POST', `/conversations/${client.conversationId}/activities`, { type: 'message', text: 'hi', channelData: big });
    expect(response.status).toBe(400);
  });
});

describe('wrong-typed fields are a 400 and the conversation goes on', () => {
  test.each([
    ['text as a number', { text: 42 }],
    ['text as an object', { text: { toString: 'x' } }],
    ['locale as a number', { locale: 7 }],
    ['locale as an array', { locale: ['ar'] }],
    ['attachments as a string', { attachments: 'x' }],
    ['entities as an object', { entities: { type: 'x' } }],
  ])('/api/messages: %s', async (_name, wrong) => {
    const conversation = new Conversation(app.url);
    expect(textOf(await conversation.say('متابعة طلب'))).toMatch(/البحث عن طلبك/);
    const response = await postMessages(message({ conversation: { id: conversation.id }, from: conversation.user, ...wrong }));
    expect(response.status).toBe(400);
    // The form is still open: the state was not wiped.
    expect(textOf(await conversation.say('برقم الطلب'))).toMatch(/رقم الطلب/);
  });

  test.each([
    ['text as a number', { text: 42 }],
    ['locale as an object', { locale: {} }],
    ['entities as a string', { entities: 'x' }],
  ])('Direct Line: %s', async (_name, wrong) => {
    const client = await started();
    const response = await client.request('POST', `/conversations/${client.conversationId}/activities`, { type: 'message', ...wrong });
    expect(response.status).toBe(400);
  });
});

describe('every log line goes through the masking logger', () => {
  test("restify's logger is a shim that keeps only the method, the path and the error", () => {
    const lines: string[] = [];
    const log = restifyLog(createLogger('debug', (line) => lines.push(line)));
    const req = { method: 'GET', url: '/v3/directline/conversations/c/stream?t=secret-in-query', headers: { authorization: BEARER }, body: { mobile: '0512345678' } };
    log.warn({ req, err: new RangeError('Maximum call stack size exceeded') }, 'error retrieving formatter');
    expect(log.trace()).toBe(false);
    log.trace({ req }, 'response::send entered');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', message: 'restify: error retrieving formatter', method: 'GET', path: '/v3/directline/conversations/c/stream', error: 'RangeError: Maximum call stack size exceeded' });
    expect(lines[0]).not.toMatch(/attacker-token|secret-in-query|0512345678|authorization/);
  });

  test('no source file of the service writes to the console', () => {
    // The terminal chat, the knowledge-base builder, the unanswered-questions list and adding a staff agent are command-line tools whose output is for a person.
    const tools = new Set(['channels/terminal/terminalChat.ts', 'cli/buildKnowledgeBase.ts', 'cli/unansweredQuestions.ts', 'cli/addAgent.ts']);
    const sources = (dir: string): string[] =>
      fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const relative = path.posix.join(dir, entry.name);
        if (entry.isDirectory()) return sources(relative);
        return entry.name.endsWith('.ts') ? [relative] : [];
      });
    const files = ['index.ts', ...['platform', 'server', 'channels', 'staff', 'bot', 'dialogs', 'knowledge', 'requests'].flatMap(sources)].filter((f) => !tools.has(f));
    const writing = files.filter((file) => /\bconsole\.\w+\(/.test(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')));
    expect(writing).toEqual([]);
  });
});
