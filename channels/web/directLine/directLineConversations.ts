import type { Activity } from 'botbuilder';

/** What a Direct Line client receives: activities after its watermark, and the new watermark. */
export interface ActivitySet {
  activities: Partial<Activity>[];
  watermark: string;
}

export type ActivityListener = (set: ActivitySet) => void;

type Awaitable<T> = T | Promise<T>;

/**
 * Where the built-in Direct Line keeps its conversations and their activities: in this process's
 * memory (ConversationLog, one instance) or in PostgreSQL (postgres/postgresConversationLog.ts,
 * shared by every instance on DATABASE_URL). Callers always await: the memory log answers at once.
 */
export interface DirectLineConversations {
  create(userId: string, locale?: string): Awaitable<string>;
  has(conversationId: string): Awaitable<boolean>;
  userOf(conversationId: string): Awaitable<{ userId: string; locale?: string } | undefined>;
  /** True the first time only: the conversation is started once however often a client reconnects. */
  markStarted(conversationId: string): Awaitable<boolean>;
  /** Appends an activity, giving it a Direct Line id and timestamp; undefined when the conversation is unknown. */
  append(conversationId: string, activity: Partial<Activity>): Awaitable<string | undefined>;
  /** The activities after `watermark` (a number the client got from us; anything else means "from the start"). */
  since(conversationId: string, watermark?: string): Awaitable<ActivitySet | undefined>;
  /**
   * Calls `listener` with the activities appended after `watermark` (the one the caller's backlog
   * ended at), each once and in order, wherever they were appended; returns the unsubscribe function.
   */
  subscribe(conversationId: string, listener: ActivityListener, watermark?: string): (() => void) | undefined;
  /** Marks the conversation as in use (a token refresh: the page is still open). */
  touch(conversationId: string): Awaitable<boolean>;
  /** Calls `listener` with the id of each conversation forgotten (idle or evicted), to let go of what belongs to it. */
  onForget(listener: (conversationId: string) => void): void;
  close(): void;
}
