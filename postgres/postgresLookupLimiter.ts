import type { Pool } from 'pg';
import { LoopBatch } from '../platform/loopBatch';
import { DEFAULT_LOOKUP_LIMITS, type LookupCounter, type LookupLimits, type LookupPauses, type Pause } from '../requests/lookupCounter';

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
  /** The checks of the moment's look-ups (tracking turns under load), one query for all. */
  private readonly checks = new LoopBatch<{ slots: Slot[]; now: number }, (Date | undefined)[]>((batch) => this.checkAll(batch));

  constructor(
    private readonly pool: Pool,
    limits: Partial<LookupLimits> = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LOOKUP_LIMITS, ...limits };
    this.lastPrune = clock();
  }

  check(keys: string[]): Promise<Pause> {
    return this.pauses([this.keySlot(keys)]).then(([pause]) => pause);
  }

  checkGlobal(): Promise<Pause> {
    return this.pauses([this.globalSlot()]).then(([pause]) => pause);
  }

  /** The three checks of a look-up, in the same query. */
  async checkLookup(own: string[], parts: string[]): Promise<LookupPauses> {
    const [ownPause, partsPause, global] = await this.pauses([this.keySlot(own), this.keySlot(parts), this.globalSlot()]);
    return { own: ownPause, parts: partsPause, global };
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

  private keySlot(keys: string[]): Slot {
    return { keys, max: this.limits.maxFailures, windowMs: this.limits.windowMs };
  }

  private globalSlot(): Slot {
    return { keys: [GLOBAL_KEY], max: this.limits.globalMaxFailures, windowMs: this.limits.globalWindowMs };
  }

  /** Each slot's pause, asked together with the other look-ups' of the moment. */
  private async pauses(slots: Slot[]): Promise<Pause[]> {
    const now = this.clock();
    const found = await this.checks.add({ slots, now });
    return slots.map((slot, i) => (found[i] ? { blocked: true, retryAt: new Date(found[i]!.getTime() + slot.windowMs) } : { blocked: false }));
  }

  /**
   * One query for every slot of every check in the batch: per key, its `max`-th most recent failure
   * within its slot's window; per slot, the latest of those (a pause ends a window after it). A slot
   * with no such failure is not paused.
   */
  private async checkAll(batch: { slots: Slot[]; now: number }[]): Promise<(Date | undefined)[][]> {
    const keys: string[] = [];
    const slotOfKey: number[] = [];
    const maxes: number[] = [];
    const since: Date[] = [];
    for (const { slots, now } of batch) {
      for (const slot of slots) {
        maxes.push(slot.max);
        since.push(new Date(now - slot.windowMs));
        for (const key of new Set(slot.keys)) {
          keys.push(key);
          slotOfKey.push(maxes.length);
        }
      }
    }
    const { rows } = await this.pool.query<{ slot: number; at: Date }>({
      name: 'lookup-check',
      text: `SELECT k.slot, max(r.at) AS at
             FROM unnest($1::text[], $2::int[]) AS k(key, slot)
             JOIN unnest($3::int[], $4::timestamptz[]) WITH ORDINALITY AS s(max, since, slot) ON s.slot = k.slot
             CROSS JOIN LATERAL (
               SELECT at FROM lookup_failures f WHERE f.key = k.key AND f.at > s.since
               ORDER BY f.at DESC OFFSET s.max - 1 LIMIT 1) r
             GROUP BY k.slot`,
      values: [keys, slotOfKey, maxes, since],
    });
    const latest = new Map(rows.map((row) => [Number(row.slot), row.at]));
    let slot = 0;
    return batch.map(({ slots }) => slots.map(() => latest.get(++slot)));
  }
}

/** Keys checked against one rule: paused when one of them has `max` failures within `windowMs`. */
interface Slot {
  keys: string[];
  max: number;
  windowMs: number;
}
