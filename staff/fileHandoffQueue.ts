import crypto from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppendOnlyFile } from '../platform/appendOnlyFile';
import { parseJsonLines } from '../platform/jsonLines';
import { makePrivateDir, PrivateJSONFile, replaceFile } from '../platform/privateFiles';
import { HandoffCase, HandoffQueue, HandoffStatus, isCurrent, NewCase, QueueStanding } from './handoffQueue';
import { QueueStandingIndex } from './queueStandingIndex';

const JOURNAL = 'cases.jsonl';
/** Where the queue was kept before the journal (one lowdb JSON file, rewritten whole at every change): read once, then removed. */
const EARLIER_FILE = 'cases.json';
/** The journal is written afresh once it holds this much more than its cases: every case once. */
const COMPACT_SLACK_BYTES = 1024 * 1024;

/**
 * The handoff queue in DATA_DIR/handoff/cases.jsonl, so the queue survives a restart: each change
 * appends the case as it now is, one JSON line, and the last line of a case is the case. A change
 * costs what the case is, not what the desk's whole history is (a file rewritten at every relayed
 * message took ~0.36 s with 10,000 cases kept). The journal is written afresh, every case once, when
 * it holds more than twice its cases (at start-up or as it grows). A line cut short by a crash is skipped:
 * the change in flight is lost, never an earlier one.
 *
 * Every change runs on a single chain of promises: one at a time, each written before the next
 * starts and before it is seen, so two claims on one case can never both succeed, and a change that
 * could not be written is not kept.
 */
export class FileHandoffQueue implements HandoffQueue {
  private readonly byId = new Map<string, HandoffCase>();
  private readonly latest = new Map<string, string>();
  private chain: Promise<unknown> = Promise.resolve();
  private journal: AppendOnlyFile;
  /** Bytes of each case's last line, and of the journal as it stands: when to write it afresh. */
  private readonly lineBytes = new Map<string, number>();
  private liveBytes = 0;
  private journalBytes = 0;
  private readonly standings = new QueueStandingIndex();

  private constructor(private readonly directory: string) {
    this.journal = new AppendOnlyFile(path.join(directory, JOURNAL));
  }

  static async open(directory: string): Promise<FileHandoffQueue> {
    await makePrivateDir(directory);
    const queue = new FileHandoffQueue(directory);
    const earlier = await readEarlierFile(path.join(directory, EARLIER_FILE));
    for (const stored of earlier ?? []) queue.remember(stored);
    const { cases, bytes } = await readJournal(path.join(directory, JOURNAL));
    for (const stored of cases) queue.remember(stored);
    queue.journalBytes = bytes;
    if (earlier) {
      // The earlier file goes only once the journal holds its cases.
      await queue.compact();
      await rm(path.join(directory, EARLIER_FILE), { force: true });
    } else if (queue.tooLong()) await queue.compact().catch(() => undefined);
    return queue;
  }

  /** Takes a case as stored; `lineBytes`, its journal line's length, when known. */
  private remember(stored: HandoffCase, lineBytes = Buffer.byteLength(JSON.stringify(stored)) + 1): void {
    this.liveBytes += lineBytes - (this.lineBytes.get(stored.id) ?? 0);
    this.lineBytes.set(stored.id, lineBytes);
    // A conversation's latest case is the one added last, whichever changed last (an older case's
    // files deleted, a late rating), as cases are first met in the order they were added.
    if (!this.byId.has(stored.id)) this.latest.set(stored.conversationId, stored.id);
    this.byId.set(stored.id, stored);
    this.standings.note(stored, () => this.byId.values());
  }

  private tooLong(): boolean {
    return this.journalBytes > 2 * this.liveBytes + COMPACT_SLACK_BYTES;
  }

  /** Writes the journal afresh, every case once, beside it then over it: a crash leaves the old or the new. */
  private async compact(): Promise<void> {
    const file = path.join(this.directory, JOURNAL);
    await replaceFile(file, [...this.byId.values()].map((c) => `${JSON.stringify(c)}\n`).join(''));
    // Nothing is appended meanwhile (this runs on the change chain, or before the queue is used): the
    // file kept open is the one just replaced, and the next append opens the new one.
    await this.journal.close();
    this.journal = new AppendOnlyFile(file);
    this.journalBytes = this.liveBytes;
  }

  /** Runs one change after every earlier one: the case it stores is written, then seen. */
  private serial<T>(work: () => { store?: HandoffCase; result: T }): Promise<T> {
    const run = this.chain.then(async () => {
      const { store, result } = work();
      if (store) {
        const line = `${JSON.stringify(store)}\n`;
        await this.journal.append(line);
        const bytes = Buffer.byteLength(line);
        this.journalBytes += bytes;
        this.remember(store, bytes);
        // The change is stored whatever becomes of this: a journal that could not be written afresh
        // stays as it was, whole, and is tried again at the next change.
        if (this.tooLong()) await this.compact().catch(() => undefined);
      }
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  add(newCase: NewCase, at: Date): Promise<HandoffCase> {
    return this.serial(() => {
      const iso = at.toISOString();
      const stored = HandoffCase.parse({ ...newCase, id: crypto.randomUUID(), status: 'waiting', createdAt: iso, queuedAt: iso, returns: 0, claimedOnce: false, messages: [] });
      return { store: stored, result: structuredClone(stored) };
    });
  }

  async get(id: string): Promise<HandoffCase | undefined> {
    const found = this.byId.get(id);
    return found && structuredClone(found);
  }

  async latestFor(conversationId: string): Promise<HandoffCase | undefined> {
    const id = this.latest.get(conversationId);
    return id === undefined ? undefined : this.get(id);
  }

  async currentFor(conversationId: string): Promise<HandoffCase | undefined> {
    const id = this.latest.get(conversationId);
    const found = id === undefined ? undefined : this.byId.get(id);
    return found && isCurrent(found) ? structuredClone(found) : undefined;
  }

  async list(statuses?: HandoffStatus[]): Promise<HandoffCase[]> {
    return [...this.byId.values()].filter((c) => !statuses || statuses.includes(c.status)).map((c) => structuredClone(c));
  }

  async standing(id: string): Promise<QueueStanding> {
    return this.standings.standing(this.byId.get(id));
  }

  change(id: string, apply: (current: HandoffCase) => HandoffCase | false): Promise<HandoffCase | undefined> {
    return this.serial(() => {
      const current = this.byId.get(id);
      if (!current) return { result: undefined };
      const next = apply(structuredClone(current));
      if (next === false) return { result: structuredClone(current) };
      // Checked as it is stored, as PostgreSQL's queue does: a case that would not be read back is refused now.
      const valid = HandoffCase.parse(next);
      return { store: valid, result: structuredClone(valid) };
    });
  }
}

/** The cases of the file the queue was kept in before the journal; undefined when there is no such file. Invalid cases are dropped. */
async function readEarlierFile(file: string): Promise<HandoffCase[] | undefined> {
  const earlier = await new PrivateJSONFile<{ cases?: unknown[] }>(file).read();
  if (earlier === null) return undefined;
  return (earlier.cases ?? []).flatMap((c) => {
    const parsed = HandoffCase.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The journal's cases in the order written, and its size; a line that is not a whole, valid case (a crash mid-write) is skipped. */
async function readJournal(file: string): Promise<{ cases: HandoffCase[]; bytes: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { cases: [], bytes: 0 };
    throw error;
  }
  return { cases: parseJsonLines(text.split('\n'), HandoffCase), bytes: Buffer.byteLength(text) };
}
