import type { Language } from '../language';
import type { UnansweredOutcome } from './keptQuestion';
import type { UnansweredSummary } from './unansweredGroups';

/**
 * Where the questions the bot declined or answered with little confidence are kept, masked, for the
 * content editors: a JSON-lines file under DATA_DIR (unansweredLog.ts) or a PostgreSQL table shared by
 * every instance (postgres/postgresUnansweredQuestions.ts), chosen with the other stores in index.ts.
 */
export interface UnansweredQuestions {
  /** Keeps a question; never holds up the reply, and a failure only loses the question. */
  record(question: string, language: Language, outcome: UnansweredOutcome, confidence: number): void;
  /** The kept questions grouped by similar wording, most asked first, the first `limit` groups. */
  grouped(limit: number): Promise<UnansweredSummary>;
  /** Waits for the questions recorded, then lets go of the file or the timers. */
  close(): Promise<void>;
}
