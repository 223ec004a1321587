import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { recognizeMenuItem } from '../../dialogs/menu';
import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { recognizeIntent } from '../../knowledge/recognizeIntent';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { readDevSet } from '../eval/faqEvaluation';

/**
 * `npm run bench`: FAQ turns per second and latency under 50 concurrent connections, spread over
 * many conversations, against a bare botbuilder echo bot measured in the same run; retrieval time
 * per query; start-up time; memory after the run. Each server runs in its own process so the load
 * generator does not share its event loop.
 */
const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 2000);

interface Server {
  child: ChildProcess;
  url: string;
  startupMs: number;
}

async function startServer(script: string, port: number, env: Record<string, string> = {}): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, [TSX, script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url, startupMs: performance.now() - started };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function rssMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function load(url: string, questions: string[]): Promise<autocannon.Result> {
  let n = 0;
  return autocannon({
    url: `${url}/api/messages`,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          n++;
          return {
            ...request,
            body: JSON.stringify({
              type: 'message',
              channelId: 'webchat',
              deliveryMode: 'expectReplies',
              conversation: { id: `bench-${n % CONVERSATIONS}` },
              from: { id: `user-${n % CONVERSATIONS}` },
              recipient: { id: 'bot' },
              text: questions[n % questions.length],
            }),
          };
        },
      },
    ],
  });
}

function measureRetrieval(questions: string[]): { meanMicros: number; p99Micros: number } {
  const retriever = new FaqRetriever(buildKnowledgeBase());
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const q of questions) {
      const t = process.hrtime.bigint();
      retriever.answer(q, /[\u0600-\u06FF]/.test(q) ? 'ar' : 'en');
      times.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  return { meanMicros: times.reduce((a, b) => a + b, 0) / times.length, p99Micros: times[Math.floor(times.length * 0.99)] };
}

async function main(): Promise<void> {
  // Questions the router hands to the FAQ: a question that starts a service (fines, tracking) is a form's first step, not a FAQ turn.
  const questions = readDevSet()
    .filter((q) => q.expect !== null && !recognizeIntent(q.q) && !recognizeMenuItem(q.q))
    .map((q) => q.q);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-'));

  const coldStart = await startServer('index.ts', 39781, { DATA_DIR: dataDir });
  coldStart.child.kill('SIGTERM');
  await new Promise((r) => coldStart.child.once('exit', r));
  const bot = await startServer('index.ts', 39781, { DATA_DIR: dataDir });
  const echo = await startServer('test/bench/echoBotServer.ts', 39782);

  // Warm both up, then alternate so drift on the machine falls on both alike.
  await load(echo.url, questions);
  await load(bot.url, questions);
  const runs = { echo: [] as autocannon.Result[], bot: [] as autocannon.Result[] };
  for (let round = 0; round < 2; round++) {
    runs.echo.push(await load(echo.url, questions));
    runs.bot.push(await load(bot.url, questions));
  }
  const rss = rssMegabytes(bot.child.pid!);
  for (const server of [bot, echo]) server.child.kill('SIGTERM');

  const summary = (results: autocannon.Result[]) => ({
    turnsPerSecond: results.reduce((a, r) => a + r.requests.average, 0) / results.length,
    p50: results.reduce((a, r) => a + r.latency.p50, 0) / results.length,
    p99: results.reduce((a, r) => a + r.latency.p99, 0) / results.length,
    errors: results.reduce((a, r) => a + r.errors + r.non2xx, 0),
  });
  const ours = summary(runs.bot);
  const baseline = summary(runs.echo);
  const retrieval = measureRetrieval(questions);

  console.log(`FAQ turn under ${CONNECTIONS} connections over ${CONVERSATIONS} conversations, ${SECONDS}s × 2 runs each:`);
  console.log(`  Tawasul bot : ${ours.turnsPerSecond.toFixed(0)} turns/s, p50 ${ours.p50} ms, p99 ${ours.p99} ms, errors ${ours.errors}`);
  console.log(`  echo bot    : ${baseline.turnsPerSecond.toFixed(0)} turns/s, p50 ${baseline.p50} ms, p99 ${baseline.p99} ms, errors ${baseline.errors}`);
  console.log(`  ratio       : ${(ours.turnsPerSecond / baseline.turnsPerSecond).toFixed(2)} of the echo bot's throughput (floor 0.8)`);
  console.log(`Retrieval per query: mean ${retrieval.meanMicros.toFixed(0)} µs, p99 ${retrieval.p99Micros.toFixed(0)} µs`);
  console.log(`Start-up to /healthz 200: ${coldStart.startupMs.toFixed(0)} ms with a knowledge-base build, ${bot.startupMs.toFixed(0)} ms with it stored (echo bot ${echo.startupMs.toFixed(0)} ms)`);
  console.log(`Bot RSS after the run: ${rss.toFixed(0)} MB`);
}

void main();
