/**
 * `npm run bench:profile`: a CPU profile of the real server under mixed traffic (test/bench/mixedTraffic.ts,
 * answer cache off unless `-- --cache`), after a warm-up, written to /tmp/turn.cpuprofile (open it in
 * Chrome DevTools), with the CPU time per turn (client included) and the heaviest functions by self time.
 * `-- --faq` profiles the FAQ questions of `npm run bench`'s second line instead.
 */
import inspector from 'node:inspector/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../../index';
import { readConfig } from '../../platform/config';
import { faqQuestions, messageFor, mixedTraffic } from './mixedTraffic';

const CONVERSATIONS = 2000;
const TURNS = Number(process.env.PROFILE_TURNS ?? 4000);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time per function, from the profile's samples. */
function heaviest(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, top = 25): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples?.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(process.cwd(), '')}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`);
}

async function main() {
  const cache = process.argv.includes('--cache');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
  const app = await startApp(readConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', FAQ_ANSWER_CACHE: cache ? '2000' : '0' }));
  const faqOnly = process.argv.includes('--faq');
  const traffic = faqOnly ? faqQuestions() : mixedTraffic();
  const send = (i: number) => {
    const conversation = i % CONVERSATIONS;
    const text = messageFor(traffic, conversation, Math.floor(i / CONVERSATIONS));
    return fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', channelId: 'webchat', deliveryMode: 'expectReplies', conversation: { id: `c${conversation}` }, from: { id: `u${conversation}` }, recipient: { id: 'bot' }, text }),
    }).then((r) => r.text());
  };
  const run = async (from: number, count: number) => {
    let next = from;
    await Promise.all(Array.from({ length: 10 }, async () => { while (next < from + count) await send(next++); }));
  };
  await run(0, 1000);
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const c0 = process.cpuUsage();
  await run(1000, TURNS);
  const c = process.cpuUsage(c0);
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync('/tmp/turn.cpuprofile', JSON.stringify(profile));
  console.log(`${faqOnly ? 'FAQ questions' : 'Mixed traffic'}, answer cache ${cache ? 'on' : 'off'}: ${((c.user + c.system) / TURNS).toFixed(0)} µs CPU per turn (server and client in one process)`);
  console.log(heaviest(profile as never).join('\n'));
  await app.close();
}
void main();
