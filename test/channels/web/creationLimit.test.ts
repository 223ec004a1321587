import { startTestApp, TestApp } from '../../support/testApp';

let app: TestApp;
afterEach(() => app.close());

const startChat = (headers: Record<string, string> = {}) => fetch(`${app.url}/api/directline/token`, { method: 'POST', headers });
const generate = () => fetch(`${app.url}/v3/directline/tokens/generate`, { method: 'POST' });

test('one address may start 30 conversations a minute, by either route; the next is a 429 with a JSON error and Retry-After', async () => {
  app = await startTestApp();
  const statuses: number[] = [];
  for (let i = 0; i < 15; i++) statuses.push((await startChat()).status, (await generate()).status);
  expect(statuses.every((status) => status === 200)).toBe(true);

  const page = await startChat();
  expect(page.status).toBe(429);
  expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await page.json()) as { error: string }).error).toMatch(/try again/i);

  const directLine = await generate();
  expect(directLine.status).toBe(429);
  expect(((await directLine.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
});

test('with TRUST_PROXY unset, X-Forwarded-For is not believed: a caller naming a fresh address each time gets no fresh count', async () => {
  app = await startTestApp();
  for (let i = 0; i < 30; i++) expect((await startChat({ 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(200);
  expect((await startChat({ 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
  expect((await startChat()).status).toBe(429);
});

test('behind a proxy named in TRUST_PROXY, each client the proxy names is counted on its own', async () => {
  app = await startTestApp({ TRUST_PROXY: '127.0.0.1, ::1' });
  for (let i = 0; i < 30; i++) expect((await startChat({ 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
  expect((await startChat({ 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
  // A client cannot escape its count by writing an address first: the proxy appends the real one last.
  expect((await startChat({ 'x-forwarded-for': '198.51.100.1, 203.0.113.7' })).status).toBe(429);
  expect((await startChat({ 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
});
