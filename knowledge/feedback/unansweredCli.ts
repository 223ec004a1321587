import path from 'node:path';
import dotenv from 'dotenv';
import { readConfig } from '../../platform/config';
import { groupUnanswered, readUnanswered, UNANSWERED_FILE } from './unansweredLog';

/**
 * `npm run kb:unanswered`: the questions the bot declined or answered with little confidence, kept
 * masked in DATA_DIR/unanswered.jsonl, grouped by similar wording and counted, most asked first:
 * what to add to the documents, the paraphrase bank or out-of-scope.json.
 */
dotenv.config({ quiet: true });
const file = path.join(readConfig().DATA_DIR, UNANSWERED_FILE);
const records = readUnanswered(file);
if (records.length === 0) {
  console.log(`No unanswered questions kept in ${file}.`);
} else {
  const groups = groupUnanswered(records);
  console.log(`${records.length} questions in ${groups.length} groups of similar wording (${file}):\n`);
  console.log(' count  lang   declined/clarified/low  last asked   example');
  for (const g of groups) {
    const outcomes = `${g.outcomes.declined ?? 0}/${g.outcomes.clarified ?? 0}/${g.outcomes['low-confidence'] ?? 0}`;
    console.log(`${String(g.count).padStart(6)}  ${g.languages.join(',').padEnd(5)}  ${outcomes.padStart(22)}  ${g.last.slice(0, 10)}   ${g.example}`);
  }
}
