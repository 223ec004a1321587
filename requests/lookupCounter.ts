/**
 * What tracking asks of a look-up limiter: the embedded one (lookupLimiter.ts) answers at once from
 * memory; a shared one (PostgreSQL) answers from the database, so each may return a promise.
 */
export interface LookupCounter {
  check(keys: string[]): LookupCheck | Promise<LookupCheck>;
  recordFailure(keys: string[]): void | Promise<void>;
}

export interface LookupCheck {
  blocked: boolean;
  retryAt?: Date;
}
