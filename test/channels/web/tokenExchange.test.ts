import http from 'node:http';
import { AddressInfo } from 'node:net';
import { startTestApp } from '../../support/testApp';

interface SeenRequest {
  method?: string;
  url?: string;
  authorization?: string;
  body: string;
}

/**
 * A local HTTP server standing in for Azure's Direct Line service: it speaks the real protocol
 * (POST /v3/directline/tokens/generate with the secret as a bearer token) and answers as it does.
 */
async function directLineService(answer: (seen: SeenRequest) => { status: number; body: unknown }) {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method, url: req.url, authorization: req.headers.authorization, body };
      seen.push(request);
      const { status, body: reply } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/directline`;
  return { endpoint, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const SECRET = 'direct-line-secret-never-in-the-browser';

test('with DIRECT_LINE_SECRET the page gets a conversation token from Direct Line, never the secret', async () => {
  const service = await directLineService(() => ({ status: 200, body: { conversationId: 'conv-from-azure', token: 'token-from-azure', expires_in: 3600 } }));
  const app = await startTestApp({ DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_ENDPOINT: service.endpoint });
  try {
    const response = await fetch(`${app.url}/api/directline/token`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toMatchObject({ token: 'token-from-azure', conversationId: 'conv-from-azure', domain: service.endpoint });

    expect(service.seen).toHaveLength(1);
    expect(service.seen[0]).toMatchObject({ method: 'POST', url: '/v3/directline/tokens/generate', authorization: `Bearer ${SECRET}` });
    // A user id of our choosing, marked "dl_", so the token is bound to one person.
    expect(JSON.parse(service.seen[0].body).user.id).toMatch(/^dl_[\w-]{10,}$/);
    expect(app.logLines.join('\n')).not.toContain(SECRET);
  } finally {
    await app.close();
    await service.close();
  }
});

test.each([
  ['refuses the secret', { status: 403, body: { error: { code: 'Forbidden' } } }],
  ['answers with something that is not a token', { status: 200, body: { hello: 'world' } }],
])('when Direct Line %s, the page gets a polite 502 and the secret stays out of the log', async (_name, answer) => {
  const service = await directLineService(() => answer);
  const app = await startTestApp({ DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_ENDPOINT: service.endpoint });
  try {
    const response = await fetch(`${app.url}/api/directline/token`, { method: 'POST' });
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: string }).error).toMatch(/try again/);
    expect(app.logLines.join('\n')).not.toContain(SECRET);
  } finally {
    await app.close();
    await service.close();
  }
});

test('with an app id and no secret, the built-in Direct Line is off and the token route says web chat is not configured', async () => {
  const app = await startTestApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' });
  try {
    expect((await fetch(`${app.url}/api/directline/token`, { method: 'POST' })).status).toBe(503);
    expect((await fetch(`${app.url}/v3/directline/tokens/generate`, { method: 'POST' })).status).toBe(404);
    const connector = await fetch(`${app.url}/v3/conversations/any/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message"}' });
    expect(connector.status).toBe(404);
    expect((await fetch(`${app.url}/`)).status).toBe(200);
  } finally {
    await app.close();
  }
});

test.each([
  ['a locale that is not one', '{"locale": "<script>"}'],
  ['malformed JSON', '{"locale": '],
])('the token route refuses %s with a 400', async (_name, body) => {
  const app = await startTestApp();
  try {
    const response = await fetch(`${app.url}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
  } finally {
    await app.close();
  }
});
