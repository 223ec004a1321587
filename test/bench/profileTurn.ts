/**
 * `npm run bench:profile`: a CPU profile of FAQ turns through the real server after a warm-up, written
 * to /tmp/turn.cpuprofile (open it in Chrome DevTools), with the CPU time per turn (client included).
 */
import inspector from 'node:inspector/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../../index';
import { readConfig } from '../../platform/config';

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
  const app = await startApp(readConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  const qs = ['كم يستغرق الرد على طلبات تواصل؟', 'how do I submit a request on absher', 'وش شروط تجديد الإقامة', 'what is tawasul'];
  const send = (i: number) => fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', channelId: 'webchat', deliveryMode: 'expectReplies', conversation: { id: 'c' + (i % 2000) }, from: { id: 'u' + (i % 2000) }, recipient: { id: 'bot' }, text: qs[i % 4] }) }).then((r) => r.text());
  for (let i = 0; i < 300; i++) await send(i);
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const c0 = process.cpuUsage();
  const N = 3000;
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => { while (next < N) await send(300 + next++); }));
  const c = process.cpuUsage(c0);
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync('/tmp/turn.cpuprofile', JSON.stringify(profile));
  console.log(`${((c.user + c.system) / N).toFixed(0)} µs CPU per turn (server and client in one process)`);
  await app.close();
}
main();
