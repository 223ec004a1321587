import { Pool, PoolClient } from 'pg';
import type { Logger } from '../platform/logger';
import type { StorageState } from '../platform/storageHealth';
import { migrate } from './migrate';

/**
 * The service's connection pool to DATABASE_URL, its schema brought up to date. An idle connection
 * the server drops (a restart, a fail-over) is logged, not fatal: the pool opens a new one on the
 * next query, so the service resumes by itself when the database is back.
 */
export async function openDatabase(url: string, logger: Logger, options: { max?: number } = {}): Promise<Pool> {
  const pool = new Pool({
    connectionString: url,
    max: options.max ?? 10,
    // A database that does not answer fails the turn in seconds, with "try again shortly", rather than hanging it.
    connectionTimeoutMillis: 5000,
    query_timeout: 15000,
    idleTimeoutMillis: 30000,
  });
  pool.on('error', (error) => logger.warn('database connection lost', { error: error.message }));
  try {
    const applied = await migrate(pool);
    if (applied.length > 0) logger.info('database migrated', { applied });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return pool;
}

/**
 * Whether the database answers, for /healthz: one query at most every `intervalMs` (health checks
 * come often; the answer is kept meanwhile, and callers at the same moment share one query).
 */
export class DatabaseProbe {
  private last: { at: number; state: StorageState } | undefined;
  private running: Promise<StorageState> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly intervalMs = 5000,
    private readonly clock: () => number = Date.now,
  ) {}

  check(): Promise<StorageState> {
    if (this.last && this.clock() - this.last.at < this.intervalMs) return Promise.resolve(this.last.state);
    this.running ??= this.pool
      .query('SELECT 1')
      .then(
        () => 'ok' as const,
        () => 'unreachable' as const,
      )
      .then((state) => {
        this.last = { at: this.clock(), state };
        this.running = undefined;
        return state;
      });
    return this.running;
  }
}

/** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
