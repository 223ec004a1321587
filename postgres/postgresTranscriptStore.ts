import type { Activity, TranscriptLogger } from 'botbuilder';
import type { Pool } from 'pg';
import type { TranscriptLine } from '../bot/journalTranscriptStore';
import { settlement } from '../platform/settlement';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A conversation's transcript keeps its latest lines only, as the file store does. */
const MAX_LINES = 500;

/** A conversation's lines are trimmed to MAX_LINES once in this many lines it logs here. */
const TRIM_EVERY = 50;

interface Line {
  conversationId: string;
  at: Date;
  from: TranscriptLine['from'];
  text: string;
  loggedAt: Date;
}

/**
 * Transcripts in PostgreSQL (table transcript_lines), behind botbuilder's TranscriptLogger as
 * bot/journalTranscriptStore.ts: the lines of a conversation whose turns reached several instances
 * are in one place, for the agent who takes its handoff on any instance. Only message text is
 * kept; `sweep` deletes the lines logged more than TRANSCRIPT_RETENTION_DAYS ago (as the journals do).
 *
 * Group commit: the lines logged while the previous INSERT is in flight (a person's message and the
 * bot's replies, across every conversation in flight) wait together and go in the next one, so a busy
 * moment makes bigger INSERTs, never a queue of small ones; one INSERT at a time, so ids from the
 * sequence keep every conversation's order. A conversation is trimmed to its latest MAX_LINES lines
 * with the batch that holds its first line here and then every TRIM_EVERY lines, so a long conversation
 * may hold a few more lines for a moment, never many.
 */
export class PostgresTranscriptStore implements TranscriptLogger {
  /** The lines waiting for the next INSERT, and the promise their callers wait on. */
  private waiting: { lines: Line[]; done: Promise<void>; settle: (error?: unknown) => void } | undefined;
  private inFlight: Promise<void> | undefined;
  /** Lines each conversation logged here since its last trim (dropped with the trim). */
  private readonly sinceTrim = new Map<string, number>();

  constructor(
    private readonly pool: Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  logActivity(activity: Activity): Promise<void> {
    if (activity.type !== 'message' || !activity.text || !activity.conversation?.id) return Promise.resolve();
    const line: Line = {
      conversationId: activity.conversation.id,
      at: activity.timestamp ? new Date(activity.timestamp) : this.now(),
      from: activity.from?.role === 'user' ? 'person' : 'bot',
      text: activity.text,
      loggedAt: this.now(),
    };
    if (!this.waiting) {
      this.waiting = { lines: [], ...settlement() };
      // The rest of this event-loop turn's lines join it; with an INSERT in flight, its end sends them.
      if (!this.inFlight) setImmediate(() => this.flush());
    }
    this.waiting.lines.push(line);
    return this.waiting.done;
  }

  private flush(): void {
    const batch = this.waiting;
    if (!batch || this.inFlight) return;
    this.waiting = undefined;
    this.inFlight = this.insert(batch.lines).then(
      () => batch.settle(),
      (error) => batch.settle(error ?? new Error('transcript lines not written')),
    );
    void this.inFlight.then(() => {
      this.inFlight = undefined;
      this.flush();
    });
  }

  private async insert(lines: Line[]): Promise<void> {
    const trim = new Set<string>();
    for (const { conversationId } of lines) {
      const count = this.sinceTrim.get(conversationId);
      if (count === undefined || count + 1 >= TRIM_EVERY) {
        trim.add(conversationId);
        this.sinceTrim.set(conversationId, 0);
      } else this.sinceTrim.set(conversationId, count + 1);
    }
    // Conversations this instance no longer hears from are forgotten, trimmed again if they come back.
    if (this.sinceTrim.size > 10_000) this.sinceTrim.clear();
    await this.pool.query({
      name: 'transcript-insert',
      text: `WITH added AS (
               INSERT INTO transcript_lines (conversation_id, at, speaker, text, logged_at)
               SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::timestamptz[]) RETURNING id)
             DELETE FROM transcript_lines t WHERE t.conversation_id = ANY($6::text[]) AND t.id IN (
               SELECT id FROM transcript_lines WHERE conversation_id = t.conversation_id ORDER BY id DESC OFFSET $7)`,
      values: [
        lines.map((l) => l.conversationId),
        lines.map((l) => l.at),
        lines.map((l) => l.from),
        lines.map((l) => l.text),
        lines.map((l) => l.loggedAt),
        [...trim],
        MAX_LINES - 1,
      ],
    });
  }

  async read(conversationId: string): Promise<TranscriptLine[]> {
    await this.written();
    const { rows } = await this.pool.query<{ at: Date; speaker: TranscriptLine['from']; text: string }>(
      // The latest MAX_LINES: a conversation may hold a few more between two trims.
      'SELECT at, speaker, text FROM (SELECT id, at, speaker, text FROM transcript_lines WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2) latest ORDER BY id',
      [conversationId, MAX_LINES],
    );
    return rows.map((r) => ({ at: r.at.toISOString(), from: r.speaker, text: r.text }));
  }

  /** Waits for every line logged so far (the turns that just ended log theirs after answering): before the pool closes. */
  close(): Promise<void> {
    return this.written();
  }

  private async written(): Promise<void> {
    while (this.waiting || this.inFlight) await (this.waiting?.done ?? this.inFlight)!.catch(() => undefined);
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
