import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { rssMegabytes, startServer, stop } from './loadServers';
import { messageFor, mixedTraffic } from './mixedTraffic';

/**
 * `npm run bench:memory`: the resident memory of the bot (as `npm start` runs it, embedded storage)
 * and of the echo bot after 100,000 conversations (BENCH_CONVERSATIONS), each a new conversation with
 * its first message of mixed traffic, under 50 connections. State of conversations whose question was
 * answered is not kept, so what grows is what a conversation leaves: forms opened by fines and tracking
 * questions, transcripts, caches.
 */
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);

/** Starts `script`, sends it `conversations` new conversations, prints its RSS before and after, stops it. */
export async function measure(name: string, script: string, env: Record<string, string>, conversations = CONVERSATIONS): Promise<void> {
  const traffic = mixedTraffic();
  const server = await startServer(script, env);
  const before = rssMegabytes(server.child.pid!);
  let n = 0;
  const result = await autocannon({
    url: `${server.url}/api/messages`,
    connections: 50,
    amount: conversations,
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
  const after = rssMegabytes(server.child.pid!);
  console.log(`  ${name.padEnd(10)}: RSS ${before.toFixed(0)} MB at start → ${after.toFixed(0)} MB after ${result.requests.total} conversations (${result.non2xx + result.errors} errors, ${result.requests.average.toFixed(0)} turns/s)`);
  await stop(server);
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  console.log(`Memory after ${CONVERSATIONS} new conversations, one message each (mixed traffic):`);
  await measure('bot', 'dist/index.js', { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-memory-')) });
  await measure('echo bot', 'dist/test/bench/echoBotServer.js', {});
}

// Run as `npm run bench:memory`; imported by `npm run bench:postgres` for its measure alone.
if (require.main === module) void main();
