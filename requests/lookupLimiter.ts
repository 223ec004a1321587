import { LRUCache } from 'lru-cache';
import { DEFAULT_LOOKUP_LIMITS, type LookupCounter, type LookupLimits, type LookupPauses, type Pause } from './lookupCounter';

/**
 * Counts failed tracking look-ups per key (a user, a conversation, a request number, a verifier, a
 * number with the verifier tried) in a sliding window, and all failures together in a shorter one.
 * The tracking dialog decides what a count means: a client's own keys pause that client; a number or
 * verifier that strangers fail on only slows its look-ups, so the owner with the right details is
 * never locked out.
 *
 * Held in memory, bounded: at most `maxKeys` keys (least recently used forgotten first), each with at
 * most `maxFailures` times, and `globalMaxFailures` times in all. A flood of fresh ids that pushes
 * counts out of memory also trips the global bound. A restart forgets the counts, which at worst gives
 * one more window of tries.
 */
export class LookupLimiter implements LookupCounter {
  readonly limits: LookupLimits;
  private readonly failures: LRUCache<string, number[]>;
  /** The times of the latest failures, across all keys, oldest first (at most globalMaxFailures). */
  private readonly latest: number[] = [];
  private lastPrune: number;

  constructor(limits: Partial<LookupLimits> = {}, private readonly clock: () => number = Date.now) {
    this.limits = { ...DEFAULT_LOOKUP_LIMITS, ...limits };
    this.failures = new LRUCache({ max: this.limits.maxKeys });
    this.lastPrune = clock();
  }

  /** How many keys have failures counted: for tests and monitoring. */
  get size(): number {
    return this.failures.size;
  }

  /** Whether any of the keys has used up its failures; also when the pause ends. */
  check(keys: string[]): Pause {
    const now = this.clock();
    const { maxFailures, windowMs } = this.limits;
    let retryAt: number | undefined;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= maxFailures) retryAt = Math.max(retryAt ?? 0, recent[recent.length - maxFailures] + windowMs);
    }
    return pauseUntil(retryAt);
  }

  /** Whether failed look-ups across all clients have reached the global bound; also when that ends. */
  checkGlobal(): Pause {
    const { globalMaxFailures, globalWindowMs } = this.limits;
    const now = this.clock();
    const busy = this.latest.length >= globalMaxFailures && now - this.latest[0] < globalWindowMs;
    return pauseUntil(busy ? this.latest[0] + globalWindowMs : undefined);
  }

  checkLookup(own: string[], parts: string[]): LookupPauses {
    return { own: this.check(own), parts: this.check(parts), global: this.checkGlobal() };
  }

  recordFailure(keys: string[]): void {
    const now = this.clock();
    this.pruneIfDue(now);
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now].slice(-this.limits.maxFailures));
    this.latest.push(now);
    if (this.latest.length > this.limits.globalMaxFailures) this.latest.shift();
  }

  /** Drops keys with no failure left in the window; at most once per window, so O(keys) per window. */
  private pruneIfDue(now: number): void {
    if (now - this.lastPrune < this.limits.windowMs) return;
    this.lastPrune = now;
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }

  private recent(key: string, now: number): number[] {
    const stored = this.failures.peek(key);
    if (!stored) return [];
    const kept = stored.filter((at) => now - at < this.limits.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== stored.length) this.failures.set(key, kept, { noUpdateTTL: true });
    return kept;
  }
}

function pauseUntil(retryAt: number | undefined): Pause {
  return retryAt === undefined ? { blocked: false } : { blocked: true, retryAt: new Date(retryAt) };
}
