import net from 'node:net';
import { startTestApp, TestApp } from '../../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** Sends a raw HTTP upgrade request and returns the status line the server answers with. */
function rawUpgrade(requestTarget: string): Promise<string> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        `GET ${requestTarget} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += String(chunk)));
    socket.on('end', () => resolve(answer.split('\r\n')[0]));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
  });
}

// Nobody needs a token to send these: before, each threw inside the upgrade listener and ended the process.
test.each([
  ['a conversation id that is not valid percent-encoding', '/v3/directline/conversations/%E0%A4%A/stream?t=x'],
  ['an absolute request target with a malformed host', 'http://['],
])('an upgrade with %s is a 400, and the server keeps answering', async (_name, target) => {
  expect(await rawUpgrade(target)).toMatch(/^HTTP\/1\.1 400 /);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
});
