import { readdir, readFile } from 'node:fs/promises';
import { Pool } from 'pg';
import { projectFile } from '../platform/projectFiles';

/** postgres/migrations: NNN_what.sql, applied in order of NNN, each once. */
export const MIGRATIONS_DIR = projectFile('postgres', 'migrations');
const MIGRATION_FILE = /^(\d{3,})_[\w-]+\.sql$/;

/** Any fixed number: the advisory lock every instance takes while it migrates. */
const MIGRATION_LOCK = 0x7a3a5501;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function readMigrations(directory = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((file) => MIGRATION_FILE.test(file));
  const migrations = await Promise.all(
    files.map(async (name) => ({ version: Number(MIGRATION_FILE.exec(name)![1]), name, sql: await readFile(`${directory}/${name}`, 'utf8') })),
  );
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && migrations[i - 1].version === m.version) throw new Error(`Two migrations numbered ${m.version}: ${migrations[i - 1].name}, ${m.name}`);
  });
  return migrations;
}

/**
 * Brings the database's schema up to date at start-up: each migration not yet recorded in
 * schema_migrations runs in its own transaction, with its record. Instances starting together take
 * turns through a session advisory lock, so each migration runs once; one that finds everything
 * applied does nothing. Returns the names applied.
 */
export async function migrate(pool: Pool, migrations?: Migration[]): Promise<string[]> {
  const pending = migrations ?? (await readMigrations());
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const migration of pending) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
        }
        applied.push(migration.name);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return applied;
}
