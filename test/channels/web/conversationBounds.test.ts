import fs from 'node:fs';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import WebSocket from 'ws';
import { LocalDirectLine } from '../../../channels/web/directLine/localDirectLine';
import { registerDirectLineRoutes } from '../../../channels/web/directLine/directLineRoutes';
import { registerDirectLineStreaming } from '../../../channels/web/directLine/streaming';
import { UploadStore } from '../../../channels/web/directLine/uploads';
import { createLogger } from '../../../platform/logger';
import { temporaryDataDir } from '../../support/testApp';

/**
 * The built-in Direct Line keeps conversations in memory within bounds; here with small bounds, on
 * a server with the real routes and a real CloudAdapter running a one-line bot.
 */
async function serve(limits: { maxActivities: number; maxConversations: number; idleMs: number }) {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const directLine = new LocalDirectLine(adapter, async () => undefined, createLogger('silent'), limits);
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  const uploadsDir = temporaryDataDir();
  registerDirectLineRoutes(server, directLine, new UploadStore(uploadsDir), createLogger('silent'));
  const stopStreaming = registerDirectLineStreaming(server, directLine);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v3/directline`;
  const start = async () => {
    const { token, conversationId } = (await (await fetch(`${base}/tokens/generate`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    return { token, conversationId };
  };
  const call = (method: string, path: string, token: string, body?: unknown) =>
    fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  /** Opens the conversation's stream, as Web Chat does while the page is open. */
  const stream = async (conversationId: string, token: string) => {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return socket;
  };
  const upload = (conversationId: string, token: string) => {
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4 test'], { type: 'application/pdf' }), 'passport.pdf');
    return fetch(`${base}/conversations/${conversationId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };
  return { start, call, stream, upload, uploadsDir, close: () => { stopStreaming(); directLine.close(); server.close(); } };
}

test('past the most conversations kept, the least recently used is forgotten: its token then meets a 404', async () => {
  const dl = await serve({ maxActivities: 10, maxConversations: 2, idleMs: 60_000 });
  try {
    const first = await dl.start();
    const second = await dl.start();
    expect((await dl.call('GET', `/conversations/${first.conversationId}/activities`, first.token)).status).toBe(200);
    await dl.start(); // a third: the second, least recently used, goes
    expect((await dl.call('GET', `/conversations/${second.conversationId}/activities`, second.token)).status).toBe(404);
    expect((await dl.call('GET', `/conversations/${first.conversationId}/activities`, first.token)).status).toBe(200);
  } finally {
    dl.close();
  }
});

test('a conversation keeps its newest activities; a client further behind gets those, with the right watermark', async () => {
  const dl = await serve({ maxActivities: 3, maxConversations: 10, idleMs: 60_000 });
  try {
    const { token, conversationId } = await dl.start();
    for (const text of ['one', 'two', 'three', 'four', 'five']) {
      expect((await dl.call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text })).status).toBe(200);
    }
    const set = (await (await dl.call('GET', `/conversations/${conversationId}/activities?watermark=0`, token)).json()) as { activities: { text: string }[]; watermark: string };
    expect(set.activities.map((a) => a.text)).toEqual(['three', 'four', 'five']);
    expect(set.watermark).toBe('5');
    const none = (await (await dl.call('GET', `/conversations/${conversationId}/activities?watermark=5`, token)).json()) as { activities: unknown[] };
    expect(none.activities).toEqual([]);
  } finally {
    dl.close();
  }
});

test('a conversation unused for longer than the idle limit is forgotten', async () => {
  const dl = await serve({ maxActivities: 10, maxConversations: 10, idleMs: 200 });
  try {
    const { token, conversationId } = await dl.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await dl.call('GET', `/conversations/${conversationId}/activities`, token)).status).toBe(404);
  } finally {
    dl.close();
  }
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a conversation with its stream open is kept past the idle limit, and forgotten once the stream closes and the limit passes', async () => {
  const dl = await serve({ maxActivities: 10, maxConversations: 10, idleMs: 200 });
  try {
    const { token, conversationId } = await dl.start();
    const socket = await dl.stream(conversationId, token);
    await pause(400);
    expect((await dl.call('POST', `/tokens/refresh`, token)).status).toBe(200);
    await pause(400); // only the stream keeps it now: the refresh was 400 ms ago
    expect((await dl.call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'still here' })).status).toBe(200);
    socket.close();
    await pause(400);
    expect((await dl.call('GET', `/conversations/${conversationId}/activities`, token)).status).toBe(404);
  } finally {
    dl.close();
  }
});

test('a token refresh counts as use: a page that only refreshes keeps its conversation', async () => {
  const dl = await serve({ maxActivities: 10, maxConversations: 10, idleMs: 400 });
  try {
    const { token, conversationId } = await dl.start();
    await pause(250);
    expect((await dl.call('POST', `/tokens/refresh`, token)).status).toBe(200);
    await pause(250);
    expect((await dl.call('GET', `/conversations/${conversationId}/activities`, token)).status).toBe(200);
  } finally {
    dl.close();
  }
});

test('making room for a new conversation forgets one nobody is watching before one with an open stream', async () => {
  const dl = await serve({ maxActivities: 10, maxConversations: 2, idleMs: 60_000 });
  try {
    const watched = await dl.start();
    const socket = await dl.stream(watched.conversationId, watched.token);
    await pause(20);
    const unwatched = await dl.start();
    await dl.start(); // a third: the watched one is the oldest, but the unwatched one goes
    expect((await dl.call('GET', `/conversations/${watched.conversationId}/activities`, watched.token)).status).toBe(200);
    expect((await dl.call('GET', `/conversations/${unwatched.conversationId}/activities`, unwatched.token)).status).toBe(404);
    socket.close();
  } finally {
    dl.close();
  }
});

test('the files uploaded in a conversation are deleted when the conversation is forgotten', async () => {
  const dl = await serve({ maxActivities: 10, maxConversations: 10, idleMs: 200 });
  try {
    const { token, conversationId } = await dl.start();
    expect((await dl.upload(conversationId, token)).status).toBe(200);
    const folder = path.join(dl.uploadsDir, conversationId);
    expect(fs.readdirSync(folder)).toHaveLength(2);
    await pause(300);
    expect((await dl.call('GET', `/conversations/${conversationId}/activities`, token)).status).toBe(404);
    for (let i = 0; i < 50 && fs.existsSync(folder); i++) await pause(20);
    expect(fs.existsSync(folder)).toBe(false);
  } finally {
    dl.close();
  }
});
