import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { Language } from '../../knowledge/language';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { faqQuestions, messageFor, MessagesByLanguage, mixedTraffic } from './mixedTraffic';

/**
 * `npm run bench`: turns per second and latency under 50 concurrent connections, spread over many
 * conversations, against a bare botbuilder echo bot measured in the same run; the servers' CPU time
 * per turn; retrieval time per query; start-up time; memory after the run. Each server runs in its own
 * process so the load generator does not share its event loop. Both are compiled by one build
 * (`npm run build`) and run by node, as `npm start` runs the bot.
 *
 * Two kinds of traffic, each conversation in one language as people write:
 * - mixed (reported first): what people send (test/bench/mixedTraffic.ts): the dev and held-out
 *   questions, in and out of scope, fines questions with their dates, tracking, small talk; forms open
 *   and are left as they would be;
 * - FAQ: the dev set's in-scope questions again and again, which after the first round come from the
 *   answer cache (the figure this benchmark reported before mixed traffic existed).
 * The bot runs as configured (its answer cache on), and with FAQ_ANSWER_CACHE=0, so that every
 * question is ranked afresh: the honest case for traffic of many different messages. With
 * BENCH_ISOLATED=1 and Linux's taskset, the bot and the echo bot run once more isolated: each server
 * alone on one CPU and the load generator on another.
 *
 * Every server is launched afresh several times (BENCH_LAUNCHES): one launch of the same code can run
 * a tenth or more faster or slower than the next, as the JIT and the garbage collector happen to settle, so
 * a ratio from one launch can say more about that launch than about the bot. Each launch gives its
 * own ratio, bot and echo bot measured side by side; the median over launches is the figure.
 */
/** The bot as `npm start` runs it, and the echo bot compiled by the same build (tsconfig.build.json). */
const BOT = 'dist/index.js';
const ECHO_BOT = 'dist/test/bench/echoBotServer.js';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LAUNCHES = Number(process.env.BENCH_LAUNCHES ?? 3);
/** Long enough for the JIT to settle and for every conversation to have been read once. */
const WARM_UP_SECONDS = 4;
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 2000);

interface Server {
  child: ChildProcess;
  url: string;
  startupMs: number;
}

/** `cpu`: the one CPU the server may run on (Linux's taskset), for the isolated runs. */
async function startServer(script: string, port: number, env: Record<string, string> = {}, cpu?: number): Promise<Server> {
  const started = performance.now();
  // node itself, not npm or a wrapper: the process whose CPU and memory are read is the server's.
  const command = [process.execPath, script];
  if (cpu !== undefined) command.unshift('taskset', '-c', String(cpu));
  const child = spawn(command[0], command.slice(1), {
    cwd: PROJECT_ROOT,
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

/** What conversation `conversation` says as its `turn`-th message. */
type Traffic = (conversation: number, turn: number) => string;

async function load(server: Server, traffic: Traffic, seconds = SECONDS): Promise<Run> {
  let n = 0;
  const cpuBefore = cpuMicros(server.child.pid!);
  const result = await autocannon({
    url: `${server.url}/api/messages`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          n++;
          const conversation = n % CONVERSATIONS;
          return {
            ...request,
            body: JSON.stringify({
              type: 'message',
              channelId: 'webchat',
              deliveryMode: 'expectReplies',
              conversation: { id: `bench-${conversation}` },
              from: { id: `user-${conversation}` },
              recipient: { id: 'bot' },
              text: traffic(conversation, Math.floor(n / CONVERSATIONS)),
            }),
          };
        },
      },
    ],
  });
  return { result, cpuMicrosPerTurn: (cpuMicros(server.child.pid!) - cpuBefore) / result.requests.total };
}

/** Warms each server up, then loads them in turn, twice, so drift on the machine falls on all alike. */
async function takeTurns<Name extends string>(servers: Record<Name, Server>, traffic: Traffic): Promise<Record<Name, Run[]>> {
  const names = Object.keys(servers) as Name[];
  for (const name of names) await load(servers[name], traffic, WARM_UP_SECONDS);
  const runs = Object.fromEntries(names.map((name) => [name, [] as Run[]])) as Record<Name, Run[]>;
  for (let round = 0; round < 2; round++) {
    for (const name of names) runs[name].push(await load(servers[name], traffic));
  }
  return runs;
}

/** FAQ traffic: each conversation asks its language's questions in turn. */
function faqTraffic(byLanguage: string[][]): Traffic {
  return (conversation, turn) => {
    const questions = byLanguage[conversation % byLanguage.length];
    return questions[turn % questions.length];
  };
}

const mixed = (messages: MessagesByLanguage): Traffic => (conversation, turn) => messageFor(messages, conversation, turn);

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
  return { meanMicros: mean(times), p99Micros: times[Math.floor(times.length * 0.99)] };
}

async function main(): Promise<void> {
  // Questions the router hands to the FAQ: a question that starts a service (fines, tracking) is a form's first step, not a FAQ turn.
  const faq = faqQuestions();
  const byLanguage = Language.options.map((language) => faq[language]);
  const questions: Question[] = Language.options.flatMap((language) => faq[language].map((text) => ({ text, language })));
  const workloads: Record<Workload, Traffic> = { mixed: mixed(mixedTraffic()), faq: faqTraffic(byLanguage) };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-'));
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });

  const coldStart = await startServer(BOT, 39781, { DATA_DIR: dataDir });
  await stop(coldStart);

  const shared: SharedLaunch[] = [];
  for (let launch = 0; launch < LAUNCHES; launch++) {
    const servers = {
      bot: await startServer(BOT, 39781, { DATA_DIR: dataDir }),
      uncached: await startServer(BOT, 39783, { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-')), FAQ_ANSWER_CACHE: '0' }),
      echo: await startServer(ECHO_BOT, 39782),
    };
    const rssAtStart = { bot: rssMegabytes(servers.bot.child.pid!), echo: rssMegabytes(servers.echo.child.pid!) };
    const runs = { mixed: await takeTurns(servers, workloads.mixed), faq: await takeTurns(servers, workloads.faq) };
    const rssAfter = { bot: rssMegabytes(servers.bot.child.pid!), echo: rssMegabytes(servers.echo.child.pid!) };
    await Promise.all(Object.values(servers).map(stop));
    shared.push({ runs, startupMs: { bot: servers.bot.startupMs, echo: servers.echo.startupMs }, rssAtStart, rssAfter });
  }

  // Retrieval is timed here, with no server running and before this process is pinned to one CPU.
  const knowledgeBase = buildKnowledgeBase();
  const retrieval = measureRetrieval(new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 }), questions);
  // With a cache, one round first fills it: the timed rounds show questions asked before.
  const cached = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 2000 });
  for (const { text, language } of questions) cached.answer(text, language);
  const cachedRetrieval = measureRetrieval(cached, questions);

  // Isolated: the bot with no answer cache and the echo bot again on mixed traffic, each on CPU 0
  // alone, with this process (the load generator) on CPU 1 alone. Above, all three share both CPUs,
  // and a server's garbage collector helpers run beside it on the second CPU as the load generator
  // allows; here each server has exactly one CPU for all its work, so the ratio is one of CPU per turn.
  const isolated: Record<'uncached' | 'echo', Run[]>[] = [];
  if (process.env.BENCH_ISOLATED === '1' && canPin()) {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    for (let launch = 0; launch < LAUNCHES; launch++) {
      const pinned = { uncached: await startServer(BOT, 39783, { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-')), FAQ_ANSWER_CACHE: '0' }, 0), echo: await startServer(ECHO_BOT, 39782, {}, 0) };
      isolated.push(await takeTurns(pinned, workloads.mixed));
      await Promise.all(Object.values(pinned).map(stop));
    }
  }

  const line = (name: string, s: Summary) =>
    `  ${name.padEnd(28)}: ${s.turnsPerSecond.toFixed(0)} turns/s, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, server CPU ${s.cpu.toFixed(0)} µs/turn, errors ${s.errors}`;
  const report = (workload: Workload, title: string) => {
    const launches = shared.map((l) => l.runs[workload]);
    console.log(title);
    console.log(line('Tawasul bot', summary(launches.flatMap((l) => l.bot))));
    console.log(line('Tawasul bot, no answer cache', summary(launches.flatMap((l) => l.uncached))));
    console.log(line('echo bot', summary(launches.flatMap((l) => l.echo))));
    console.log(`  throughput ratio            : ${ratios(launches, 'bot')} of the echo bot's; ${ratios(launches, 'uncached')} with no answer cache`);
    console.log(`  p99 ratio                   : ${p99Ratios(launches, 'bot')} of the echo bot's; ${p99Ratios(launches, 'uncached')} with no answer cache`);
  };
  const conditions = `${CONNECTIONS} connections over ${CONVERSATIONS} conversations; ${LAUNCHES} launches of each server, ${SECONDS}s × 2 runs per launch`;
  report('mixed', `Mixed traffic (test/bench/mixedTraffic.ts) under ${conditions}:`);
  report('faq', `FAQ questions asked again and again (answer cache warm) under the same load:`);
  if (isolated.length > 0) {
    console.log(`Isolated, mixed traffic, no answer cache (each server alone on CPU 0, the load generator on CPU 1):`);
    console.log(line('Tawasul bot, no answer cache', summary(isolated.flatMap((l) => l.uncached))));
    console.log(line('echo bot', summary(isolated.flatMap((l) => l.echo))));
    console.log(`  throughput ratio            : ${ratios(isolated, 'uncached')} of the echo bot's`);
  }
  console.log(`Retrieval per query: mean ${retrieval.meanMicros.toFixed(0)} µs, p99 ${retrieval.p99Micros.toFixed(0)} µs ranked afresh; mean ${cachedRetrieval.meanMicros.toFixed(1)} µs from the answer cache`);
  const startup = (server: 'bot' | 'echo') => median(shared.map((l) => l.startupMs[server])).toFixed(0);
  console.log(`Start-up to /healthz 200: ${coldStart.startupMs.toFixed(0)} ms with a knowledge-base build, ${startup('bot')} ms with it stored (echo bot ${startup('echo')} ms; medians over launches)`);
  const rss = (server: 'bot' | 'echo') => shared.map((l) => `${l.rssAtStart[server].toFixed(0)} → ${l.rssAfter[server].toFixed(0)}`).join(', ');
  console.log(`RSS after start-up → after the runs, per launch: bot ${rss('bot')} MB; echo bot ${rss('echo')} MB`);
}

type Workload = 'mixed' | 'faq';

interface SharedLaunch {
  runs: Record<Workload, Record<'bot' | 'uncached' | 'echo', Run[]>>;
  startupMs: Record<'bot' | 'echo', number>;
  rssAtStart: Record<'bot' | 'echo', number>;
  rssAfter: Record<'bot' | 'echo', number>;
}

type Summary = ReturnType<typeof summary>;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Means over every run of every launch. */
function summary(results: Run[]) {
  return {
    turnsPerSecond: mean(results.map((r) => r.result.requests.average)),
    p50: mean(results.map((r) => r.result.latency.p50)),
    p99: mean(results.map((r) => r.result.latency.p99)),
    cpu: mean(results.map((r) => r.cpuMicrosPerTurn)),
    errors: results.reduce((a, r) => a + r.result.errors + r.result.non2xx, 0),
  };
}

/** Each launch's ratio of `server` to the echo bot measured beside it, and their median: "0.81 (launches 0.78, 0.81, 0.84)". */
function ratios<Name extends string>(launches: Record<Name | 'echo', Run[]>[], server: Name): string {
  const each = launches.map((runs) => mean(runs[server].map((r) => r.result.requests.average)) / mean(runs.echo.map((r) => r.result.requests.average)));
  return `${median(each).toFixed(2)} (launches ${each.map((r) => r.toFixed(2)).join(', ')})`;
}

/** Each launch's p99 latency as a multiple of the echo bot's measured beside it, and their median. */
function p99Ratios<Name extends string>(launches: Record<Name | 'echo', Run[]>[], server: Name): string {
  const each = launches.map((runs) => mean(runs[server].map((r) => r.result.latency.p99)) / mean(runs.echo.map((r) => r.result.latency.p99)));
  return `${median(each).toFixed(2)} (launches ${each.map((r) => r.toFixed(2)).join(', ')})`;
}

void main();
