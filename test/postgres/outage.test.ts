import { Conversation, textOf } from '../support/conversation';
import { play } from '../support/formScript';
import { PostgresServer, startPostgresServer } from '../support/postgres';
import { citizenId } from '../support/saudiIds';
import { startTestApp, TestApp } from '../support/testApp';

// A server of its own, since this suite stops it on purpose.
let server: PostgresServer;
let app: TestApp;
// The service's clock runs with the real one, and jumps ahead when the test moves it past the health probe's interval.
let ahead = 0;
beforeAll(async () => {
  server = await startPostgresServer();
  await server.ready;
  app = await startTestApp({ DATABASE_URL: server.url }, { now: () => new Date(Date.now() + ahead) });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

/** Polls /healthz until it answers 200, up to a minute. */
async function healthOnceRecovered(url: string): Promise<unknown> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${url}/healthz`);
    if (response.status === 200 || Date.now() > deadline) return response.json();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('while the database is down people are asked to try again shortly in their language; service resumes, form and all, when it is back', async () => {
  const english = new Conversation(app.url, { locale: 'en-US' });
  await play(english, [
    ['I want to submit a request about my passport', /yourself/],
    ['yes', /Who/],
  ]);
  const arabic = new Conversation(app.url, { locale: 'ar-SA' });

  await server.stop();
  expect(textOf(await english.say('Citizen (Absher)'))).toMatch(/cannot reach my records just now\. Please try again in a few minutes/);
  expect(textOf(await arabic.say('متى تصل رسالة رقم الطلب؟'))).toMatch(/لا أستطيع الوصول إلى سجلاتي الآن/);
  // The process is still up, and its health check tells the load balancer the database is out of reach.
  const down = await fetch(`${app.url}/healthz`);
  expect(down.status).toBe(503);
  expect(await down.json()).toMatchObject({ status: 'degraded', storage: 'unreachable' });
  expect(app.logLines.some((line) => line.includes('store unavailable'))).toBe(true);

  await server.restart();
  // The same answer again, now taken: the form went on from where it was.
  await play(english, [
    ['Citizen (Absher)', /describe/],
    ['My passport renewal has been pending for three weeks now.', /Send them/],
    ['No attachments', /national ID/],
    [citizenId(77), /mobile/],
  ]);
  expect(textOf(await arabic.say('متى تصل رسالة رقم الطلب؟'))).not.toMatch(/لا أستطيع الوصول/);
  // Healthy again by itself once its next probe (at most every 5 s) reaches the database.
  ahead += 5_000;
  expect(await healthOnceRecovered(app.url)).toMatchObject({ status: 'ok', storage: 'ok' });
}, 120_000);
