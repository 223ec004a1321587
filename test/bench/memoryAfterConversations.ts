import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { messageFor, mixedTraffic } from './mixedTraffic';

/**
 * `npm run bench:memory`: the resident memory of the bot (as `npm start` runs it, embedded storage)
 * and of the echo bot after 100,000 conversations (BENCH_CONVERSATIONS), each a new conversation with
 * its first message of mixed traffic, under 50 connections. State of conversations whose question was
 * answered is not kept, so what grows is what a conversation leaves: forms opened by fines and tracking
 * questions, transcripts, caches.
 */
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);

async function start(script: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function measure(name: string, script: string, port: number, env: Record<string, string>): Promise<void> {
  const traffic = mixedTraffic();
  const child = await start(script, port, env);
  const before = rss(child.pid!);
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/messages`,
    connections: 50,
    amount: CONVERSATIONS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const conversation = n++;
          const body = { type: 'message', channelId: 'webchat', deliveryMode: 'expectReplies', conversation: { id: `mem-${conversation}` }, from: { id: `user-${conversation}` }, recipient: { id: 'bot' }, text: messageFor(traffic, conversation, 0) };
          return { ...request, body: JSON.stringify(body) };
        },
      },
    ],
  });
  const after = rss(child.pid!);
  console.log(`  ${name.padEnd(10)}: RSS ${before.toFixed(0)} MB at start → ${after.toFixed(0)} MB after ${result.requests.total} conversations (${result.non2xx + result.errors} errors, ${result.requests.average.toFixed(0)} turns/s)`);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  console.log(`Memory after ${CONVERSATIONS} new conversations, one message each (mixed traffic):`);
  await measure('bot', 'dist/index.js', 39791, { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-memory-')) });
  await measure('echo bot', 'dist/test/bench/echoBotServer.js', 39792, {});
}
void main();
