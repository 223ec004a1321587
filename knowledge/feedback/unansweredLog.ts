import fs from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { AppendOnlyFile } from '../../platform/appendOnlyFile';
import { parseJsonLines } from '../../platform/jsonLines';
import { Language } from '../language';
import { keptQuestion, UnansweredOutcome, UnansweredRecord } from './keptQuestion';
import { groupUnanswered, UnansweredSummary } from './unansweredGroups';
import { UnansweredQuestions } from './unansweredQuestions';

/** The log's file under DATA_DIR. */
export const UNANSWERED_FILE = 'unanswered.jsonl';

/** The file stops growing here (about 50,000 questions); editors read and empty it long before. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const LINES_PER_SLICE = 2000;

/**
 * The embedded backend of the unanswered questions: a JSON-lines file (mode 0600) under DATA_DIR,
 * this instance's only. Writing never holds up a reply; reading picks up from where the last read
 * stopped, so the console's list does not parse the whole file each time it is asked.
 */
export class UnansweredLog implements UnansweredQuestions {
  private bytes: number;
  private readonly journal: AppendOnlyFile;
  private appended: Promise<void> = Promise.resolve();
  /** What has been read of the file: its records, and the bytes they took. */
  private readSoFar = { bytes: 0, records: [] as UnansweredRecord[] };
  private reading: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.bytes = fs.existsSync(file) ? fs.statSync(file).size : 0;
    this.journal = new AppendOnlyFile(file);
  }

  record(question: string, language: Language, outcome: UnansweredOutcome, confidence: number): void {
    const record = keptQuestion(question, language, outcome, confidence, this.now());
    if (!record) return;
    const line = `${JSON.stringify(record)}\n`;
    const size = Buffer.byteLength(line);
    if (this.bytes + size > MAX_FILE_BYTES) return;
    this.bytes += size;
    // Appended with the other turns' lines of the moment; a full disk must not stop the bot from answering: the question is simply not kept.
    this.appended = this.journal.append(line).catch(() => undefined);
  }

  async grouped(limit: number): Promise<UnansweredSummary> {
    await this.appended;
    // One read at a time: two at once would both take the same new lines.
    const read = this.reading.then(() => this.readNewLines());
    this.reading = read.catch(() => undefined);
    return groupUnanswered(await read, limit);
  }

  /** The records appended since the last read joined to those read before; an emptied file starts afresh. */
  private async readNewLines(): Promise<UnansweredRecord[]> {
    const handle = await open(this.file, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    // Nothing kept yet (or the file removed): nothing to group.
    if (!handle) return (this.readSoFar = { bytes: 0, records: [] }).records;
    try {
      const { size } = await handle.stat();
      if (size < this.readSoFar.bytes) this.readSoFar = { bytes: 0, records: [] };
      const fresh = Buffer.alloc(size - this.readSoFar.bytes);
      const { bytesRead } = await handle.read(fresh, 0, fresh.length, this.readSoFar.bytes);
      // Whole lines only: a line still being written is read next time.
      const whole = fresh.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
      const lines = fresh.subarray(0, whole).toString('utf8').split('\n');
      // A full file is tens of thousands of lines: read a slice at a time, so turns go on meanwhile.
      for (let start = 0; start < lines.length; start += LINES_PER_SLICE) {
        if (start > 0) await new Promise((resolve) => setImmediate(resolve));
        for (const record of parseRecords(lines.slice(start, start + LINES_PER_SLICE))) this.readSoFar.records.push(record);
      }
      this.readSoFar.bytes += whole;
      return this.readSoFar.records;
    } finally {
      await handle.close();
    }
  }

  /** Waits for the lines recorded, then closes the file. */
  close(): Promise<void> {
    return this.journal.close();
  }
}

/** The records of JSON lines; a line that does not parse or is not a record (a write cut short) is skipped. */
const parseRecords = (lines: string[]): UnansweredRecord[] => parseJsonLines(lines, UnansweredRecord);

/** The records of a log file, for the command line. */
export function readUnanswered(file: string): UnansweredRecord[] {
  return fs.existsSync(file) ? parseRecords(fs.readFileSync(file, 'utf8').split('\n')) : [];
}
