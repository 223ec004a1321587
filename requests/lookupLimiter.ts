/**
 * Counts failed tracking look-ups per key (a user, a conversation, a request number, a verifier)
 * in a sliding window, so nobody can try request numbers or IDs one after another. Held in memory:
 * a restart forgets the counts, which at worst gives one more window of five tries. Keys whose
 * failures have all left the window are dropped once per window, so the map holds at most one
 * window's failures however long the service runs.
 */
export class LookupLimiter {
  private readonly failures = new Map<string, number[]>();
  private lastPrune: number;

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly clock: () => number = Date.now,
  ) {
    this.lastPrune = clock();
  }

  /** How many keys have failures counted: for tests and monitoring. */
  get size(): number {
    return this.failures.size;
  }

  /** Whether any of the keys has used up its failures; also when the pause ends. */
  check(keys: string[]): { blocked: boolean; retryAt?: Date } {
    const now = this.clock();
    let retryAt: number | undefined;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.maxFailures) retryAt = Math.max(retryAt ?? 0, recent[recent.length - this.maxFailures] + this.windowMs);
    }
    return retryAt === undefined ? { blocked: false } : { blocked: true, retryAt: new Date(retryAt) };
  }

  recordFailure(keys: string[]): void {
    const now = this.clock();
    this.pruneIfDue(now);
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
  }

  /** Drops keys with no failure left in the window; at most once per window, so O(keys) per 15 minutes. */
  private pruneIfDue(now: number): void {
    if (now - this.lastPrune < this.windowMs) return;
    this.lastPrune = now;
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }
}
