import type { LookupLimits, LookupPauses, Pause } from './lookupLimiter';

/**
 * What tracking asks of a look-up limiter (the rules are in dialogs/forms/verifiedLookup.ts): the
 * embedded one (lookupLimiter.ts) answers at once from memory; the shared one
 * (postgres/postgresLookupLimiter.ts) counts in the database, so that every instance sees the
 * failures counted by the others, and returns promises.
 */
export interface LookupCounter {
  readonly limits: LookupLimits;
  /** Whether any of the keys has used up its failures; also when the pause ends. */
  check(keys: string[]): Pause | Promise<Pause>;
  /** Whether failed look-ups across all clients have reached the global bound; also when that ends. */
  checkGlobal(): Pause | Promise<Pause>;
  /**
   * The three checks a look-up makes before it runs, at once: `check(own)`, `check(parts)` and
   * `checkGlobal()`. The shared limiter answers them in one query, as every look-up asks all three.
   */
  checkLookup(own: string[], parts: string[]): LookupPauses | Promise<LookupPauses>;
  recordFailure(keys: string[]): void | Promise<void>;
}
