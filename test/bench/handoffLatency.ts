/**
 * npm run bench:handoff — the relay's latency over real HTTP, 200 messages each way:
 *  - agent → person: POST /api/staff/handoffs/:id/messages until the channel's connector (a small
 *    HTTP server standing in as serviceUrl) receives the activity;
 *  - person → console: POST /api/messages until the event arrives on the staff feed (SSE).
 * Messages are sent one at a time; median and p99 in milliseconds.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Conversation } from '../support/conversation';
import { StaffClient } from '../support/staffClient';
import { startTestApp } from '../support/testApp';

const COUNT = Number(process.env.COUNT ?? 200);
const TOKEN = 'bench-token-0123456789';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const report = (name: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`${name}: n=${samples.length} median=${percentile(sorted, 50).toFixed(1)} ms p99=${percentile(sorted, 99).toFixed(1)} ms max=${sorted.at(-1)!.toFixed(1)} ms`);
};

async function main(): Promise<void> {
  // The channel: answers at once and notes when each text arrived.
  const waiting = new Map<string, (at: number) => void>();
  const channel = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const at = performance.now();
      const text = raw ? (JSON.parse(raw).text as string | undefined) : undefined;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"x"}');
      if (text && waiting.has(text)) waiting.get(text)!(at);
    });
  });
  await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(channel.address() as { port: number }).port}`;
  const app = await startTestApp({ STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', LOG_LEVEL: 'silent', HANDOFF_AGENT_TIMEOUT_SECONDS: 3600, ALLOW_EMULATOR: true });
  try {
    const person = new Conversation(app.url, { locale: 'en-US', serviceUrl });
    await person.say('agent');
    const staff = new StaffClient(app.url, TOKEN);
    const id = (await staff.call('/api/staff/handoffs')).body.handoffs[0].id;
    await staff.post(`/api/staff/handoffs/${id}/claim`, { agent: 'bench' });

    const agentToPerson: number[] = [];
    for (let i = 0; i < COUNT + 10; i++) {
      const text = `agent message ${i}`;
      const arrived = new Promise<number>((resolve) => waiting.set(text, resolve));
      const start = performance.now();
      const sent = await staff.post(`/api/staff/handoffs/${id}/messages`, { text });
      if (sent.status !== 201) throw new Error(`send answered ${sent.status}`);
      const at = await arrived;
      waiting.delete(text);
      if (i >= 10) agentToPerson.push(at - start); // the first 10 warm up
    }

    const feed = staff.feed();
    await feed.opened;
    const personToConsole: number[] = [];
    for (let i = 0; i < COUNT + 10; i++) {
      const text = `person message ${i}`;
      const start = performance.now();
      const heard = feed.next((e) => e.type === 'message' && e.message.text === text).then(() => performance.now());
      await person.say(text);
      const at = await heard;
      if (i >= 10) personToConsole.push(at - start);
    }
    feed.close();
    report('agent send → channel received', agentToPerson);
    report('person message → console feed ', personToConsole);
  } finally {
    await app.close();
    channel.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
