import crypto from 'node:crypto';
import http from 'node:http';
import { startTestApp, TestApp } from '../support/testApp';
import { postChannelMessage } from '../support/channelMessage';

let app: TestApp;
beforeAll(async () => {
  // The slow connectors listen on loopback ports chosen per test: the Emulator's case.
  app = await startTestApp({ ALLOW_EMULATOR: true });
});
afterAll(() => app.close());

const HOLD_LIMIT_MS = 5000;

/**
 * A channel's connector that is slow to acknowledge "typing": it holds that request open until the
 * bot's message arrives (or a few seconds pass), and answers the typing with `typingStatus`.
 */
async function slowTypingConnector(typingStatus: number) {
  const events: string[] = [];
  const messages: { text?: string }[] = [];
  let releaseTyping: () => void = () => undefined;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const activity = JSON.parse(raw || '{}') as { type?: string; text?: string };
      events.push(`${activity.type} received`);
      if (activity.type === 'typing') {
        const answer = () => {
          events.push('typing answered');
          res.writeHead(typingStatus, { 'content-type': 'application/json' });
          res.end('{}');
        };
        const timer = setTimeout(answer, HOLD_LIMIT_MS);
        releaseTyping = () => {
          clearTimeout(timer);
          answer();
        };
        return;
      }
      if (activity.type === 'message') {
        messages.push(activity);
        releaseTyping();
        releaseTyping = () => undefined;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, events, messages, close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }) };
}

const say = (serviceUrl: string, text: string) => postChannelMessage(app.url, { serviceUrl, text, channelId: 'test', conversationId: `typing-${crypto.randomUUID()}` });

test('the bot works on its answer while the channel acknowledges "typing": the answer is not held up by it', async () => {
  const connector = await slowTypingConnector(200);
  try {
    expect(await say(connector.url, 'help')).toBeLessThan(300);
    expect(connector.events.slice(0, 3)).toEqual(['typing received', 'message received', 'typing answered']);
  } finally {
    await connector.close();
  }
});

test('a typing indicator the channel refuses costs nothing: the answer still comes, and no apology', async () => {
  const connector = await slowTypingConnector(403);
  try {
    expect(await say(connector.url, 'help')).toBeLessThan(300);
    const texts = connector.messages.map((m) => m.text ?? '').join('\n');
    expect(texts).toMatch(/menu/i);
    expect(texts).not.toMatch(/sorry|apolog|نعتذر/i);
  } finally {
    await connector.close();
  }
});
