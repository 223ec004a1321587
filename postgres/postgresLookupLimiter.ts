import type { Pool } from 'pg';
import type { LookupCounter } from '../requests/lookupCounter';
import { DEFAULT_LOOKUP_LIMITS, LookupLimits, LookupPauses, Pause } from '../requests/lookupLimiter';

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

  /**
   * The three checks of a look-up in one query: each key with its group (0 own, 1 parts, 2 the global
   * key) and, per key, its max-th most recent failure in its group's window (the same rule as pauseOf).
   */
  async checkLookup(own: string[], parts: string[]): Promise<LookupPauses> {
    const now = this.clock();
    const { maxFailures, windowMs, globalMaxFailures, globalWindowMs } = this.limits;
    const keys = [...new Set(own), ...new Set(parts), GLOBAL_KEY];
    const groups = [...new Set(own)].map(() => 0).concat([...new Set(parts)].map(() => 1), [2]);
    const { rows } = await this.pool.query<{ grp: number; at: Date }>({
      name: 'lookup-check',
      text: `SELECT k.grp, max(r.at) AS at
             FROM unnest($1::text[], $2::int[]) AS k(key, grp)
             CROSS JOIN LATERAL (
               SELECT at FROM lookup_failures f
               WHERE f.key = k.key AND f.at > CASE WHEN k.grp = 2 THEN $4::timestamptz ELSE $3::timestamptz END
               ORDER BY f.at DESC
               OFFSET CASE WHEN k.grp = 2 THEN $6::int ELSE $5::int END - 1 LIMIT 1) r
             GROUP BY k.grp`,
      values: [keys, groups, new Date(now - windowMs), new Date(now - globalWindowMs), maxFailures, globalMaxFailures],
    });
    const pause = (grp: number, window: number): Pause => {
      const at = rows.find((row) => row.grp === grp)?.at;
      return at ? { blocked: true, retryAt: new Date(at.getTime() + window) } : { blocked: false };
    };
    return { own: pause(0, windowMs), parts: pause(1, windowMs), global: pause(2, globalWindowMs) };
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
    const { rows } = await this.pool.query<{ at: Date | null }>({
      name: 'lookup-pause',
      text: `SELECT max(at) AS at FROM (
               SELECT at, row_number() OVER (PARTITION BY key ORDER BY at DESC) AS n
               FROM lookup_failures WHERE key = ANY($1::text[]) AND at > $2) recent
             WHERE n = $3`,
      values: [keys, new Date(now - windowMs), max],
    });
    const at = rows[0]?.at;
    return at ? { blocked: true, retryAt: new Date(at.getTime() + windowMs) } : { blocked: false };
  }
}
