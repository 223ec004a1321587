import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { recognizeMenuItem } from '../../dialogs/menu';
import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { detectLanguage, Language } from '../../knowledge/language';
import { recognizeIntent } from '../../knowledge/recognizeIntent';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { readDevSet } from '../eval/faqEvaluation';

/**
 * `npm run bench`: FAQ turns per second and latency under 50 concurrent connections, spread over
 * many conversations, against a bare botbuilder echo bot measured in the same run; the servers' CPU
 * time per turn; retrieval time per query; start-up time; memory after the run. Each server runs in
 * its own process so the load generator does not share its event loop.
 *
 * Each conversation asks in one language, as people do: half the conversations ask the Arabic
 * questions of the dev set in turn, half the English ones. The bot runs twice: as configured (its
 * answer cache on), and with FAQ_ANSWER_CACHE=0, so that every question is ranked afresh. Then, where
 * Linux's taskset allows, the bot and the echo bot run once more isolated: each server alone on one
 * CPU and the load generator on another.
 */
const ROOT = path.join(__dirname, '..', '..');
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 2000);

interface Server {
  child: ChildProcess;
  url: string;
  startupMs: number;
}

/** `cpu`: the one CPU the server may run on (Linux's taskset), for the isolated runs. */
async function startServer(script: string, port: number, env: Record<string, string> = {}, cpu?: number): Promise<Server> {
  const started = performance.now();
  // tsx as a loader, not its CLI: the CLI runs the script in a second process, whose CPU and memory are what we measure.
  const command = [process.execPath, '--import', 'tsx', script];
  if (cpu !== undefined) command.unshift('taskset', '-c', String(cpu));
  const child = spawn(command[0], command.slice(1), {
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

/** CPU time (user + system, all threads) the process has used so far, in microseconds. */
function cpuMicros(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}
/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ). */
const CLOCK_TICKS = 100;

function rssMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Stops a server and waits for it to exit, so that it takes no CPU from what is measured next. */
function stop(server: Server): Promise<unknown> {
  if (server.child.exitCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  return exited;
}

/**
 * Whether the servers and the load generator can each have a CPU of their own: Linux with taskset
 * and at least two CPUs. Elsewhere the isolated runs are skipped.
 */
function canPin(): boolean {
  if (os.cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Run {
  result: autocannon.Result;
  cpuMicrosPerTurn: number;
}

async function load(server: Server, byLanguage: string[][]): Promise<Run> {
  let n = 0;
  const cpuBefore = cpuMicros(server.child.pid!);
  const result = await autocannon({
    url: `${server.url}/api/messages`,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          n++;
          const conversation = n % CONVERSATIONS;
          const questions = byLanguage[conversation % byLanguage.length];
          return {
            ...request,
            body: JSON.stringify({
              type: 'message',
              channelId: 'webchat',
              deliveryMode: 'expectReplies',
              conversation: { id: `bench-${conversation}` },
              from: { id: `user-${conversation}` },
              recipient: { id: 'bot' },
              text: questions[Math.floor(n / CONVERSATIONS) % questions.length],
            }),
          };
        },
      },
    ],
  });
  return { result, cpuMicrosPerTurn: (cpuMicros(server.child.pid!) - cpuBefore) / result.requests.total };
}

/** Warms each server up, then loads them in turn, twice, so drift on the machine falls on all alike. */
async function takeTurns<Name extends string>(servers: Record<Name, Server>, byLanguage: string[][]): Promise<Record<Name, Run[]>> {
  const names = Object.keys(servers) as Name[];
  for (const name of names) await load(servers[name], byLanguage);
  const runs = Object.fromEntries(names.map((name) => [name, [] as Run[]])) as Record<Name, Run[]>;
  for (let round = 0; round < 2; round++) {
    for (const name of names) runs[name].push(await load(servers[name], byLanguage));
  }
  return runs;
}

interface Question {
  text: string;
  language: Language;
}

function measureRetrieval(retriever: FaqRetriever, questions: Question[]): { meanMicros: number; p99Micros: number } {
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const { text, language } of questions) {
      const t = process.hrtime.bigint();
      retriever.answer(text, language);
      times.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  return { meanMicros: times.reduce((a, b) => a + b, 0) / times.length, p99Micros: times[Math.floor(times.length * 0.99)] };
}

async function main(): Promise<void> {
  // Questions the router hands to the FAQ: a question that starts a service (fines, tracking) is a form's first step, not a FAQ turn.
  const questions: Question[] = readDevSet()
    .filter((q) => q.expect !== null && !recognizeIntent(q.q) && !recognizeMenuItem(q.q))
    .map((q) => ({ text: q.q, language: detectLanguage(q.q) ?? 'ar' }));
  const byLanguage = Language.options.map((language) => questions.filter((q) => q.language === language).map((q) => q.text));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-'));

  const coldStart = await startServer('index.ts', 39781, { DATA_DIR: dataDir });
  await stop(coldStart);
  const servers = {
    bot: await startServer('index.ts', 39781, { DATA_DIR: dataDir }),
    uncached: await startServer('index.ts', 39783, { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-')), FAQ_ANSWER_CACHE: '0' }),
    echo: await startServer('test/bench/echoBotServer.ts', 39782),
  };
  const rssAtStart = { bot: rssMegabytes(servers.bot.child.pid!), echo: rssMegabytes(servers.echo.child.pid!) };

  const runs = await takeTurns(servers, byLanguage);
  const rss = { bot: rssMegabytes(servers.bot.child.pid!), echo: rssMegabytes(servers.echo.child.pid!) };
  await Promise.all(Object.values(servers).map(stop));

  // Retrieval is timed here, with no server running and before this process is pinned to one CPU.
  const knowledgeBase = buildKnowledgeBase();
  const retrieval = measureRetrieval(new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 }), questions);
  // With a cache, one round first fills it: the timed rounds show questions asked before.
  const cached = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 2000 });
  for (const { text, language } of questions) cached.answer(text, language);
  const cachedRetrieval = measureRetrieval(cached, questions);

  // Isolated: the same bot and echo bot again, each on CPU 0 alone, with this process (the load
  // generator) on CPU 1 alone. Above, all three share both CPUs, and a server's garbage collector
  // helpers run beside it on the second CPU as the load generator allows; here each server has
  // exactly one CPU for all its work, so the ratio is one of CPU per turn.
  let isolated: Record<'bot' | 'echo', Run[]> | undefined;
  if (canPin()) {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    const pinned = { bot: await startServer('index.ts', 39781, { DATA_DIR: dataDir }, 0), echo: await startServer('test/bench/echoBotServer.ts', 39782, {}, 0) };
    isolated = await takeTurns(pinned, byLanguage);
    await Promise.all(Object.values(pinned).map(stop));
  }

  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const summary = (results: Run[]) => ({
    turnsPerSecond: mean(results.map((r) => r.result.requests.average)),
    p50: mean(results.map((r) => r.result.latency.p50)),
    p99: mean(results.map((r) => r.result.latency.p99)),
    cpu: mean(results.map((r) => r.cpuMicrosPerTurn)),
    errors: results.reduce((a, r) => a + r.result.errors + r.result.non2xx, 0),
  });
  const [ours, uncached, baseline] = [summary(runs.bot), summary(runs.uncached), summary(runs.echo)];

  const line = (name: string, s: ReturnType<typeof summary>) =>
    `  ${name.padEnd(28)}: ${s.turnsPerSecond.toFixed(0)} turns/s, p50 ${s.p50} ms, p99 ${s.p99} ms, server CPU ${s.cpu.toFixed(0)} µs/turn, errors ${s.errors}`;
  console.log(`FAQ turn under ${CONNECTIONS} connections over ${CONVERSATIONS} conversations, ${SECONDS}s × 2 runs each:`);
  console.log(line('Tawasul bot', ours));
  console.log(line('Tawasul bot, no answer cache', uncached));
  console.log(line('echo bot', baseline));
  console.log(`  ratio                       : ${(ours.turnsPerSecond / baseline.turnsPerSecond).toFixed(2)} of the echo bot's throughput (floor 0.8); ${(uncached.turnsPerSecond / baseline.turnsPerSecond).toFixed(2)} with no answer cache`);
  if (isolated) {
    const [pinnedOurs, pinnedBaseline] = [summary(isolated.bot), summary(isolated.echo)];
    console.log(`Isolated (each server alone on CPU 0, the load generator on CPU 1):`);
    console.log(line('Tawasul bot', pinnedOurs));
    console.log(line('echo bot', pinnedBaseline));
    console.log(`  ratio                       : ${(pinnedOurs.turnsPerSecond / pinnedBaseline.turnsPerSecond).toFixed(2)} of the echo bot's throughput`);
  } else {
    console.log('Isolated runs skipped: they need Linux taskset and two CPUs.');
  }
  console.log(`Retrieval per query: mean ${retrieval.meanMicros.toFixed(0)} µs, p99 ${retrieval.p99Micros.toFixed(0)} µs ranked afresh; mean ${cachedRetrieval.meanMicros.toFixed(1)} µs from the answer cache`);
  console.log(`Start-up to /healthz 200: ${coldStart.startupMs.toFixed(0)} ms with a knowledge-base build, ${servers.bot.startupMs.toFixed(0)} ms with it stored (echo bot ${servers.echo.startupMs.toFixed(0)} ms)`);
  console.log(`RSS after start-up → after the runs: bot ${rssAtStart.bot.toFixed(0)} → ${rss.bot.toFixed(0)} MB, echo bot ${rssAtStart.echo.toFixed(0)} → ${rss.echo.toFixed(0)} MB`);
}

void main();
