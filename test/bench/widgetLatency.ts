/// <reference lib="dom" />
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../support/browser';
import { DirectLineClient } from '../support/directLineClient';
import { readDevSet } from '../eval/faqEvaluation';

/**
 * `npm run bench:widget`: the time from a message sent in the web page (Enter pressed in Web Chat)
 * to the bot's answer shown on screen, over N questions of the dev set, against two baselines
 * measured in the same run on the same server and questions:
 *  - the bot's turn over POST /api/messages with deliveryMode expectReplies (no channel at all);
 *  - a bare Direct Line round trip over HTTP: post the activity, poll until the answer is there.
 * The difference to the first is what the widget path costs: Direct Line, the WebSocket, Web Chat's
 * rendering. The server runs in its own process; the browser is Debian's chromium.
 */
const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const MESSAGES = Number(process.env.WIDGET_BENCH_MESSAGES ?? 30);
const WARM_UP = 3;

async function startServer(port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [TSX, 'index.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'error', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-')) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://localhost:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), mean: values.reduce((a, b) => a + b, 0) / values.length });

interface WidgetTimes {
  shown: number[];
  /** Enter → the page's POST leaves: Web Chat's own work before anything goes on the wire. */
  posted: number[];
  /** Enter → the answer's frame arrives on the WebSocket. */
  delivered: number[];
}

async function widget(url: string, questions: string[]): Promise<WidgetTimes> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let started = 0;
    let posted = 0;
    let delivered = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/activities') && !posted) posted = performance.now() - started;
    });
    page.on('websocket', (socket) =>
      socket.on('framereceived', (frame) => {
        if (!delivered && /"role":"bot"/.test(String(frame.payload)) && /"type":"message"/.test(String(frame.payload))) delivered = performance.now() - started;
      }),
    );
    await page.goto(`${url}/`);
    const bot = page.locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content');
    await bot.filter({ hasText: /حياك الله/ }).first().waitFor();
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    const times: WidgetTimes = { shown: [], posted: [], delivered: [] };
    for (const question of questions) {
      await input.fill(question);
      const before = await bot.count();
      posted = delivered = 0;
      started = performance.now();
      await input.press('Enter');
      await bot.nth(before).waitFor();
      times.shown.push(performance.now() - started);
      times.posted.push(posted);
      times.delivered.push(delivered);
    }
    return times;
  } finally {
    await browser.close();
  }
}

async function expectReplies(url: string, questions: string[]): Promise<number[]> {
  const conversation = { id: `bench-${Date.now()}` };
  const times: number[] = [];
  for (const text of questions) {
    const started = performance.now();
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text, channelId: 'webchat', conversation, from: { id: 'bench-user' }, recipient: { id: 'bot' }, deliveryMode: 'expectReplies', locale: 'ar-SA' }),
    });
    await response.json();
    times.push(performance.now() - started);
  }
  return times;
}

async function directLine(url: string, questions: string[]): Promise<number[]> {
  const client = new DirectLineClient(url);
  await client.start();
  await client.botMessages();
  const times: number[] = [];
  for (const text of questions) {
    const started = performance.now();
    await client.post({ type: 'message', text, locale: 'ar-SA' });
    for (;;) {
      if ((await client.read()).some((a) => a.type === 'message' && a.from?.role === 'bot')) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    times.push(performance.now() - started);
  }
  return times;
}

async function main(): Promise<void> {
  const arabic = readDevSet().filter((q) => q.lang === 'ar').map((q) => q.q);
  const questions = Array.from({ length: MESSAGES + WARM_UP }, (_, i) => arabic[i % arabic.length]);
  const server = await startServer(20000 + Math.floor(Math.random() * 20000));
  try {
    const page = await widget(server.url, questions);
    const measured = {
      'widget: Enter → answer on screen': page.shown.slice(WARM_UP),
      '  of which Enter → POST leaves the page': page.posted.slice(WARM_UP),
      '  of which Enter → answer on the WebSocket': page.delivered.slice(WARM_UP),
      'Direct Line over HTTP (post → polled)': (await directLine(server.url, questions)).slice(WARM_UP),
      '/api/messages expectReplies (baseline)': (await expectReplies(server.url, questions)).slice(WARM_UP),
    };
    const baseline = summary(measured['/api/messages expectReplies (baseline)']);
    console.log(`${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} at the end.`);
    console.log(`Widget latency over ${MESSAGES} Arabic questions from the dev set (after ${WARM_UP} warm-up), ms:`);
    for (const [name, times] of Object.entries(measured)) {
      const s = summary(times);
      console.log(`  ${name.padEnd(42)} p50 ${s.p50.toFixed(1).padStart(6)}  p95 ${s.p95.toFixed(1).padStart(6)}  mean ${s.mean.toFixed(1).padStart(6)}  (p50 ×${(s.p50 / baseline.p50).toFixed(1)} the baseline)`);
    }
  } finally {
    server.child.kill('SIGTERM');
  }
}

void main();
