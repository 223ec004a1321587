import crypto from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Pool } from 'pg';
import type { ConversationLogLimits } from '../channels/web/directLine/conversationLog';
import type { ActivityListener, ActivitySet, DirectLineConversations } from '../channels/web/directLine/directLineConversations';
import type { Logger } from '../platform/logger';
import { inTransaction } from './database';
import type { DatabaseListener } from './databaseListener';

/** NOTIFY channel of appended activities; the payload is "<conversation id> <watermark>", the activity stays in the table. */
const CHANNEL = 'directline_activity';

interface Subscriber {
  listener: ActivityListener;
  /** The watermark this subscriber has been sent up to. */
  delivered: number;
  reading: boolean;
  readAgain: boolean;
}

/**
 * The built-in Direct Line's conversations in PostgreSQL (tables directline_conversations and
 * directline_activities), so a Web Chat may reach any instance: a token issued on one, its messages
 * posted through another, the bot's replies appended on a third, and its stream open on a fourth.
 *
 * The same bounds as the memory log (ConversationLog), kept in the database: an append deletes the
 * conversation's oldest activities past maxActivities or maxConversationBytes, in the transaction
 * that appends (the conversation's row is locked, so appends from several instances take turns).
 * The sweep, on each instance every minute, deletes conversations idle past idleMs, then the least
 * recently active past maxConversations or maxTotalBytes. A conversation with a stream open on an
 * instance is touched by that instance's sweep, so it is not idle while its page is open.
 *
 * New activities reach open streams by LISTEN/NOTIFY: the append notifies (at commit) the
 * conversation and its new watermark; each instance's listener reads, for its subscribers on that
 * conversation, what they have not been sent, in order and once each.
 */
export class PostgresConversationLog implements DirectLineConversations {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly forgetListeners: ((conversationId: string) => void)[] = [];
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    listener: DatabaseListener,
    private readonly limits: ConversationLogLimits,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    void listener.on(CHANNEL, (payload) => this.notified(payload));
    // Notifications sent while the listener was disconnected are lost: every open stream reads again.
    listener.onReconnect(() => {
      for (const [conversationId, set] of this.subscribers) for (const subscriber of set) this.read(conversationId, subscriber);
    });
    this.sweeper = setInterval(() => void this.sweep().catch((error: Error) => logger.warn('direct line sweep failed', { error: error.message })), Math.min(limits.idleMs / 2, 60_000));
    this.sweeper.unref();
  }

  async create(userId: string, locale?: string): Promise<string> {
    const id = crypto.randomBytes(16).toString('base64url');
    await this.pool.query('INSERT INTO directline_conversations (id, user_id, locale, last_active) VALUES ($1, $2, $3, $4)', [id, userId, locale ?? null, this.now()]);
    return id;
  }

  async has(conversationId: string): Promise<boolean> {
    return (await this.userOf(conversationId)) !== undefined;
  }

  async userOf(conversationId: string): Promise<{ userId: string; locale?: string } | undefined> {
    const { rows } = await this.pool.query<{ user_id: string; locale: string | null }>(
      'SELECT user_id, locale FROM directline_conversations WHERE id = $1 AND last_active >= $2',
      [conversationId, this.idleBefore()],
    );
    return rows[0] && { userId: rows[0].user_id, ...(rows[0].locale ? { locale: rows[0].locale } : {}) };
  }

  async markStarted(conversationId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE directline_conversations SET started = true WHERE id = $1 AND NOT started AND last_active >= $2', [conversationId, this.idleBefore()]);
    return rowCount === 1;
  }

  async append(conversationId: string, activity: Partial<Activity>): Promise<string | undefined> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ position: string }>(
        'UPDATE directline_conversations SET next_position = next_position + 1, last_active = $3 WHERE id = $1 AND last_active >= $2 RETURNING next_position - 1 AS position',
        [conversationId, this.idleBefore(), this.now()],
      );
      if (rows.length === 0) return undefined;
      const position = Number(rows[0].position);
      const id = `${conversationId}|${String(position).padStart(7, '0')}`;
      // The serviceUrl is the bot's (it holds the connector secret): clients never see it.
      const { serviceUrl: _serviceUrl, ...shown } = activity;
      const stored = { ...shown, id, timestamp: activity.timestamp ?? new Date(), conversation: { ...activity.conversation, id: conversationId } };
      const body = JSON.stringify(stored);
      await client.query('INSERT INTO directline_activities (conversation_id, position, bytes, body) VALUES ($1, $2, $3, $4)', [conversationId, position, Buffer.byteLength(body), body]);
      // Oldest first: what is kept is the newest activities within both bounds, as in memory.
      await client.query(
        `DELETE FROM directline_activities WHERE conversation_id = $1 AND position IN (
           SELECT position FROM (
             SELECT position, sum(bytes) OVER newest AS bytes_from_here, row_number() OVER newest AS rank
             FROM directline_activities WHERE conversation_id = $1
             WINDOW newest AS (ORDER BY position DESC)
           ) kept WHERE bytes_from_here > $2 OR rank > $3)`,
        [conversationId, this.limits.maxConversationBytes, this.limits.maxActivities],
      );
      await client.query('UPDATE directline_conversations SET bytes = (SELECT coalesce(sum(bytes), 0) FROM directline_activities WHERE conversation_id = $1) WHERE id = $1', [conversationId]);
      // Sent at commit, to every instance (this one too): the id and the new watermark, not the activity.
      await client.query('SELECT pg_notify($1, $2)', [CHANNEL, `${conversationId} ${position + 1}`]);
      return id;
    });
  }

  async since(conversationId: string, watermark?: string): Promise<ActivitySet | undefined> {
    const from = Math.max(Number.parseInt(watermark ?? '', 10) || 0, 0);
    if (!(await this.touch(conversationId))) return undefined;
    // One plain SELECT, so the watermark and the activities are of one snapshot. (An UPDATE … RETURNING
    // would wait for an append in progress and return its watermark without its activity.)
    const { rows } = await this.pool.query<{ next_position: string; body: Partial<Activity> | null }>(
      `SELECT c.next_position, a.body FROM directline_conversations c
       LEFT JOIN directline_activities a ON a.conversation_id = c.id AND a.position >= $2
       WHERE c.id = $1
       ORDER BY a.position`,
      [conversationId, from],
    );
    if (rows.length === 0) return undefined;
    return { activities: rows.filter((r) => r.body !== null).map((r) => r.body!), watermark: rows[0].next_position };
  }

  subscribe(conversationId: string, listener: ActivityListener, watermark?: string): () => void {
    const subscriber: Subscriber = { listener, delivered: Number.parseInt(watermark ?? '', 10) || 0, reading: false, readAgain: false };
    const set = this.subscribers.get(conversationId) ?? new Set();
    set.add(subscriber);
    this.subscribers.set(conversationId, set);
    // What was appended between the caller's read and now was notified before this subscriber was here.
    this.read(conversationId, subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.subscribers.get(conversationId) === set) this.subscribers.delete(conversationId);
      // The idle time starts when the page goes, not when the stream opened.
      void this.touch(conversationId).catch(() => undefined);
    };
  }

  async touch(conversationId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE directline_conversations SET last_active = $2 WHERE id = $1 AND last_active >= $3', [conversationId, this.now(), this.idleBefore()]);
    return rowCount === 1;
  }

  onForget(listener: (conversationId: string) => void): void {
    this.forgetListeners.push(listener);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.subscribers.clear();
  }

  /**
   * Deletes conversations idle past idleMs, then the least recently active past maxConversations or
   * maxTotalBytes (their activities and files go with them); returns how many went. Conversations
   * with a stream open here are touched first.
   */
  async sweep(): Promise<number> {
    const watched = [...this.subscribers.keys()];
    if (watched.length > 0) await this.pool.query('UPDATE directline_conversations SET last_active = $2 WHERE id = ANY($1::text[]) AND last_active >= $3', [watched, this.now(), this.idleBefore()]);
    const { rows } = await this.pool.query<{ id: string }>(
      `DELETE FROM directline_conversations WHERE last_active < $1 OR id IN (
         SELECT id FROM (
           SELECT id, row_number() OVER newest AS rank, sum(bytes) OVER newest AS bytes_so_far
           FROM directline_conversations WINDOW newest AS (ORDER BY last_active DESC, id)
         ) kept WHERE rank > $2 OR bytes_so_far > $3)
       RETURNING id`,
      [this.idleBefore(), this.limits.maxConversations, this.limits.maxTotalBytes],
    );
    for (const { id } of rows) for (const listener of this.forgetListeners) listener(id);
    return rows.length;
  }

  private notified(payload: string): void {
    const [conversationId, watermark] = payload.split(' ');
    const set = this.subscribers.get(conversationId);
    if (!set) return;
    for (const subscriber of set) if (subscriber.delivered < Number(watermark)) this.read(conversationId, subscriber);
  }

  /** Sends one subscriber what it has not been sent; reads for one subscriber never overlap, so nothing goes twice. */
  private read(conversationId: string, subscriber: Subscriber): void {
    if (subscriber.reading) return void (subscriber.readAgain = true);
    subscriber.reading = true;
    void (async () => {
      do {
        subscriber.readAgain = false;
        const set = await this.since(conversationId, String(subscriber.delivered)).catch((error: Error) => {
          this.logger.warn('direct line stream could not read new activities', { error: error.message });
          return undefined;
        });
        if (set && set.activities.length > 0 && this.subscribers.get(conversationId)?.has(subscriber)) {
          subscriber.delivered = Number(set.watermark);
          subscriber.listener(set);
        }
      } while (subscriber.readAgain);
      subscriber.reading = false;
    })();
  }

  private now(): Date {
    return new Date(this.clock());
  }

  private idleBefore(): Date {
    return new Date(this.clock() - this.limits.idleMs);
  }
}
