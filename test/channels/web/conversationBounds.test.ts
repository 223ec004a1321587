import fs from 'node:fs';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import WebSocket from 'ws';
import { ConversationLogLimits, DEFAULT_LIMITS } from '../../../channels/web/directLine/conversationLog';
import { LocalDirectLine } from '../../../channels/web/directLine/localDirectLine';
import { registerDirectLineRoutes } from '../../../channels/web/directLine/directLineRoutes';
import { registerDirectLineStreaming } from '../../../channels/web/directLine/streaming';
import { UploadStore } from '../../../channels/web/directLine/uploads';
import { createLogger } from '../../../platform/logger';
import { temporaryDataDir } from '../../support/testApp';

/**
 * The built-in Direct Line keeps conversations in memory within bounds; here with small bounds, on
 * a server with the real routes and a real CloudAdapter running a one-line bot. Its clock stands
 * still until a test moves it on (`later`), so the idle limit is passed without waiting it out.
 */
async function serve(limits: Partial<ConversationLogLimits> = {}) {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  let now = Date.now();
  const directLine = new LocalDirectLine(adapter, async () => undefined, createLogger('silent'), { ...DEFAULT_LIMITS, ...limits }, () => now);
  const later = (ms: number) => {
    now += ms;
  };
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
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : body instanceof Uint8Array ? (body as unknown as BodyInit) : JSON.stringify(body),
    });
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
  const uploadWith = (conversationId: string, token: string, form: FormData) =>
    fetch(`${base}/conversations/${conversationId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { start, call, stream, upload, uploadWith, uploadsDir, later, log: directLine.log, close: () => { stopStreaming(); directLine.close(); server.close(); } };
}

test('past the most conversations kept, the least recently used is forgotten: its token then meets a 404', async () => {
  const dl = await serve({ maxActivities: 10, maxConversations: 2, idleMs: 60_000 });
  try {
    const first = await dl.start();
    dl.later(1);
    const second = await dl.start();
    dl.later(1);
    expect((await dl.call('GET', `/conversations/${first.conversationId}/activities`, first.token)).status).toBe(200);
    dl.later(1);
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
    dl.later(200);
    expect((await dl.call('GET', `/conversations/${conversationId}/activities`, token)).status).toBe(200);
    dl.later(201);
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
    dl.later(400);
    expect((await dl.call('POST', `/tokens/refresh`, token)).status).toBe(200);
    dl.later(400); // only the stream keeps it now: the refresh was 400 ms ago
    expect((await dl.call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'still here' })).status).toBe(200);
    socket.close();
    // The server lets go of the stream when the close reaches it; until then each look keeps the
    // conversation, so the clock is moved past the limit again before each look.
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i++) {
      await pause(10);
      dl.later(201);
      status = (await dl.call('GET', `/conversations/${conversationId}/activities`, token)).status;
    }
    expect(status).toBe(404);
  } finally {
    dl.close();
  }
});

test('a token refresh counts as use: a page that only refreshes keeps its conversation', async () => {
  const dl = await serve({ maxActivities: 10, maxConversations: 10, idleMs: 400 });
  try {
    const { token, conversationId } = await dl.start();
    dl.later(250);
    expect((await dl.call('POST', `/tokens/refresh`, token)).status).toBe(200);
    dl.later(250);
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
    dl.later(20);
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
    dl.later(201);
    expect((await dl.call('GET', `/conversations/${conversationId}/activities`, token)).status).toBe(404);
    for (let i = 0; i < 50 && fs.existsSync(folder); i++) await pause(20);
    expect(fs.existsSync(folder)).toBe(false);
  } finally {
    dl.close();
  }
});

/** Runs `count` calls, `width` at a time (an attacker does not wait for one post to finish before the next). */
async function inParallel(count: number, width: number, call: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

describe('memory one client can hold (a 512 MB heap was exhausted by 500 posts of 900 KB channelData)', () => {
  const KB = 1024;
  const MB = 1024 * KB;
  const read = async (dl: Awaited<ReturnType<typeof serve>>, conversationId: string, token: string) =>
    (await (await dl.call('GET', `/conversations/${conversationId}/activities?watermark=0`, token)).json()) as { activities: { id?: string; type: string; text?: string }[]; watermark: string };

  test('the 500-post attack: each 900 KB channelData is a 413 with a JSON reason, nothing is kept, and the conversation still works', async () => {
    const dl = await serve(); // the limits the service runs with
    try {
      const { token, conversationId } = await dl.start();
      // Serialized once: the posts are the same 900 KB.
      const attack = Buffer.from(JSON.stringify({ type: 'typing', channelData: { pad: 'x'.repeat(900 * KB) } }));
      const statuses = new Set<number>();
      const bodies = new Set<string>();
      await inParallel(500, 10, async () => {
        const response = await dl.call('POST', `/conversations/${conversationId}/activities`, token, attack);
        statuses.add(response.status);
        bodies.add(await response.text());
      });
      // Refused on its declared length, before the body is parsed.
      expect([...bodies].map((b) => JSON.parse(b))).toEqual([{ error: { code: 'MessageSizeTooBig', message: 'The activity is larger than 32 KB.' } }]);
      expect([...statuses]).toEqual([413]);
      expect(dl.log.bytesOf(conversationId)).toBe(0);
      expect(dl.log.totalBytes).toBe(0);
      expect((await dl.call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'still answered' })).status).toBe(200);
      expect((await read(dl, conversationId, token)).activities.map((a) => a.text)).toEqual(['still answered']);
    } finally {
      dl.close();
    }
  }, 180_000);

  test('channelData over 8 KB in an activity that is otherwise small is a 413, and nothing is kept', async () => {
    const dl = await serve();
    try {
      const { token, conversationId } = await dl.start();
      const response = await dl.call('POST', `/conversations/${conversationId}/activities`, token, { type: 'typing', channelData: { pad: 'x'.repeat(9 * KB) } });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: { code: 'MessageSizeTooBig', message: 'channelData is larger than 8 KB.' } });
      expect(dl.log.bytesOf(conversationId)).toBe(0);
    } finally {
      dl.close();
    }
  });

  test('an activity over 32 KB in all (a long text with padding beside it) is a 413 too', async () => {
    const dl = await serve();
    try {
      const { token, conversationId } = await dl.start();
      const response = await dl.call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'x'.repeat(4_000), value: { pad: 'y'.repeat(30 * KB) } });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('MessageSizeTooBig');
      expect(dl.log.bytesOf(conversationId)).toBe(0);
    } finally {
      dl.close();
    }
  });

  test('500 posts as large as allowed keep at most the conversation budget (2 MB), the newest activities, and the server answers', async () => {
    const dl = await serve();
    try {
      const { token, conversationId } = await dl.start();
      const channelData = { pad: 'c'.repeat(7 * KB) };
      const text = 'ن'.repeat(3_990); // 8 KB of UTF-8, with the number in front the most text allows (4,000 characters)
      const statuses = new Set<number>();
      await inParallel(500, 25, async (i) => {
        const response = await dl.call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: `${i} ${text}`, channelData });
        statuses.add(response.status);
        await response.arrayBuffer();
      });
      expect([...statuses]).toEqual([200]);
      // 500 × ~15 KB were posted (~7.5 MB): what is kept stays within the budget.
      expect(dl.log.bytesOf(conversationId)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxConversationBytes);
      expect(dl.log.bytesOf(conversationId)).toBeGreaterThan(DEFAULT_LIMITS.maxConversationBytes - 64 * KB);
      expect(dl.log.totalBytes).toBe(dl.log.bytesOf(conversationId));
      // The newest are kept, in order: the ids (…|0000499 last) run without a gap up to the watermark.
      const set = await read(dl, conversationId, token);
      expect(set.watermark).toBe('500');
      // Each activity is at least 15 KB as kept, so the budget holds no more than this many.
      expect(set.activities.length).toBeLessThanOrEqual(Math.floor(DEFAULT_LIMITS.maxConversationBytes / (15 * KB)));
      expect(set.activities.map((a) => Number(a.id!.split('|')[1]))).toEqual(set.activities.map((_, i) => 500 - set.activities.length + i));
    } finally {
      dl.close();
    }
  }, 180_000);

  test('over all conversations at most the total budget is kept: the least recently active conversation is forgotten', async () => {
    const dl = await serve({ maxConversationBytes: 256 * KB, maxTotalBytes: 1 * MB });
    try {
      const text = 'z'.repeat(4_000);
      const channelData = { pad: 'c'.repeat(7 * KB) };
      const conversations = [];
      for (let c = 0; c < 6; c++) {
        const conversation = await dl.start();
        conversations.push(conversation);
        const statuses = new Set<number>();
        await inParallel(20, 10, async () => {
          const response = await dl.call('POST', `/conversations/${conversation.conversationId}/activities`, conversation.token, { type: 'message', text, channelData });
          statuses.add(response.status);
          await response.arrayBuffer();
        });
        expect([...statuses]).toEqual([200]);
        expect(dl.log.bytesOf(conversation.conversationId)).toBeLessThanOrEqual(256 * KB);
        expect(dl.log.totalBytes).toBeLessThanOrEqual(1 * MB);
      }
      // Six conversations of ~256 KB do not fit in 1 MB: the first ones went, the last is whole.
      const first = conversations[0];
      expect((await dl.call('GET', `/conversations/${first.conversationId}/activities`, first.token)).status).toBe(404);
      const last = conversations.at(-1)!;
      expect((await dl.call('GET', `/conversations/${last.conversationId}/activities`, last.token)).status).toBe(200);
      expect(dl.log.size).toBeLessThan(6);
    } finally {
      dl.close();
    }
  });

  test('an upload whose activity part is over 32 KB is a 413', async () => {
    const dl = await serve();
    try {
      const { token, conversationId } = await dl.start();
      const form = new FormData();
      form.append('activity', new Blob([JSON.stringify({ type: 'message', channelData: { pad: 'p'.repeat(40 * KB) } })], { type: 'application/vnd.microsoft.activity' }));
      form.append('file', new Blob(['%PDF-1.4 test'], { type: 'application/pdf' }), 'passport.pdf');
      const uploaded = await dl.uploadWith(conversationId, token, form);
      expect(uploaded.status).toBe(413);
      expect(dl.log.bytesOf(conversationId)).toBe(0);
    } finally {
      dl.close();
    }
  });
});
