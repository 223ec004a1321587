import fs from 'node:fs';
import path from 'node:path';
import { maskPersonalData } from '../../platform/maskPersonalData';
import { AppendOnlyFile } from '../../platform/appendOnlyFile';
import { Language } from '../language';
import { analyze } from '../text/analyzer';

/** The log's file under DATA_DIR. */
export const UNANSWERED_FILE = 'unanswered.jsonl';

/** Why a question is kept for the content editors. */
export type UnansweredOutcome = 'declined' | 'clarified' | 'low-confidence';

export interface UnansweredRecord {
  at: string;
  language: Language;
  outcome: UnansweredOutcome;
  /** The share of the question the best section covered. */
  confidence: number;
  /** The question, masked: no digits, emails or introduced names. */
  text: string;
  /** The question's analysed terms, sorted: questions in similar wording share it. */
  key: string;
}

/** The file stops growing here (about 50,000 questions); editors read and empty it long before. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_TEXT_LENGTH = 300;

// "my name is Sara Ali", "اسمي محمد احمد": the name that follows is dropped (capitalised words in
// Latin script, up to two words in Arabic, which has no capitals).
const INTRODUCED_LATIN_NAME = /\b([Mm]y name is|[Mm]y name's|[Tt]his is|I am called)((?:\s+\p{Lu}[\p{L}'-]*){1,3})/gu;
const INTRODUCED_ARABIC_NAME = /((?:^|\s)(?:انا اسمي|اسمي|معك|معاك))((?:\s+[\u0621-\u064A]+){1,2})/gu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/**
 * A question as it may be kept: emails removed, masked by maskPersonalData (IDs, mobiles), then with
 * every run of digits dropped (request numbers, dates, amounts) and introduced names removed.
 */
export function maskQuestion(question: string): string {
  return maskPersonalData(question.replace(EMAIL, ' '))
    .replace(INTRODUCED_LATIN_NAME, (_whole, intro: string) => `${intro} …`)
    .replace(INTRODUCED_ARABIC_NAME, (_whole, intro: string) => `${intro} …`)
    .replace(/[\p{N}*]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT_LENGTH);
}

/** What groups similar questions: their analysed terms, each once, in order. */
export function wordingKey(maskedQuestion: string): string {
  // Cue terms ("#definition") say how it is asked, not what about.
  return [...new Set(analyze(maskedQuestion))].filter((term) => !term.startsWith('#')).sort().join(' ');
}

/**
 * Questions the documents did not answer, or answered with little confidence, kept masked in a
 * JSON-lines file (mode 0600) under DATA_DIR for the content editors: `npm run kb:unanswered`
 * prints them grouped by wording, most asked first. Writing never holds up a reply.
 */
export class UnansweredLog {
  private bytes: number;

  private readonly journal: AppendOnlyFile;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.bytes = fs.existsSync(file) ? fs.statSync(file).size : 0;
    this.journal = new AppendOnlyFile(file);
  }

  record(question: string, language: Language, outcome: UnansweredOutcome, confidence: number): void {
    const text = maskQuestion(question);
    if (!/\p{L}/u.test(text)) return;
    const record: UnansweredRecord = { at: new Date().toISOString(), language, outcome, confidence: Math.round(confidence * 100) / 100, text, key: wordingKey(text) };
    const line = `${JSON.stringify(record)}\n`;
    if (this.bytes + line.length > MAX_FILE_BYTES) return;
    this.bytes += Buffer.byteLength(line);
    // Appended with the other turns' lines of the moment; a full disk must not stop the bot from answering: the question is simply not kept.
    this.journal.append(line).catch(() => undefined);
  }

  /** Waits for the lines recorded, then closes the file. */
  close(): Promise<void> {
    return this.journal.close();
  }
}

export interface UnansweredGroup {
  key: string;
  count: number;
  /** The wording asked most often within the group. */
  example: string;
  languages: Language[];
  outcomes: Partial<Record<UnansweredOutcome, number>>;
  last: string;
}

/** The kept questions grouped by similar wording, most asked first. */
export function groupUnanswered(records: UnansweredRecord[]): UnansweredGroup[] {
  const groups = new Map<string, { records: UnansweredRecord[] }>();
  for (const record of records) {
    const key = record.key || record.text;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { records: [] }));
    group.records.push(record);
  }
  return [...groups.entries()]
    .map(([key, { records: rs }]) => {
      const wordings = new Map<string, number>();
      const outcomes: Partial<Record<UnansweredOutcome, number>> = {};
      for (const r of rs) {
        wordings.set(r.text, (wordings.get(r.text) ?? 0) + 1);
        outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      }
      const example = [...wordings].sort((a, b) => b[1] - a[1])[0][0];
      return { key, count: rs.length, example, languages: [...new Set(rs.map((r) => r.language))], outcomes, last: rs.map((r) => r.at).sort().at(-1)! };
    })
    .sort((a, b) => b.count - a.count || b.last.localeCompare(a.last));
}

/** The records of a log file; lines that do not parse (a write cut short) are skipped. */
export function readUnanswered(file: string): UnansweredRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as UnansweredRecord];
      } catch {
        return [];
      }
    });
}
