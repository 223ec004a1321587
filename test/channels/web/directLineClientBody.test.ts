import { ConnectionStatus, DirectLine } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable';
import WebSocket from 'ws';
import { startTestApp, TestApp } from '../../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

interface AjaxRequest {
  method?: string;
  url?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * botframework-directlinejs itself, with its ajax service carried over fetch instead of the
 * browser's XMLHttpRequest: every request it makes (and its body) is what the real client sends.
 */
function fetchAjax(sent: AjaxRequest[]) {
  return (request: AjaxRequest) =>
    new Observable<{ status: number; response: unknown }>((subscriber) => {
      sent.push(request);
      fetch(request.url ?? '', {
        method: request.method,
        headers: request.headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      }).then(
        async (response) => {
          const text = await response.text();
          const body = text ? JSON.parse(text) : undefined;
          if (response.ok) {
            subscriber.next({ status: response.status, response: body });
            subscriber.complete();
          } else {
            subscriber.error({ status: response.status, response: body, xhr: { getResponseHeader: (name: string) => response.headers.get(name) } });
          }
        },
        (error) => subscriber.error(error),
      );
    });
}

const post = (path: string, body: string, token?: string) =>
  fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });

test('the official client, given no user id, starts a conversation with {"user":{}} and is answered as Azure answers it', async () => {
  const session = (await (await post('/api/directline/token', '{}')).json()) as { token: string; domain: string };
  const sent: AjaxRequest[] = [];
  const directLine = new DirectLine({ token: session.token, domain: session.domain, webSocket: false, pollingInterval: 200, ajax: fetchAjax(sent), WebSocket } as never);
  const texts: string[] = [];
  const activities = directLine.activity$.subscribe((activity) => {
    if (activity.type === 'message' && activity.text) texts.push(activity.text);
  });
  try {
    const status = await new Promise<ConnectionStatus>((resolve) => {
      directLine.connectionStatus$.subscribe((s) => {
        if (s === ConnectionStatus.Online || s === ConnectionStatus.FailedToConnect) resolve(s);
      });
    });
    const start = sent.find((r) => r.method === 'POST' && /\/conversations$/.test(r.url ?? ''));
    expect(JSON.stringify(start?.body)).toBe('{"user":{}}');
    expect(status).toBe(ConnectionStatus.Online);
    for (let i = 0; i < 100 && !texts.some((t) => /حياك الله/.test(t)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(texts.join('\n')).toMatch(/حياك الله/);
  } finally {
    activities.unsubscribe();
    directLine.end();
  }
});

test.each([
  ['{"user":{}}'],
  ['{"user":{"id":""}}'],
])('tokens/generate, the token route and starting a conversation accept %s; the server chooses the user id', async (body) => {
  expect((await post('/api/directline/token', body)).status).toBe(200);
  const generated = await post('/v3/directline/tokens/generate', body);
  expect(generated.status).toBe(200);
  const { token, conversationId } = (await generated.json()) as { token: string; conversationId: string };
  expect((await post('/v3/directline/conversations', body, token)).status).toBe(201);
  expect((await post(`/v3/directline/conversations/${conversationId}/activities`, JSON.stringify({ type: 'message', text: 'help' }), token)).status).toBe(200);
  const read = await fetch(`${app.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
  const echo = ((await read.json()) as { activities: { from?: { id: string; role?: string } }[] }).activities.find((a) => a.from?.role === 'user');
  expect(echo?.from?.id).toMatch(/^dl_/);
});
