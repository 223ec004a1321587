import { startTestApp, TestApp } from '../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const get = (path: string, init: RequestInit = {}) => fetch(`${app.url}${path}`, { redirect: 'manual', ...init });

describe('headers on every response', () => {
  test.each([
    ['GET', '/'],
    ['GET', '/web/chat.js'],
    ['GET', '/web/styles.css'],
    ['GET', '/widget.js'],
    ['GET', '/vendor/webchat/webchat.js'],
    ['GET', '/healthz'],
    ['GET', '/no/such/page'],
    ['GET', '/web/index.html'],
    ['GET', '/web/'],
    ['POST', '/api/directline/token'],
    ['POST', '/api/messages'],
    ['POST', '/v3/directline/conversations/x/activities'],
    ['GET', '/api/staff/requests'],
  ])('%s %s: X-Content-Type-Options nosniff, and a Content-Security-Policy', async (method, path) => {
    const response = await get(path, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBeTruthy();
    await response.arrayBuffer();
  });

  test('the chat page is served only at /, with its policy; /web/index.html redirects there', async () => {
    const page = await get('/');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const policy = Object.fromEntries((page.headers.get('content-security-policy') ?? '').split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    // Scripts only from this server; Web Chat's image-thumbnail worker from a blob: URL, and nothing else loosened for it.
    expect(policy['script-src']).toBe("'self'");
    expect(policy['worker-src']).toBe("'self' blob:");
    expect(policy['default-src']).toBe("'self'");
    const copy = await get('/web/index.html');
    expect(copy.status).toBe(301);
    expect(copy.headers.get('location')).toBe('/');
    expect(copy.headers.get('content-type') ?? '').not.toMatch(/html/);
  });

  test('every other response, HTML or not, may not run as a page: default-src none', async () => {
    for (const path of ['/web/', '/web/chat.js', '/healthz', '/no/such/page', '/web/index.html']) {
      const response = await get(path);
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      await response.arrayBuffer();
    }
  });
});
