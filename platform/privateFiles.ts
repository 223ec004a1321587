import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * Files under DATA_DIR hold people's IDs, mobiles, emails and descriptions: readable and writable by
 * the service's own user only, whatever the process's umask.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates the folder (and any parent missing) as 0700, and makes an existing one 0700 too. */
export async function makePrivateDir(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(directory, PRIVATE_DIR_MODE);
}

/** Writes a whole file as its temporary twin renamed over it: a crash leaves the old file or the new one, never readable by others. */
export async function replaceFile(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  await writeFile(temporary, text, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
  // A temporary file left by a crash keeps its old mode when written over: set it again.
  await chmod(temporary, PRIVATE_FILE_MODE);
  await rename(temporary, file);
}

/**
 * A JSON file for lowdb, written as lowdb's own JSONFile does (a temporary ".<name>.tmp" file
 * renamed over the old one, so a crash leaves the previous or the new file; writes asked for while
 * one runs are coalesced into one more, of the latest data) but created 0600: the rename keeps the
 * temporary file's mode, so the file is never readable by others, not even for a moment.
 */
export class PrivateJSONFile<T> implements Adapter<T> {
  private running: Promise<void> | undefined;
  private queued: { data: string; done: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;

  constructor(private readonly file: string) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  write(data: T): Promise<void> {
    const text = JSON.stringify(data, null, 2);
    if (!this.running) return this.start(text);
    // One write at a time; the writes asked for meanwhile are one more write, of the latest data.
    if (this.queued) {
      this.queued.data = text;
      return this.queued.done;
    }
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    this.queued = { data: text, done, resolve, reject };
    return done;
  }

  private start(text: string): Promise<void> {
    const running = this.writeNow(text);
    this.running = running;
    const next = () => {
      this.running = undefined;
      const queued = this.queued;
      this.queued = undefined;
      if (queued) this.start(queued.data).then(queued.resolve, queued.reject);
    };
    running.then(next, next);
    return running;
  }

  private writeNow(text: string): Promise<void> {
    return replaceFile(this.file, text);
  }
}
