import { Pool } from 'pg';
import type { Logger } from '../platform/logger';
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

/** True for the errors that mean "the database cannot be reached just now", rather than a bug or bad data. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (!e) return false;
  // Connection refused or reset, the server shutting down or starting up, too many connections.
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004'].includes(e.code ?? '')) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message ?? '');
}
