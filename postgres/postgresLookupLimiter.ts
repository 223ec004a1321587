import type { Pool } from 'pg';
import type { LookupCounter } from '../requests/lookupCounter';
import { DEFAULT_LOOKUP_LIMITS, LookupLimits, Pause } from '../requests/lookupLimiter';

/** The key every failure is also counted under, for the global bound (no client key starts with "*"). */
const GLOBAL_KEY = '*all';

/**
 * The tracking look-up limiter's counters in PostgreSQL (table lookup_failures): failures counted
 * by one instance pause or slow the next try on any other, and a restart forgets nothing. The same
 * rules as requests/lookupLimiter.ts: a key is paused at `maxFailures` failures within `windowMs`,
 * the whole service is under guessing at `globalMaxFailures` failures within `globalWindowMs`.
 *
 * Bounded like the memory one: a key keeps at most its newest `maxFailures` rows (the global key
 * `globalMaxFailures`), and rows that left the window are deleted, once per window for all keys, so
 * a flood of fresh ids leaves at most one window of rows behind.
 */
export class PostgresLookupLimiter implements LookupCounter {
  readonly limits: LookupLimits;
  private lastPrune: number;

  constructor(
    private readonly pool: Pool,
    limits: Partial<LookupLimits> = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LOOKUP_LIMITS, ...limits };
    this.lastPrune = clock();
  }

  check(keys: string[]): Promise<Pause> {
    return this.pauseOf(keys, this.limits.maxFailures, this.limits.windowMs);
  }

  checkGlobal(): Promise<Pause> {
    return this.pauseOf([GLOBAL_KEY], this.limits.globalMaxFailures, this.limits.globalWindowMs);
  }

  async recordFailure(keys: string[]): Promise<void> {
    const now = this.clock();
    const { maxFailures, globalMaxFailures, windowMs } = this.limits;
    const all = [...new Set(keys), GLOBAL_KEY];
    // One statement: the failure under each key, then each key trimmed to its newest rows.
    await this.pool.query(
      `WITH added AS (INSERT INTO lookup_failures (key, at) SELECT unnest($1::text[]), $2 RETURNING 1)
       DELETE FROM lookup_failures WHERE ctid IN (
         SELECT ctid FROM (
           SELECT ctid, key, row_number() OVER (PARTITION BY key ORDER BY at DESC) AS n
           FROM lookup_failures WHERE key = ANY($1::text[])) ranked
         WHERE n > CASE WHEN key = $3 THEN $4::int ELSE $5::int END - 1)`,
      [all, new Date(now), GLOBAL_KEY, globalMaxFailures, maxFailures],
    );
    if (now - this.lastPrune >= windowMs) {
      this.lastPrune = now;
      await this.pool.query('DELETE FROM lookup_failures WHERE at <= $1', [new Date(now - Math.max(windowMs, this.limits.globalWindowMs))]);
    }
  }

  /** For each key, its `max`-th most recent failure in the window: the pause ends a window after the latest such. */
  private async pauseOf(keys: string[], max: number, windowMs: number): Promise<Pause> {
    const now = this.clock();
    const { rows } = await this.pool.query<{ at: Date | null }>(
      `SELECT max(at) AS at FROM (
         SELECT at, row_number() OVER (PARTITION BY key ORDER BY at DESC) AS n
         FROM lookup_failures WHERE key = ANY($1::text[]) AND at > $2) recent
       WHERE n = $3`,
      [keys, new Date(now - windowMs), max],
    );
    const at = rows[0]?.at;
    return at ? { blocked: true, retryAt: new Date(at.getTime() + windowMs) } : { blocked: false };
  }
}
