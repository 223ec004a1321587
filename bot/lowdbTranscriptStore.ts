import crypto from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Activity, ActivityTypes, TranscriptLogger } from 'botbuilder';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

export interface TranscriptLine {
  at: string;
  from: 'person' | 'bot';
  text: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A conversation's transcript keeps its latest lines only. */
const MAX_LINES = 500;

/**
 * The conversation so far, for staff taking a handoff: botbuilder's TranscriptLogger seam (under
 * TranscriptLoggerMiddleware), one lowdb file per conversation under DATA_DIR/transcripts, named by
 * the id's hash. Only message text is kept, stored as said (staff see it masked until a case is
 * claimed); files untouched for TRANSCRIPT_RETENTION_DAYS are deleted by `sweep`.
 */
export class LowdbTranscriptStore implements TranscriptLogger {
  private readonly open = new Map<string, Promise<Low<{ lines: TranscriptLine[] }>>>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, TranscriptLine[]>();

  constructor(
    private readonly directory: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private fileOf(conversationId: string): string {
    return path.join(this.directory, `${crypto.createHash('sha256').update(conversationId).digest('hex').slice(0, 40)}.json`);
  }

  private db(conversationId: string): Promise<Low<{ lines: TranscriptLine[] }>> {
    let db = this.open.get(conversationId);
    if (!db) {
      db = (async () => {
        await mkdir(this.directory, { recursive: true, mode: 0o700 });
        const low = new Low(new JSONFile<{ lines: TranscriptLine[] }>(this.fileOf(conversationId)), { lines: [] });
        await low.read();
        low.data ??= { lines: [] };
        return low;
      })();
      this.open.set(conversationId, db);
      // Kept open only for a while: a busy server has many conversations.
      if (this.open.size > 1000) this.open.delete(this.open.keys().next().value!);
    }
    return db;
  }

  async logActivity(activity: Activity): Promise<void> {
    if (activity.type !== ActivityTypes.Message || !activity.text || !activity.conversation?.id) return;
    const conversationId = activity.conversation.id;
    const line: TranscriptLine = { at: (activity.timestamp ? new Date(activity.timestamp) : this.now()).toISOString(), from: activity.from?.role === 'user' ? 'person' : 'bot', text: activity.text };
    // One write at a time per conversation, in order. The middleware logs a turn's activities one
    // after another without waiting, so the lines are gathered first and a turn costs one write.
    const pending = this.pending.get(conversationId) ?? [];
    pending.push(line);
    this.pending.set(conversationId, pending);
    const previous = this.writes.get(conversationId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const lines = this.pending.get(conversationId);
      if (!lines?.length) return;
      this.pending.delete(conversationId);
      const db = await this.db(conversationId);
      db.data.lines.push(...lines);
      if (db.data.lines.length > MAX_LINES) db.data.lines.splice(0, db.data.lines.length - MAX_LINES);
      await db.write();
    });
    const settled = next.catch(() => undefined);
    this.writes.set(conversationId, settled);
    // Forgotten once written, so a conversation seen once does not stay in memory.
    void settled.then(() => this.writes.get(conversationId) === settled && this.writes.delete(conversationId));
    await next;
  }

  async read(conversationId: string): Promise<TranscriptLine[]> {
    await this.writes.get(conversationId);
    try {
      const stored = JSON.parse(await readFile(this.fileOf(conversationId), 'utf8')) as { lines?: TranscriptLine[] };
      return stored.lines ?? [];
    } catch {
      return [];
    }
  }

  /** Deletes the transcripts of conversations silent for longer than `days`. */
  async sweep(days: number): Promise<number> {
    let removed = 0;
    let files: string[];
    try {
      files = await readdir(this.directory);
    } catch {
      return 0;
    }
    const cutoff = this.now().getTime() - days * DAY_MS;
    for (const file of files) {
      const full = path.join(this.directory, file);
      if ((await stat(full)).mtimeMs < cutoff) {
        await rm(full, { force: true });
        removed += 1;
      }
    }
    if (removed) this.open.clear();
    return removed;
  }
}
