import crypto from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { Activity, ActivityTypes, TranscriptLogger } from 'botbuilder';
import { AppendOnlyFile } from '../platform/appendOnlyFile';
import { IsoInstants } from '../platform/isoInstants';
import { makePrivateDir } from '../platform/privateFiles';

export interface TranscriptLine {
  at: string;
  from: 'person' | 'bot';
  text: string;
}

/** A line as the journal holds it: the conversation by its id's hash, never the id itself. */
interface JournalLine extends TranscriptLine {
  c: string;
}

/** A conversation as its lines are filed: its id's hash, and the shard of the day's journals that holds them. */
interface FiledConversation {
  c: string;
  shard: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A transcript read for staff keeps its latest lines only. */
const MAX_LINES = 500;
/**
 * Conversations are spread over this many journal files a day: a read scans one of them, and the
 * turns of a busy moment still share each file's writes.
 */
const SHARDS = 16;
const DAY_FOLDER = /^\d{4}-\d{2}-\d{2}$/;
/** Conversation ids whose hashes are kept: the conversations of a busy hour, a few hundred kilobytes. */
const MAX_HASHES_KEPT = 10_000;

/**
 * The conversation so far, for staff taking a handoff: botbuilder's TranscriptLogger seam (under
 * TranscriptLoggerMiddleware). Lines are appended to journals under DATA_DIR/transcripts, one folder
 * a day and, inside it, one file per shard of conversations (by the id's hash): a turn costs an
 * append that it shares with the turns beside it (group commit), instead of rewriting a file of its
 * own, and keeping lines TRANSCRIPT_RETENTION_DAYS is deleting the folders of older days. Only
 * message text is kept, stored as said (staff see it masked until a case is claimed).
 */
export class JournalTranscriptStore implements TranscriptLogger {
  private files = new Map<string, AppendOnlyFile>();
  /** The journals of the day being written (among `files`), by shard: most lines go to one of them. */
  private todays: (AppendOnlyFile | undefined)[] = [];
  private day = '';
  private dayFolder: Promise<void> = Promise.resolve();
  /** Whether the day's folder is made, so that a line goes straight to its journal. */
  private dayFolderMade = false;
  /** The hashes and shards of the conversations logged lately: a conversation's turns come one after another. */
  private readonly filed = new Map<string, FiledConversation>();
  /** The lines' instants in their ISO form, and the clock's day: a turn's lines fall on the same day, often in the same millisecond. */
  private readonly instants = new IsoInstants();
  /** Lines waiting for the day's folder: `close` waits for them, and later lines go after them. */
  private readonly waitingForFolder = new Set<Promise<void>>();

  constructor(
    private readonly directory: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  logActivity(activity: Activity): Promise<void> {
    if (activity.type !== ActivityTypes.Message || !activity.text || !activity.conversation?.id) return Promise.resolve();
    const conversation = this.filedAs(activity.conversation.id);
    const text = lineOf({ c: conversation.c, at: this.isoOf(activity.timestamp ? activity.timestamp : this.now()), from: activity.from?.role === 'user' ? 'person' : 'bot', text: activity.text });
    const today = this.dayNow();
    if (today === this.day && this.dayFolderMade && this.waitingForFolder.size === 0) return this.journal(today, conversation.shard).append(text);
    return this.afterDayFolder(today, () => this.journal(today, conversation.shard).append(text));
  }

  /** The conversation's lines, oldest first, from every day still kept. */
  async read(conversationId: string): Promise<TranscriptLine[]> {
    const c = hashOf(conversationId);
    // Lines of this conversation still being written are waited for, so a read sees every line logged before it.
    await Promise.allSettled([...this.waitingForFolder]);
    await this.files.get(shardFile(this.day, shardOf(c)))?.append('');
    const lines: TranscriptLine[] = [];
    for (const day of await this.days()) {
      const file = path.join(this.directory, shardFile(day, shardOf(c)));
      for await (const line of readLines(file)) {
        const stored = parseLine(line);
        if (stored?.c === c) lines.push({ at: stored.at, from: stored.from, text: stored.text });
        if (lines.length > 2 * MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
      }
    }
    return lines.slice(-MAX_LINES);
  }

  /** Deletes the lines written more than `days` days ago (whole days' folders); returns how many folders went. */
  async sweep(days: number): Promise<number> {
    const cutoff = dayOf(new Date(this.now().getTime() - days * DAY_MS));
    let removed = 0;
    for (const day of await this.days()) {
      if (day >= cutoff) continue;
      // The day being written goes only when the clock has moved past it: its files are closed, and the next line starts a new day.
      if (day === this.day) await this.close();
      await rm(path.join(this.directory, day), { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }

  /** Waits for every line logged, then closes the journals. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.waitingForFolder]);
    const files = [...this.files.values()];
    this.files = new Map();
    this.todays = [];
    this.day = '';
    await Promise.all(files.map((file) => file.close()));
  }

  /** The UTC day of the clock's time, named once for all the lines of the day. */
  private dayNow(): string {
    return this.instants.dayOf(this.now());
  }

  private filedAs(conversationId: string): FiledConversation {
    let filed = this.filed.get(conversationId);
    if (filed === undefined) {
      if (this.filed.size >= MAX_HASHES_KEPT) this.filed.clear();
      const c = hashOf(conversationId);
      this.filed.set(conversationId, (filed = { c, shard: shardOf(c) }));
    }
    return filed;
  }

  /** The instant as JSON.stringify writes a Date (toISOString). */
  private isoOf(instant: Date): string {
    // A timestamp that is not a Date (none from our adapter) takes the long way, throwing as it did for an invalid one.
    if (!(instant instanceof Date)) return new Date(instant).toISOString();
    return this.instants.of(instant);
  }

  /** Starts the day when the clock has moved to a new one, and runs `write` once its folder is made. */
  private afterDayFolder(today: string, write: () => Promise<void>): Promise<void> {
    if (today !== this.day) this.startDay(today);
    const written = this.dayFolder.then(write);
    this.waitingForFolder.add(written);
    const forget = () => void this.waitingForFolder.delete(written);
    written.then(forget, forget);
    return written;
  }

  /** A new day: yesterday's journals are finished; new lines go to today's folder. */
  private startDay(today: string): void {
    const finished = [...this.files.values()];
    this.files = new Map();
    this.todays = [];
    this.day = today;
    void Promise.all(finished.map((file) => file.close()));
    const folder = makePrivateDir(path.join(this.directory, today));
    this.dayFolder = folder;
    this.dayFolderMade = false;
    folder.then(() => void (this.dayFolder === folder && (this.dayFolderMade = true)), () => undefined);
  }

  private journal(day: string, shard: number): AppendOnlyFile {
    const today = day === this.day;
    if (today && this.todays[shard]) return this.todays[shard];
    const name = shardFile(day, shard);
    let file = this.files.get(name);
    if (!file) {
      file = new AppendOnlyFile(path.join(this.directory, name));
      this.files.set(name, file);
    }
    if (today) this.todays[shard] = file;
    return file;
  }

  private async days(): Promise<string[]> {
    try {
      return (await readdir(this.directory)).filter((name) => DAY_FOLDER.test(name)).sort();
    } catch {
      return [];
    }
  }
}

/**
 * A line as JSON.stringify writes it, with only the text escaped: the hash is hex, the instant an
 * ISO string and the speaker a fixed word, none of which JSON escapes.
 */
function lineOf(line: JournalLine): string {
  if (typeof line.text !== 'string') return JSON.stringify(line) + '\n';
  return `{"c":"${line.c}","at":"${line.at}","from":"${line.from}","text":${JSON.stringify(line.text)}}\n`;
}

const hashOf = (conversationId: string) => crypto.createHash('sha256').update(conversationId).digest('hex').slice(0, 40);
const shardOf = (c: string) => parseInt(c.slice(0, 4), 16) % SHARDS;
const shardFile = (day: string, shard: number) => path.join(day, `${shard.toString().padStart(2, '0')}.jsonl`);
/** The UTC day, as the journals' folders are named. */
const dayOf = (instant: Date) => instant.toISOString().slice(0, 10);

/** A line as written, or nothing for a line a power cut left half-written. */
function parseLine(line: string): JournalLine | undefined {
  try {
    return JSON.parse(line) as JournalLine;
  } catch {
    return undefined;
  }
}

async function* readLines(file: string): AsyncGenerator<string> {
  const stream = createReadStream(file, 'utf8');
  try {
    yield* readline.createInterface({ input: stream, crlfDelay: Infinity });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  } finally {
    stream.destroy();
  }
}
