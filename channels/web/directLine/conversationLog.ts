import crypto from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { ActivityListener as Listener, ActivitySet, DirectLineConversations } from './directLineConversations';

export type { ActivitySet } from './directLineConversations';

interface ConversationRecord {
  id: string;
  userId: string;
  locale?: string;
  /** Absolute index of activities[0]: older activities were dropped to stay within the bounds. */
  firstIndex: number;
  activities: Partial<Activity>[];
  /** The serialized size of each kept activity (same order), and their sum. */
  sizes: number[];
  bytes: number;
  lastActive: number;
  started: boolean;
  listeners: Set<Listener>;
}

export interface ConversationLogLimits {
  /** Activities kept per conversation; a client further behind gets the newest ones only. */
  maxActivities: number;
  /**
   * Bytes (UTF-8 JSON) of activities kept per conversation: past it the oldest are dropped, as past
   * maxActivities. With client activities at most 32 KB this is what bounds one conversation.
   */
  maxConversationBytes: number;
  /**
   * Bytes kept over all conversations: past it whole conversations are forgotten, the least recently
   * active with no open stream first. This, not the conversation count, bounds the log's memory.
   */
  maxTotalBytes: number;
  /** Conversations kept at once; the least recently active with no open stream goes first. */
  maxConversations: number;
  /**
   * A conversation untouched (no activity, read or token refresh) for this long is forgotten, unless
   * a stream is open on it: a page left open is still a conversation its user will come back to.
   */
  idleMs: number;
}

export const DEFAULT_LIMITS: ConversationLogLimits = {
  maxActivities: 500,
  maxConversationBytes: 2 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxConversations: 10_000,
  idleMs: 60 * 60 * 1000,
};

/**
 * The built-in Direct Line's memory: each conversation's activities in order, the watermark a
 * client has read to, and the open streams to push new activities to. Kept in memory and bounded
 * (see the limits) because Web Chat only needs the live conversation; the bot's own state and
 * anything a form stores live in DATA_DIR, so a restart loses the transcript on screen, not data.
 * One process's: with DATABASE_URL, postgres/postgresConversationLog.ts keeps them for every instance.
 */
export class ConversationLog implements DirectLineConversations {
  private readonly conversations = new Map<string, ConversationRecord>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly forgetListeners: ((conversationId: string) => void)[] = [];
  private keptBytes = 0;

  /** `clock`: milliseconds now, for the idle limit (tests move it on rather than wait). */
  constructor(
    private readonly limits: ConversationLogLimits = DEFAULT_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(limits.idleMs, 60_000));
    this.sweeper.unref();
  }

  create(userId: string, locale?: string): string {
    const id = crypto.randomBytes(16).toString('base64url');
    if (this.conversations.size >= this.limits.maxConversations) this.evictOldest();
    this.conversations.set(id, { id, userId, locale, firstIndex: 0, activities: [], sizes: [], bytes: 0, lastActive: this.clock(), started: false, listeners: new Set() });
    return id;
  }

  /** Bytes (serialized) of the activities kept over all conversations: never more than maxTotalBytes. */
  get totalBytes(): number {
    return this.keptBytes;
  }

  /** Conversations kept now. */
  get size(): number {
    return this.conversations.size;
  }

  /** Bytes (serialized) of the activities one conversation keeps: never more than maxConversationBytes. */
  bytesOf(conversationId: string): number | undefined {
    return this.conversations.get(conversationId)?.bytes;
  }

  has(conversationId: string): boolean {
    return this.find(conversationId) !== undefined;
  }

  userOf(conversationId: string): { userId: string; locale?: string } | undefined {
    const record = this.find(conversationId);
    return record && { userId: record.userId, locale: record.locale };
  }

  /** True the first time only: the conversation is started once however often a client reconnects. */
  markStarted(conversationId: string): boolean {
    const record = this.find(conversationId);
    if (!record || record.started) return false;
    record.started = true;
    return true;
  }

  /** Appends an activity, giving it a Direct Line id and timestamp, and pushes it to open streams. */
  append(conversationId: string, activity: Partial<Activity>): string | undefined {
    const record = this.find(conversationId);
    if (!record) return undefined;
    const index = record.firstIndex + record.activities.length;
    const id = `${conversationId}|${String(index).padStart(7, '0')}`;
    // The serviceUrl is the bot's (it holds the connector secret): clients never see it.
    const { serviceUrl: _serviceUrl, ...shown } = activity;
    const stored = { ...shown, id, timestamp: activity.timestamp ?? new Date(), conversation: { ...activity.conversation, id: conversationId } } as Partial<Activity>;
    const size = Buffer.byteLength(JSON.stringify(stored));
    record.activities.push(stored);
    record.sizes.push(size);
    record.bytes += size;
    this.keptBytes += size;
    // Oldest first; an activity larger than the whole budget is pushed to open streams but not kept.
    while (record.activities.length > this.limits.maxActivities || (record.bytes > this.limits.maxConversationBytes && record.activities.length > 0)) {
      this.dropOldest(record);
    }
    record.lastActive = this.clock();
    while (this.keptBytes > this.limits.maxTotalBytes && this.evictOldest(record.id));
    const set = { activities: [stored], watermark: String(index + 1) };
    for (const listener of record.listeners) listener(set);
    return id;
  }

  /** The activities after `watermark` (a number the client got from us; anything else means "from the start"). */
  since(conversationId: string, watermark?: string): ActivitySet | undefined {
    const record = this.find(conversationId);
    if (!record) return undefined;
    record.lastActive = this.clock();
    const from = Math.max(Number.parseInt(watermark ?? '', 10) || 0, record.firstIndex);
    return { activities: record.activities.slice(from - record.firstIndex), watermark: String(record.firstIndex + record.activities.length) };
  }

  /**
   * Calls `listener` with every activity appended from now on; returns the unsubscribe function.
   * Given the watermark the caller has read to, what was appended since (while the caller awaited)
   * is sent first.
   */
  subscribe(conversationId: string, listener: Listener, watermark?: string): (() => void) | undefined {
    const record = this.find(conversationId);
    if (!record) return undefined;
    const next = record.firstIndex + record.activities.length;
    if (watermark !== undefined && Number.parseInt(watermark, 10) < next) listener(this.since(conversationId, watermark)!);
    record.listeners.add(listener);
    return () => {
      record.listeners.delete(listener);
      // The idle time starts when the page goes, not when the stream opened.
      record.lastActive = this.clock();
    };
  }

  /** Marks the conversation as in use (a token refresh: the page is still open). */
  touch(conversationId: string): boolean {
    const record = this.find(conversationId);
    if (record) record.lastActive = this.clock();
    return record !== undefined;
  }

  /** Calls `listener` with the id of each conversation forgotten (idle or evicted), to let go of what belongs to it. */
  onForget(listener: (conversationId: string) => void): void {
    this.forgetListeners.push(listener);
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private dropOldest(record: ConversationRecord): void {
    record.activities.shift();
    const size = record.sizes.shift() ?? 0;
    record.bytes -= size;
    this.keptBytes -= size;
    record.firstIndex++;
  }

  private forget(conversationId: string): void {
    const record = this.conversations.get(conversationId);
    if (record) this.keptBytes -= record.bytes;
    this.conversations.delete(conversationId);
    for (const listener of this.forgetListeners) listener(conversationId);
  }

  private find(conversationId: string): ConversationRecord | undefined {
    const record = this.conversations.get(conversationId);
    if (record && record.listeners.size === 0 && this.clock() - record.lastActive > this.limits.idleMs) {
      this.forget(conversationId);
      return undefined;
    }
    return record;
  }

  private sweep(): void {
    for (const id of [...this.conversations.keys()]) this.find(id);
  }

  /**
   * Makes room: the least recently active conversation nobody is watching, or, when every one is
   * watched, the least recently active; never `except`. False when there was none to forget.
   */
  private evictOldest(except?: string): boolean {
    let oldest: ConversationRecord | undefined;
    let oldestUnwatched: ConversationRecord | undefined;
    for (const record of this.conversations.values()) {
      if (record.id === except) continue;
      if (!oldest || record.lastActive < oldest.lastActive) oldest = record;
      if (record.listeners.size === 0 && (!oldestUnwatched || record.lastActive < oldestUnwatched.lastActive)) oldestUnwatched = record;
    }
    const evicted = oldestUnwatched ?? oldest;
    if (evicted) this.forget(evicted.id);
    return evicted !== undefined;
  }
}
