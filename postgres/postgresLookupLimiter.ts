import type { Pool } from 'pg';

/**
 * The tracking look-up limiter's counters in PostgreSQL (table lookup_failures): failures counted
 * by one instance block the next try on any other, and a restart forgets nothing. Same rule as
 * requests/lookupLimiter.ts: at most `maxFailures` failures per key in a sliding window.
 */
export class PostgresLookupLimiter {
  constructor(
    private readonly pool: Pool,
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Whether any of the keys has used up its failures; also when the pause ends. */
  async check(keys: string[]): Promise<{ blocked: boolean; retryAt?: Date }> {
    const now = this.clock();
    // For each key, its maxFailures-th most recent failure in the window: the pause ends a window after it.
    const { rows } = await this.pool.query<{ at: Date }>(
      `SELECT max(at) AS at FROM (
         SELECT key, at, row_number() OVER (PARTITION BY key ORDER BY at DESC) AS n
         FROM lookup_failures WHERE key = ANY($1::text[]) AND at > $2) recent
       WHERE n = $3`,
      [keys, new Date(now - this.windowMs), this.maxFailures],
    );
    const at = rows[0]?.at;
    return at ? { blocked: true, retryAt: new Date(at.getTime() + this.windowMs) } : { blocked: false };
  }

  async recordFailure(keys: string[]): Promise<void> {
    const now = new Date(this.clock());
    await this.pool.query(
      `WITH pruned AS (DELETE FROM lookup_failures WHERE key = ANY($1::text[]) AND at <= $3)
       INSERT INTO lookup_failures (key, at) SELECT unnest($1::text[]), $2`,
      [keys, now, new Date(now.getTime() - this.windowMs)],
    );
  }
}
