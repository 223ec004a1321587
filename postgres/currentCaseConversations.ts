import type { Pool } from 'pg';
import type { Logger } from '../platform/logger';
import type { DatabaseListener } from './databaseListener';

/** What every instance NOTIFYs when a conversation gets a current case; the payload is the conversation id. */
export const CURRENT_CASE_CHANNEL = 'handoff_current';
const RETRY_LOAD_MS = 5000;
/** A case the person is still in (staff/handoffQueue.ts isCurrent, in SQL). */
const CURRENT_CASE_SQL = `status IN ('waiting', 'assigned') OR (status = 'resolved' AND body->>'feedback' IN ('rating', 'comment'))`;

/**
 * The conversations that may have a current handoff case (waiting, with an officer, or feedback still
 * to give), so that the question every message asks, "is this person with an officer?", costs no
 * query for the many conversations that never asked for one.
 *
 * Conservative by construction: a conversation is forgotten only when a look-up found no current case
 * and none was raised for it since that look-up began; and until the first load, and from the moment
 * the listener loses its connection until it is back and the set reloaded, every conversation "may
 * have" one, so the look-up is made as before. Filled from the database at start and after each
 * reconnection, from this instance's cases before they are stored, and from other instances' through
 * a NOTIFY sent in the statement that stores the case, which arrives with its commit: before the
 * person has read the reply that tells them they are in the queue.
 */
export class CurrentCaseConversations {
  /** Conversation → the generation at which a case was last raised for it. */
  private readonly known = new Map<string, number>();
  private generation = 0;
  private loaded = false;
  /** Counts the listener's disconnections: a load that saw one happen while it ran proves nothing. */
  private losses = 0;
  private retry: NodeJS.Timeout | undefined;
  /** The LISTEN: a load before it is in place could miss a case raised between its query and the LISTEN. */
  private readonly listening: Promise<void>;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly listener: DatabaseListener,
    private readonly logger: Logger,
  ) {
    this.listening = listener.on(CURRENT_CASE_CHANNEL, (conversationId) => this.raised(conversationId));
    listener.onLost(() => {
      this.losses++;
      this.loaded = false;
    });
    listener.onReconnect(() => void this.load());
  }

  /** False only when the conversation surely has no current case. */
  mayHave(conversationId: string): boolean {
    return !(this.loaded && this.listener.listening) || this.known.has(conversationId);
  }

  /** A case became current for the conversation (raised here, or notified by any instance). */
  raised(conversationId: string): void {
    this.known.set(conversationId, ++this.generation);
  }

  /** Taken before a look-up, and handed to `nothingCurrent` after it. */
  ticket(): number {
    return this.generation;
  }

  /** The look-up that began at `ticket` found no current case: forgotten, unless one was raised since. */
  nothingCurrent(conversationId: string, ticket: number): void {
    if ((this.known.get(conversationId) ?? 0) <= ticket) this.known.delete(conversationId);
  }

  /** Reads every conversation with a current case; trusted once read (cases raised meanwhile are kept). */
  async load(): Promise<void> {
    clearTimeout(this.retry);
    await this.listening;
    const losses = this.losses;
    const from = this.generation;
    try {
      const { rows } = await this.pool.query<{ conversation_id: string }>(`SELECT DISTINCT conversation_id FROM handoff_cases WHERE ${CURRENT_CASE_SQL}`);
      // What the database says now, and what was raised while it was asked; the rest (cases long over
      // in conversations that never wrote again) goes, so the set stays the size of the current cases.
      for (const [conversationId, at] of this.known) if (at <= from) this.known.delete(conversationId);
      for (const row of rows) this.raised(row.conversation_id);
      if (losses === this.losses) this.loaded = true;
    } catch (error) {
      this.logger.warn('current handoff cases not read; every message asks the queue until they are', { error: (error as Error).message });
      if (!this.closed) {
        this.retry = setTimeout(() => void this.load(), RETRY_LOAD_MS);
        this.retry.unref();
      }
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
  }
}
