import type { Pool } from 'pg';
import type { Logger } from '../platform/logger';
import type { Language } from '../knowledge/language';
import { keptQuestion, UnansweredOutcome, UnansweredRecord } from '../knowledge/feedback/keptQuestion';
import { UnansweredGroup, UnansweredSummary } from '../knowledge/feedback/unansweredGroups';
import type { UnansweredQuestions } from '../knowledge/feedback/unansweredQuestions';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** How much is kept: what an editor reads in a season, and about what the file backend holds at most. */
export interface UnansweredBounds {
  keepDays: number;
  maxRows: number;
}
const DEFAULT_BOUNDS: UnansweredBounds = { keepDays: 180, maxRows: 50_000 };

/** Questions waiting for their INSERT past this are dropped: a database that does not answer must not fill the memory. */
const MAX_WAITING = 1000;

/**
 * The unanswered questions in PostgreSQL (table unanswered_questions), so that every instance on one
 * database adds to and reads one list. Recording never waits for the database: the questions of the
 * moment go in one INSERT, one at a time, so a busy moment takes one connection from the turns, never
 * many; a failed INSERT loses those questions and is logged. Each instance's sweep (at start, then
 * hourly) deletes what is older than `keepDays` and all but the latest `maxRows`.
 */
export class PostgresUnansweredQuestions implements UnansweredQuestions {
  private waiting: UnansweredRecord[] = [];
  private inserting: Promise<void> | undefined;
  private readonly sweeper: NodeJS.Timeout;
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly bounds: UnansweredBounds = DEFAULT_BOUNDS,
  ) {
    const sweep = () => void (this.sweeping = this.sweep().catch((error: Error) => this.logger.warn('unanswered questions sweep failed', { error: error.message })));
    sweep();
    this.sweeper = setInterval(sweep, HOUR_MS).unref();
  }

  record(question: string, language: Language, outcome: UnansweredOutcome, confidence: number): void {
    const record = keptQuestion(question, language, outcome, confidence, this.now());
    if (!record || this.waiting.length >= MAX_WAITING) return;
    this.waiting.push(record);
    this.inserting ??= this.insertWaiting().finally(() => (this.inserting = undefined));
  }

  private async insertWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      await this.pool
        .query(
          `INSERT INTO unanswered_questions (at, language, outcome, confidence, text, wording_key)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::real[], $5::text[], $6::text[])`,
          [batch.map((r) => r.at), batch.map((r) => r.language), batch.map((r) => r.outcome), batch.map((r) => r.confidence), batch.map((r) => r.text), batch.map((r) => r.key)],
        )
        .catch((error: Error) => this.logger.warn('unanswered questions not kept', { error: error.message, questions: batch.length }));
    }
  }

  async grouped(limit: number): Promise<UnansweredSummary> {
    // This instance's questions of the moment are in the list it gives.
    await this.inserting;
    return groupedUnanswered(this.pool, limit);
  }

  /** Deletes the questions past the bounds; returns how many. */
  async sweep(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM unanswered_questions WHERE at < $1
          OR id <= (SELECT id FROM unanswered_questions ORDER BY id DESC OFFSET $2 LIMIT 1)`,
      [new Date(this.now().getTime() - this.bounds.keepDays * DAY_MS), this.bounds.maxRows],
    );
    return rowCount ?? 0;
  }

  /** Waits for the questions recorded; the pool is closed by its owner. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([this.inserting, this.sweeping]);
  }
}

/** The questions in unanswered_questions grouped by similar wording, most asked first: the store's list, and the command line's. */
export async function groupedUnanswered(pool: Pool, limit: number): Promise<UnansweredSummary> {
  const { rows } = await pool.query<GroupRow>(
    `WITH grouped AS (
       SELECT COALESCE(NULLIF(wording_key, ''), text) AS key, count(*)::int AS count,
              mode() WITHIN GROUP (ORDER BY text) AS example,
              array_agg(DISTINCT language ORDER BY language) AS languages,
              count(*) FILTER (WHERE outcome = 'declined')::int AS declined,
              count(*) FILTER (WHERE outcome = 'clarified')::int AS clarified,
              count(*) FILTER (WHERE outcome = 'low-confidence')::int AS low_confidence,
              max(at) AS last
       FROM unanswered_questions GROUP BY 1)
     SELECT *, count(*) OVER ()::int AS group_count, (sum(count) OVER ())::int AS questions
     FROM grouped ORDER BY count DESC, last DESC, key LIMIT $1`,
    [limit],
  );
  return { questions: rows[0]?.questions ?? 0, groupCount: rows[0]?.group_count ?? 0, groups: rows.map(groupOf) };
}

interface GroupRow {
  key: string;
  count: number;
  example: string;
  languages: Language[];
  declined: number;
  clarified: number;
  low_confidence: number;
  last: Date;
  group_count: number;
  questions: number;
}

const groupOf = (row: GroupRow): UnansweredGroup => ({
  key: row.key,
  count: row.count,
  example: row.example,
  languages: row.languages,
  outcomes: { declined: row.declined, clarified: row.clarified, 'low-confidence': row.low_confidence },
  last: row.last.toISOString(),
});
