import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { freePort } from '../support/freePort';
import { messageFor, MessagesByLanguage } from './mixedTraffic';

/**
 * What the load benches share (`npm run bench`, `npm run bench:postgres`): servers started as node
 * runs them, loaded by autocannon, their CPU and memory read from /proc, and per-launch ratios to the
 * echo bot measured beside them.
 */

/** The bot as `npm start` runs it, and the echo bot compiled by the same build (tsconfig.build.json). */
export const BOT = 'dist/index.js';
export const ECHO_BOT = 'dist/test/bench/echoBotServer.js';
export const CONNECTIONS = 50;
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const LAUNCHES = Number(process.env.BENCH_LAUNCHES ?? 3);
export const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 2000);
/**
 * Before a server is measured, every conversation has said two messages (its state and transcript
 * exist, as on a server that has been running), and then the load runs this long more for the JIT to
 * settle. A warm-up of a fixed time alone left a slower server measured while still meeting most of
 * its conversations for the first time (at 300 turns a second, 4 s reach 1,200 of 2,000), and
 * compiling its code: the CPU a turn takes falls by two thirds over the first few thousand turns.
 */
export const WARM_UP_TURNS = 2 * CONVERSATIONS;
export const WARM_UP_SECONDS = 4;

export interface Server {
  child: ChildProcess;
  url: string;
  startupMs: number;
}

/** Every server started and not yet stopped, so that a bench that fails still stops them all. */
const running = new Set<Server>();

/**
 * Starts `script` on a port the kernel hands out: a fixed port in the range the kernel also gives the
 * load generator's own connections was, now and then, still held by one of them when the next server
 * started. `cpu`: the one CPU the server may run on (Linux's taskset), for the isolated runs.
 */
export async function startServer(script: string, env: Record<string, string> = {}, cpu?: number): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  // node itself, not npm or a wrapper: the process whose CPU and memory are read is the server's.
  const command = [process.execPath, script];
  if (cpu !== undefined) command.unshift('taskset', '-c', String(cpu));
  const child = spawn(command[0], command.slice(1), {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const server = { child, url: `http://127.0.0.1:${port}`, startupMs: 0 };
  running.add(server);
  for (;;) {
    try {
      if ((await fetch(`${server.url}/healthz`)).ok) return { ...server, startupMs: performance.now() - started };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Stops a server and waits for it to exit, so that it takes no CPU from what is measured next. */
export function stop(server: Server): Promise<unknown> {
  for (const known of running) if (known.child === server.child) running.delete(known);
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  return exited;
}

/** Stops every server still running (a bench that failed half-way). */
export function stopAll(): Promise<unknown> {
  return Promise.all([...running].map(stop));
}

/** CPU time (user + system, all threads) the process has used so far, in microseconds. */
export function cpuMicros(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}
/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ). */
const CLOCK_TICKS = 100;

export function rssMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export interface Run {
  result: autocannon.Result;
  cpuMicrosPerTurn: number;
}

/** What conversation `conversation` says as its `turn`-th message. */
export type Traffic = (conversation: number, turn: number) => string;

/** The requests each connection sends in order, again and again: made afresh for every load. */
export type Steps = () => autocannon.Request[];

/** One message a request, from `traffic`, the conversations taking turns over the connections. */
export function saying(traffic: Traffic): Steps {
  return () => {
    let n = 0;
    return [
      {
        setupRequest: (request) => {
          n++;
          const conversation = n % CONVERSATIONS;
          return { ...request, body: JSON.stringify(messageActivity(`bench-${conversation}`, `user-${conversation}`, traffic(conversation, Math.floor(n / CONVERSATIONS)))) };
        },
      },
    ];
  };
}

/** A message activity as a channel posts it, with the bot's replies wanted in the response. */
export function messageActivity(conversation: string, user: string, text: string) {
  return { type: 'message', channelId: 'webchat', deliveryMode: 'expectReplies', conversation: { id: conversation }, from: { id: user }, recipient: { id: 'bot' }, text };
}

/**
 * Loads a server, or several instances of one service (the connections spread over them in turn),
 * for `seconds`; the CPU per turn is that of every instance together.
 */
export async function load(target: Server | Server[], steps: Steps, seconds = SECONDS, connections = CONNECTIONS, amount?: number): Promise<Run> {
  const servers = Array.isArray(target) ? target : [target];
  const cpu = () => servers.reduce((total, s) => total + cpuMicros(s.child.pid!), 0);
  const cpuBefore = cpu();
  const result = await autocannon({
    // autocannon takes a list of URLs and gives connection i the i-th (round robin); its types know only one.
    url: servers.map((s) => `${s.url}/api/messages`) as unknown as string,
    connections,
    duration: seconds,
    // When set, the load stops after this many requests instead (autocannon then ignores the duration).
    amount,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: steps(),
  });
  return { result, cpuMicrosPerTurn: (cpu() - cpuBefore) / result.requests.total };
}

/**
 * Warms each server up, then loads them in turn, twice, so drift on the machine falls on all alike.
 * `steps`: the same traffic for every server, or each server's own (over its own store's data).
 */
export async function takeTurns<Name extends string>(servers: Record<Name, Server | Server[]>, steps: Steps | Record<Name, Steps>, connections = CONNECTIONS): Promise<Record<Name, Run[]>> {
  const names = Object.keys(servers) as Name[];
  const stepsOf = (name: Name) => (typeof steps === 'function' ? steps : steps[name]);
  for (const name of names) {
    await load(servers[name], stepsOf(name), SECONDS, connections, WARM_UP_TURNS);
    await load(servers[name], stepsOf(name), WARM_UP_SECONDS, connections);
  }
  const runs = Object.fromEntries(names.map((name) => [name, [] as Run[]])) as Record<Name, Run[]>;
  for (let round = 0; round < 2; round++) {
    for (const name of names) runs[name].push(await load(servers[name], stepsOf(name), SECONDS, connections));
  }
  return runs;
}

/** FAQ traffic: each conversation asks its language's questions in turn. */
export function faqTraffic(byLanguage: string[][]): Traffic {
  return (conversation, turn) => {
    const questions = byLanguage[conversation % byLanguage.length];
    return questions[turn % questions.length];
  };
}

export const mixed = (messages: MessagesByLanguage): Traffic => (conversation, turn) => messageFor(messages, conversation, turn);

export type Summary = ReturnType<typeof summary>;

export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Means over every run of every launch. */
export function summary(results: Run[]) {
  return {
    turnsPerSecond: mean(results.map((r) => r.result.requests.average)),
    p50: mean(results.map((r) => r.result.latency.p50)),
    p99: mean(results.map((r) => r.result.latency.p99)),
    cpu: mean(results.map((r) => r.cpuMicrosPerTurn)),
    errors: results.reduce((a, r) => a + r.result.errors + r.result.non2xx, 0),
  };
}

export const summaryLine = (name: string, s: Summary) =>
  `  ${name.padEnd(28)}: ${s.turnsPerSecond.toFixed(0)} turns/s, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, server CPU ${s.cpu.toFixed(0)} µs/turn, errors ${s.errors}`;

/** Per-launch ratios, their median and spread: "0.81 (0.78–0.84; launches 0.78, 0.81, 0.84)". */
export function spread(each: number[]): string {
  return `${median(each).toFixed(2)} (${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)}; launches ${each.map((r) => r.toFixed(2)).join(', ')})`;
}

const throughputOf = (runs: Run[]) => mean(runs.map((r) => r.result.requests.average));
const p99Of = (runs: Run[]) => mean(runs.map((r) => r.result.latency.p99));

/** Each launch's ratio of `server`'s turns per second to the echo bot's measured beside it. */
export function ratios<Name extends string>(launches: Record<Name | 'echo', Run[]>[], server: Name): string {
  return spread(launches.map((runs) => throughputOf(runs[server]) / throughputOf(runs.echo)));
}

/** Each launch's p99 latency of `server` as a multiple of the echo bot's measured beside it. */
export function p99Ratios<Name extends string>(launches: Record<Name | 'echo', Run[]>[], server: Name): string {
  return spread(launches.map((runs) => p99Of(runs[server]) / p99Of(runs.echo)));
}
