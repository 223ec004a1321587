export interface LookupLimits {
  /** Failures of one key in the window that pause it. */
  maxFailures: number;
  windowMs: number;
  /** Keys remembered at most; beyond this the least recently used are forgotten, so memory is bounded whatever is sent. */
  maxKeys: number;
  /** Failed look-ups across all clients in `globalWindowMs` beyond which every failing look-up is answered "paused". */
  globalMaxFailures: number;
  globalWindowMs: number;
  /** How long a look-up waits before it is answered while what it looks up (or the whole service) is under guessing. */
  slowdownMs: number;
}

export const DEFAULT_LOOKUP_LIMITS: LookupLimits = {
  maxFailures: 5,
  windowMs: 15 * 60 * 1000,
  maxKeys: 100_000,
  globalMaxFailures: 300,
  globalWindowMs: 60 * 1000,
  slowdownMs: 1000,
};

export interface Pause {
  blocked: boolean;
  retryAt?: Date;
}

/** Everything one look-up must know before it runs (see LookupCounter.checkLookup). */
export interface LookupPauses {
  /** The client's own keys (its ids, the pair it tried): paused means refused. */
  own: Pause;
  /** The number and verifier looked up: under guessing means slowed. */
  parts: Pause;
  /** Failures across all clients: past the bound means slowed. */
  global: Pause;
}

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
