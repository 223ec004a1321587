import path from 'node:path';
import dotenv from 'dotenv';
import { readConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { openDatabase } from '../postgres/database';
import { groupedUnanswered } from '../postgres/postgresUnansweredQuestions';
import { groupUnanswered, UnansweredSummary } from '../knowledge/feedback/unansweredGroups';
import { readUnanswered, UNANSWERED_FILE } from '../knowledge/feedback/unansweredLog';

/**
 * `npm run kb:unanswered`: the questions the bot declined or answered with little confidence, kept
 * masked, grouped by similar wording and counted, most asked first: what to add to the documents, the
 * paraphrase bank or out-of-scope.json. Read from where the service keeps them: the database with
 * DATABASE_URL (every instance's), otherwise DATA_DIR/unanswered.jsonl.
 */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const config = readConfig();
  let summary: UnansweredSummary;
  let where: string;
  if (config.DATABASE_URL) {
    const pool = await openDatabase(config.DATABASE_URL, createLogger('warn'));
    try {
      summary = await groupedUnanswered(pool, Number.MAX_SAFE_INTEGER);
    } finally {
      await pool.end();
    }
    where = 'the database';
  } else {
    where = path.join(config.DATA_DIR, UNANSWERED_FILE);
    summary = groupUnanswered(readUnanswered(where));
  }
  print(summary, where);
}

function print({ questions, groupCount, groups }: UnansweredSummary, where: string): void {
  if (questions === 0) return void console.log(`No unanswered questions kept in ${where}.`);
  console.log(`${questions} questions in ${groupCount} groups of similar wording (${where}):\n`);
  console.log(' count  lang   declined/clarified/low  last asked   example');
  for (const g of groups) {
    const outcomes = `${g.outcomes.declined}/${g.outcomes.clarified}/${g.outcomes['low-confidence']}`;
    console.log(`${String(g.count).padStart(6)}  ${g.languages.join(',').padEnd(5)}  ${outcomes.padStart(22)}  ${g.last.slice(0, 10)}   ${g.example}`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
