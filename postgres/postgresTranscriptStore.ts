import type { Activity, TranscriptLogger } from 'botbuilder';
import type { Pool } from 'pg';
import type { TranscriptLine } from '../bot/journalTranscriptStore';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A conversation's transcript keeps its latest lines only, as the file store does. */
const MAX_LINES = 500;

/**
 * Transcripts in PostgreSQL (table transcript_lines), behind botbuilder's TranscriptLogger as
 * bot/journalTranscriptStore.ts: the lines of a conversation whose turns reached several instances
 * are in one place, for the agent who takes its handoff on any instance. Only message text is
 * kept; `sweep` deletes the lines logged more than TRANSCRIPT_RETENTION_DAYS ago (as the journals do).
 *
 * The middleware logs a turn's activities one after another without waiting: each conversation's
 * lines are written in order through one chain of promises (ids from one sequence give the order).
 */
export class PostgresTranscriptStore implements TranscriptLogger {
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly pool: Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async logActivity(activity: Activity): Promise<void> {
    if (activity.type !== 'message' || !activity.text || !activity.conversation?.id) return;
    const conversationId = activity.conversation.id;
    const at = activity.timestamp ? new Date(activity.timestamp) : this.now();
    const from: TranscriptLine['from'] = activity.from?.role === 'user' ? 'person' : 'bot';
    const loggedAt = this.now();
    const previous = this.writes.get(conversationId) ?? Promise.resolve();
    const next = previous.then(async () => {
      await this.pool.query(
        `WITH added AS (INSERT INTO transcript_lines (conversation_id, at, speaker, text, logged_at) VALUES ($1, $2, $3, $4, $5) RETURNING id)
         DELETE FROM transcript_lines WHERE conversation_id = $1 AND id IN (
           SELECT id FROM transcript_lines WHERE conversation_id = $1 ORDER BY id DESC OFFSET $6)`,
        [conversationId, at, from, activity.text, loggedAt, MAX_LINES - 1],
      );
    });
    const settled = next.catch(() => undefined);
    this.writes.set(conversationId, settled);
    void settled.then(() => this.writes.get(conversationId) === settled && this.writes.delete(conversationId));
    await next;
  }

  async read(conversationId: string): Promise<TranscriptLine[]> {
    await this.writes.get(conversationId);
    const { rows } = await this.pool.query<{ at: Date; speaker: TranscriptLine['from']; text: string }>(
      'SELECT at, speaker, text FROM transcript_lines WHERE conversation_id = $1 ORDER BY id',
      [conversationId],
    );
    return rows.map((r) => ({ at: r.at.toISOString(), from: r.speaker, text: r.text }));
  }

  /** Deletes the lines logged more than `days` days ago; returns how many conversations lost lines. */
  async sweep(days: number): Promise<number> {
    const { rows } = await this.pool.query<{ conversations: number }>(
      `WITH gone AS (DELETE FROM transcript_lines WHERE logged_at < $1 RETURNING conversation_id)
       SELECT count(DISTINCT conversation_id)::int AS conversations FROM gone`,
      [new Date(this.now().getTime() - days * DAY_MS)],
    );
    return rows[0].conversations;
  }
}
