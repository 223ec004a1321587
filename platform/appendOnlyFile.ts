import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { PRIVATE_FILE_MODE } from './privateFiles';
import { withUtf8 } from './utf8Scratch';
import { settlement } from './settlement';

/**
 * A file that only grows, written with group commit: what is appended during one turn of the event
 * loop goes out in one write, and each caller's promise settles once its text has been handed to the
 * operating system (a crash of the process after that loses nothing; only text still waiting for the
 * write can be lost). The write is synchronous on purpose: appending a few hundred bytes to the page
 * cache takes microseconds, less than the promise and thread-pool round trip of an asynchronous
 * write, which was a visible share of every turn (logging libraries such as pino's SonicBoom make the
 * same choice). The file stays open between writes, created 0600 like every file that may hold what
 * people typed.
 *
 * Every piece of text should be whole lines: a reader skips a line left half-written by a crash, and
 * the first text written after reopening starts on a new line. A writer whose every record begins with
 * a newline of its own passes `recordsStartLines`, and reopening then costs no look at the file's end.
 */
export class AppendOnlyFile {
  private fd: number | undefined;
  private waiting: { parts: string[]; settle: (error?: unknown) => void; done: Promise<void> } | undefined;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly options: { recordsStartLines?: boolean } = {},
  ) {}

  append(text: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('append-only file closed'));
    if (this.waiting) {
      this.waiting.parts.push(text);
      return this.waiting.done;
    }
    const batch = { parts: [text], ...settlement() };
    this.waiting = batch;
    setImmediate(() => this.flush());
    return batch.done;
  }

  /** Writes what is waiting, then closes the file; appending afterwards fails. Closing twice is closing once. */
  async close(): Promise<void> {
    this.closed = true;
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    const batch = this.waiting;
    if (!batch) return;
    this.waiting = undefined;
    try {
      this.write(batch.parts.join(''));
      batch.settle();
    } catch (error) {
      // The next write opens the file afresh (it may have been removed, or its folder recreated).
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
      batch.settle(error ?? new Error('write failed'));
    }
  }

  private write(text: string): void {
    if (text.length === 0) return;
    let prefix = '';
    if (this.fd === undefined) {
      this.fd = openSync(this.path, this.options.recordsStartLines ? 'a' : 'a+', PRIVATE_FILE_MODE);
      if (!this.options.recordsStartLines && endsHalfWritten(this.fd)) prefix = '\n';
    }
    const fd = this.fd;
    withUtf8(prefix + text, (buffer, length) => {
      for (let written = 0; written < length; ) written += writeSync(fd, buffer, written, length - written);
    });
  }
}

/** Whether the file ends inside a line (a crash mid-write): the next text then starts on a line of its own. */
function endsHalfWritten(fd: number): boolean {
  const { size } = fstatSync(fd);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
