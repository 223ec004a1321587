import { startTestApp, TestApp } from '../support/testApp';
import { fuzzEndpoints } from './endpointFuzz';

/**
 * Every endpoint fuzzed with a fixed seed (one under which the fuzz found the wrong-typed text
 * that failed turns before the edge checked types) and a short budget (`npm run fuzz` runs longer, with any
 * seed): no 5xx, no stack trace or file path in any answer,
 * no turn that fails on what was sent, and the service still healthy after.
 */
const STAFF_TOKEN = 'fuzz-staff-token-0123456789';
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ STAFF_TOKEN });
});
afterAll(() => app.close());

test('300 random and malformed requests to every endpoint: no 5xx, no stack trace or path, no failed turn, still healthy', async () => {
  const report = await fuzzEndpoints({ baseUrl: app.url, staffToken: STAFF_TOKEN, logLines: app.logLines }, { seed: 101, numRuns: 300, timeLimitMs: 20_000 });
  expect(report.failure).toBeUndefined();
  expect(report.runs).toBeGreaterThan(100);
  const health = await fetch(`${app.url}/healthz`);
  expect(health.status).toBe(200);
  // Nothing logged on the way holds the staff token.
  expect(app.logLines.join('\n')).not.toContain(STAFF_TOKEN);
}, 60_000);
