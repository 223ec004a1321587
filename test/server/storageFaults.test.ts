import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { Conversation } from '../support/conversation';
import { submitThrough } from '../support/submitThrough';
import { startTestApp, temporaryDataDir } from '../support/testApp';

const TOKEN = 'storage-faults-staff-token';
const isRoot = process.getuid?.() === 0;

async function busyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, resolve));
  const { port } = holder.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => holder.close(() => resolve())) };
}

describe('start-up names the storage or port problem, without internals', () => {
  test('a DATA_DIR that cannot be made (a file where a folder is expected) is "not writable"', async () => {
    const file = path.join(temporaryDataDir(), 'not-a-folder');
    fs.writeFileSync(file, '');
    const dataDir = path.join(file, 'data');
    await expect(startTestApp({ DATA_DIR: dataDir })).rejects.toThrow(new Error(`DATA_DIR ${dataDir} is not writable`));
  });

  (isRoot ? test.skip : test)('a read-only DATA_DIR is "not writable" (not "ENOENT mkdir")', async () => {
    const dataDir = temporaryDataDir();
    fs.chmodSync(dataDir, 0o500);
    try {
      await expect(startTestApp({ DATA_DIR: dataDir })).rejects.toThrow(new Error(`DATA_DIR ${dataDir} is not writable`));
    } finally {
      fs.chmodSync(dataDir, 0o700);
    }
  });

  test('a port in use is said so, in the service and as `npm start` runs it: one line, exit code 1, no stack', async () => {
    const busy = await busyPort();
    try {
      await expect(startTestApp({ PORT: busy.port })).rejects.toThrow(new Error(`port ${busy.port} is already in use`));
      const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'index.ts'], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH, PORT: String(busy.port), DATA_DIR: temporaryDataDir(), LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdout.on('data', (chunk) => (stdout += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(`Could not start: port ${busy.port} is already in use`);
      expect(stdout + stderr).not.toMatch(/EADDRINUSE|\n\s+at |stack/);
    } finally {
      await busy.close();
    }
  }, 120_000);
});

describe('storage that stops being writable while running', () => {
  test('/healthz says 503 degraded, read-only (probed at most every 5 s), and ok again once it is writable', async () => {
    // The service's clock stands still until the test moves it past the probe's interval, rather than waiting it out.
    let clock = Date.now();
    const app = await startTestApp({}, { now: () => new Date(clock) });
    try {
      const health = async () => {
        const response = await fetch(`${app.url}/healthz`);
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', storage: 'ok' } });
      // As root chmod does not stop writes: a file where the state folder was stops them for anyone.
      const state = path.join(app.dataDir, 'state');
      fs.renameSync(state, `${state}.moved`);
      fs.writeFileSync(state, '');
      // Within 5 s of the last probe, the last answer is given again without touching the disk.
      clock += 4900;
      expect((await health()).status).toBe(200);
      clock += 200;
      const degraded = await health();
      expect(degraded).toMatchObject({ status: 503, body: { status: 'degraded', storage: 'read-only' } });
      expect(JSON.stringify(degraded.body)).not.toContain(app.dataDir);
      fs.rmSync(state);
      fs.renameSync(`${state}.moved`, state);
      // The last answer is given again until the next probe is due.
      expect((await health()).status).toBe(503);
      clock += 5100;
      expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', storage: 'ok' } });
    } finally {
      await app.close();
    }
  }, 60_000);

  test('a staff status change that cannot be written answers 503 with a clear message and no path; it goes through once the disk is back', async () => {
    const app = await startTestApp({ STAFF_TOKEN: TOKEN });
    try {
      const number = await submitThrough(new Conversation(app.url, { locale: 'en-US' }), 701);
      const requestsDir = path.join(app.dataDir, 'requests');
      const file = fs.readdirSync(requestsDir).find((f) => f.endsWith('.json'))!;
      // The writer writes ".<file>.tmp" and renames it; a folder in its place makes the write fail (even as root).
      const blocker = path.join(requestsDir, `.${file}.tmp`);
      fs.mkdirSync(blocker);
      const change = () =>
        fetch(`${app.url}/api/staff/requests/${number}/status`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ status: 'in_review' }),
        });
      const refused = await change();
      expect(refused.status).toBe(503);
      const text = await refused.text();
      expect(JSON.parse(text).error).toMatch(/cannot be written just now[\s\S]*not changed[\s\S]*try again later/);
      expect(text).not.toMatch(/\/|\.tmp|EISDIR|tawasul-test/);
      fs.rmdirSync(blocker);
      expect((await change()).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
