import crypto from 'node:crypto';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { openFilesBudget } from '../platform/openFilesBudget';
import { AppendOnlyFile } from '../platform/appendOnlyFile';
import { makePrivateDir, replaceFile } from '../platform/privateFiles';
import { jsonDataCopy, NOT_PLAIN_DATA } from './jsonDataCopy';
import { noteStoredJson, takeJsonToWrite } from './storedStateJson';

/** An item as a line of its file holds it. */
interface StoredItem {
  key: string;
  eTag: string;
  value: Record<string, unknown>;
}

/**
 * An item as memory holds it: its value as JSON, so that every read gets its own copy (from one
 * JSON.parse, several times cheaper than structuredClone for state this small, or from the object
 * kept in `copies`, cheaper still) and memory holds exactly what a restart would read back from the file.
 */
interface KnownItem {
  eTag: string;
  json: string;
}

/** Items kept in memory after their first read; the oldest are dropped beyond this (they stay on disk). */
const MAX_CACHED_ITEMS = 50_000;
/** Items whose value is also kept as an object to copy: those of the conversations of a busy moment. */
const MAX_COPIED_ITEMS = 4_096;
/** Files kept open for appending: the conversations of a busy moment, as many as the process's limit allows. */
const MAX_OPEN_FILES = openFilesBudget();
/** A key's file is rewritten as its one latest line once it holds this many. */
const MAX_LINES_PER_FILE = 16;
const SUFFIX = '.jsonl';
/** The one-file-per-key JSON files of earlier versions, turned into journals at open. */
const OLD_SUFFIX = '.json';

/**
 * Conversation and user state in files under `DATA_DIR`, behind botbuilder's Storage interface so
 * a PostgreSQL store can replace it in the composition root.
 *
 * One small file per key (named by the key's hash), so a turn touches only its own conversation's
 * state, however many conversations there are. A write appends the item as one line to the key's file
 * (kept open while the conversation is busy), and a read takes the file's last whole line: one write
 * call per changed turn instead of a temporary file, a chmod and a rename. A crash in the middle of an
 * append leaves a half line, which readers skip, so the previous state stands, as a rename would have
 * left it; every line starts on a new line of its own, so nothing written after such a cut is lost.
 * Once a file holds MAX_LINES_PER_FILE lines it is rewritten as its latest line (a temporary file
 * renamed over it). Files are created 0600 in a 0700 folder. botbuilder's BotState writes only state
 * that changed in the turn, so a turn that changed nothing touches no disk.
 *
 * State is not kept for ever: `sweepExpired` deletes the files of keys not written for a while
 * (forms abandoned half-way hold an ID, a mobile, an email and a description).
 *
 * State with nothing in it (a conversation whose dialog stack is empty, as after every answered
 * question) is not kept: its file is removed, and a new one is not written. Reading it back gives
 * nothing, which botbuilder treats exactly as the empty state, and most turns then touch no disk.
 */
export class LowdbStorage implements Storage {
  private readonly cache = new Map<string, KnownItem | null>();
  private readonly files = new LRUCache<string, AppendOnlyFile>({ max: MAX_OPEN_FILES, dispose: (file) => void file.close() });
  /** Lines in each key's file, known once the key was read or written here. */
  private readonly lines = new Map<string, number>();
  private readonly pending = new Map<string, Promise<unknown>>();
  /** Each key's file name, kept while its item is in memory: the same key is written turn after turn. */
  private readonly fileNames = new Map<string, string>();
  /**
   * Recently written items' values as objects (what JSON.parse of their JSON makes), copied for each
   * read instead of parsing the JSON again: several times cheaper. Each is dropped with its item, or
   * after the latest MAX_COPIED_ITEMS writes, so it holds nothing the item in memory does not.
   */
  private readonly copies = new Map<string, { item: KnownItem; value: Record<string, unknown> }>();

  /** `onDisk`: the names of the files present, so a key never stored costs no failed open. */
  private constructor(
    private readonly directory: string,
    private readonly onDisk: Set<string>,
  ) {}

  static async open(directory: string): Promise<LowdbStorage> {
    await makePrivateDir(directory);
    await journalOldFiles(directory);
    return new LowdbStorage(directory, new Set((await readdir(directory)).filter((name) => name.endsWith(SUFFIX))));
  }

  /**
   * Deletes the state of every key not written within `maxAgeMs` (by its file's modification time),
   * and forgets it in memory: a conversation idle that long starts afresh, a form left half-way is
   * gone with the personal data it held. User state (the language a person chose) goes the same way:
   * it is one tap to choose again, and anonymous web chat gives every visitor a new user id, so
   * keeping it longer would keep a file per visitor. Returns how many were deleted.
   */
  async sweepExpired(maxAgeMs: number, now = Date.now()): Promise<number> {
    const names = (await readdir(this.directory)).filter((name) => name.endsWith(SUFFIX));
    const expired = new Set<string>();
    for (const name of names) {
      try {
        if (now - (await stat(path.join(this.directory, name))).mtimeMs > maxAgeMs) expired.add(name);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    if (expired.size === 0) return 0;
    // Keys in memory are deleted in their queue, so a write asked for meanwhile is not lost, nor undone.
    const inMemory = new Map<string, string>();
    for (const key of this.cache.keys()) {
      const name = this.fileNameFor(key);
      if (expired.has(name)) inMemory.set(name, key);
    }
    let removed = 0;
    for (const name of expired) {
      const key = inMemory.get(name);
      const file = path.join(this.directory, name);
      const stillExpired = async () => now - (await stat(file).catch(() => undefined))!.mtimeMs > maxAgeMs;
      const deleted = await (key === undefined
        ? rm(file, { force: true }).then(() => {
            this.onDisk.delete(name);
            return true;
          })
        : this.inOrder(key, async () => {
            if (!(await stillExpired().catch(() => false))) return false;
            await this.deleteOne(key);
            this.files.delete(key);
            return true;
          }));
      if (deleted) removed += 1;
    }
    return removed;
  }

  /** Waits for the writes asked for, then closes the files kept open. */
  async close(): Promise<void> {
    await Promise.all([...this.pending.values()].map((p) => p.catch(() => undefined)));
    // Each file leaving the cache is closed (its dispose), what waits in it written first.
    this.files.clear();
    this.lines.clear();
    this.copies.clear();
  }

  read(keys: string[]): Promise<StoreItems> {
    const known = keys.map((key) => this.known(key));
    // Most turns read state already in memory: answered at once, with no queue to wait in.
    if (!known.includes(undefined)) return Promise.resolve(this.itemsOf(keys, known as (KnownItem | null)[]));
    return Promise.all(keys.map((key, i) => known[i] ?? this.inOrder(key, () => this.load(key)))).then((stored) => this.itemsOf(keys, stored));
  }

  /**
   * The item in memory, when nothing for its key is still in flight: most turns read state
   * already read, and need neither the disk nor a place in the key's queue.
   */
  private known(key: string): KnownItem | null | undefined {
    return this.pending.has(key) ? undefined : this.cache.get(key);
  }

  async write(changes: StoreItems): Promise<void> {
    // Each item is taken as it is now (as botbuilder's MemoryStorage does), not as it may be once its turn in the queue comes.
    await Promise.all(Object.entries(changes).map(([key, change]) => this.writeInOrder(key, change)));
  }

  private writeInOrder(key: string, change: unknown): Promise<void> {
    let eTag: unknown;
    let json: string | undefined;
    let copy: unknown;
    try {
      const noted = takeJsonToWrite(change as object);
      const { eTag: itemETag, ...value } = (change ?? {}) as Record<string, unknown>;
      eTag = itemETag;
      if (!holdsNothing(value)) {
        json = noted ?? JSON.stringify(value);
        copy = jsonDataCopy(value);
      }
    } catch (error) {
      // A value JSON cannot hold fails its own write only, in its place in the key's queue.
      return this.inOrder(key, () => Promise.reject(error as Error));
    }
    return this.inOrder(key, () => this.writeOne(key, eTag, json, copy === NOT_PLAIN_DATA ? undefined : (copy as Record<string, unknown>)));
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.inOrder(key, () => this.deleteOne(key))));
  }

  /**
   * Writes the item's value as `json`, or removes the key when it holds nothing (no `json`). `copy`,
   * when given, is what JSON.parse would make of `json`, made at the same moment from the same value.
   */
  private async writeOne(key: string, eTag: unknown, json: string | undefined, copy: Record<string, unknown> | undefined): Promise<void> {
    const stored = await this.load(key);
    // Optimistic concurrency as botbuilder's stores do it: a stale eTag means someone wrote since we read.
    if (stored && typeof eTag === 'string' && eTag !== '*' && eTag !== stored.eTag) {
      throw new Error(`Storage: eTag conflict for key ${key}`);
    }
    if (json === undefined) {
      if (stored) await this.deleteOne(key);
      return;
    }
    const item: KnownItem = { eTag: crypto.randomUUID(), json };
    this.remember(key, item);
    if (copy) this.keepCopy(key, item, copy);
    this.onDisk.add(this.fileNameFor(key));
    const line = `\n{"key":${JSON.stringify(key)},"eTag":"${item.eTag}","value":${item.json}}`;
    const lines = (this.lines.get(key) ?? 0) + 1;
    if (lines < MAX_LINES_PER_FILE) {
      this.lines.set(key, lines);
      await this.fileFor(key).append(line);
      return;
    }
    // The file has grown: replaced, as a whole, by its latest line.
    this.files.delete(key);
    await replaceFile(this.pathFor(key), line);
    this.lines.set(key, 1);
  }

  private async deleteOne(key: string): Promise<void> {
    this.remember(key, null);
    this.onDisk.delete(this.fileNameFor(key));
    this.files.delete(key);
    this.lines.delete(key);
    await rm(this.pathFor(key), { force: true });
  }

  /**
   * Reads, writes and deletes of one key run one after another in the order they were asked for:
   * a read sees every earlier write, an eTag check sees the write before it, and a delete is never
   * undone by an earlier write landing after it.
   */
  private inOrder<T>(key: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.pending.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(operation);
    this.pending.set(key, next);
    const forget = () => {
      if (this.pending.get(key) === next) this.pending.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  private async load(key: string): Promise<KnownItem | null> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const file = this.onDisk.has(this.fileNameFor(key)) ? await readJournal(this.pathFor(key)) : { latest: null, lines: 0 };
    const stored = file.latest;
    this.lines.set(key, file.lines);
    // Two keys with the same hash would share a file; the stored key tells them apart.
    const item = stored && stored.key === key ? { eTag: stored.eTag, json: JSON.stringify(stored.value) } : null;
    this.remember(key, item);
    return item;
  }

  private remember(key: string, item: KnownItem | null): void {
    this.copies.delete(key);
    this.cache.delete(key);
    this.cache.set(key, item);
    if (this.cache.size > MAX_CACHED_ITEMS) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
      this.files.delete(oldest);
      this.lines.delete(oldest);
      this.fileNames.delete(oldest);
      this.copies.delete(oldest);
    }
  }

  private keepCopy(key: string, item: KnownItem, value: Record<string, unknown>): void {
    this.copies.set(key, { item, value });
    if (this.copies.size > MAX_COPIED_ITEMS) this.copies.delete(this.copies.keys().next().value as string);
  }

  /** Each key's item, a copy of its own, as botbuilder reads them: keys with nothing stored are left out. */
  private itemsOf(keys: string[], stored: (KnownItem | null)[]): StoreItems {
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const item = stored[i];
      if (!item) return;
      const kept = this.copies.get(key);
      const value = (kept?.item === item ? jsonDataCopy(kept.value) : JSON.parse(item.json)) as Record<string, unknown>;
      // The state's JSON as the state compares it (its eTag left out): for a plain object holding no eTag that the item's would replace.
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && !Object.prototype.hasOwnProperty.call(value, 'eTag')) noteStoredJson(value, item.json);
      items[key] = Object.assign(value, { eTag: item.eTag });
    });
    return items;
  }

  private fileFor(key: string): AppendOnlyFile {
    let file = this.files.get(key);
    if (!file) {
      file = new AppendOnlyFile(this.pathFor(key), { recordsStartLines: true });
      this.files.set(key, file);
    }
    return file;
  }

  private fileNameFor(key: string): string {
    let name = this.fileNames.get(key);
    if (name === undefined) {
      name = `${crypto.createHash('sha1').update(key).digest('hex')}${SUFFIX}`;
      if (this.cache.has(key)) this.fileNames.set(key, name);
    }
    return name;
  }

  private pathFor(key: string): string {
    return path.join(this.directory, this.fileNameFor(key));
  }
}

/** True for state made only of empty objects and arrays, such as `{ dialogState: { dialogStack: [] } }`. */
function holdsNothing(value: unknown): boolean {
  // JSON drops undefined, so a property set to undefined is no state either.
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.every(holdsNothing);
  if (value && typeof value === 'object') return Object.values(value).every(holdsNothing);
  return false;
}

/** A key's file: its latest whole item, and how many lines it holds. A half-written line is skipped. */
async function readJournal(file: string): Promise<{ latest: StoredItem | null; lines: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { latest: null, lines: 0 };
    throw error;
  }
  const lines = text.split('\n').filter((line) => line.length > 0);
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return { latest: JSON.parse(lines[i]) as StoredItem, lines: lines.length };
    } catch {
      // cut short by a crash: the line before it holds the state that stood
    }
  }
  return { latest: null, lines: lines.length };
}

/** Each JSON file of an earlier version becomes a one-line journal (renamed, so a crash meanwhile loses nothing). */
async function journalOldFiles(directory: string): Promise<void> {
  for (const name of await readdir(directory)) {
    if (!name.endsWith(OLD_SUFFIX) || name.startsWith('.')) continue;
    const old = path.join(directory, name);
    const item = JSON.parse(await readFile(old, 'utf8')) as StoredItem;
    await replaceFile(old, '\n' + JSON.stringify(item));
    await rename(old, path.join(directory, name.slice(0, -OLD_SUFFIX.length) + SUFFIX));
  }
}
