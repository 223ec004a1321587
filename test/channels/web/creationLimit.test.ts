import { startTestApp, TestApp } from '../../support/testApp';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(() => app.close());

const startChat = (headers: Record<string, string> = {}) => fetch(`${app.url}/api/directline/token`, { method: 'POST', headers });
const generate = () => fetch(`${app.url}/v3/directline/tokens/generate`, { method: 'POST' });

test('one address may start 30 conversations a minute, by either route; the next is a 429 with a JSON error and Retry-After', async () => {
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

test('behind a proxy on this host, each client the proxy names is counted on its own', async () => {
  for (let i = 0; i < 30; i++) expect((await startChat({ 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
  expect((await startChat({ 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
  // A client cannot escape its count by writing an address first: the proxy appends the real one last.
  expect((await startChat({ 'x-forwarded-for': '198.51.100.1, 203.0.113.7' })).status).toBe(429);
  expect((await startChat({ 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
});
