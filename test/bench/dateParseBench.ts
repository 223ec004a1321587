import { Culture, DateTimeRecognizer } from '@microsoft/recognizers-text-date-time';
import { saudiToday } from '../../knowledge/dates/calendarDay';
import { parseDate } from '../../knowledge/dates/parseDate';
import { matchesExpected, readDateExpressions } from '../knowledge/dateExpressions';

/**
 * `npm run bench:dates`: the share of the date table (test/fixtures/date-expressions.json) that
 * parseDate reads right, by group, and the time per parse — against two baselines measured in the
 * same run: @microsoft/recognizers-text-date-time alone (what the bot had before, its first date
 * value taken as the answer) on every row, and Date.parse on the rows written as ISO dates.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const { reference, rows } = readDateExpressions();
const today = saudiToday(reference);
const [year, month, day] = today.split('-').map(Number);
const recogniserReference = new Date(year, month - 1, day, 12);
const recogniser = new DateTimeRecognizer(Culture.English).getDateTimeModel();

/** recognizers-text alone, read as plainly as a caller would: the first date value it returns, if any. */
function recogniserAlone(text: string): string | undefined {
  for (const result of recogniser.parse(text, recogniserReference)) {
    const values = (result.resolution as { values?: { value?: string }[] } | null)?.values ?? [];
    const value = values.find((v) => v.value && /^\d{4}-\d{2}-\d{2}/.test(v.value))?.value;
    if (value) return value.slice(0, 10);
  }
  return undefined;
}

/** A baseline reading is right when it gives the expected day (it has no notion of ambiguous, impossible or unknown). */
function baselineRight(expected: Record<string, unknown>, day: string | undefined): boolean {
  if (expected.kind === 'exact' || expected.kind === 'approximate') return day === expected.iso;
  if (expected.kind === 'none') return day === undefined;
  return false;
}

function microsecondsPerCall(fn: (text: string) => unknown, texts: string[]): number {
  for (const text of texts) fn(text); // warm-up: compiled patterns, JIT
  const started = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round++) for (const text of texts) fn(text);
  return Number(process.hrtime.bigint() - started) / 1000 / (ROUNDS * texts.length);
}

const pct = (right: number, total: number) => `${((100 * right) / total).toFixed(1)}% (${right}/${total})`;

const ours = rows.map((row) => matchesExpected(parseDate(row.text, { reference }), row.expected));
const theirs = rows.map((row) => baselineRight(row.expected, recogniserAlone(row.text)));
const groups = [...new Set(rows.map((r) => r.group))];

console.log(`Date table: ${rows.length} expressions, reference ${reference.toISOString()} (today in Riyadh: ${today}), ${ROUNDS} timing rounds\n`);
console.log('group              parseDate                  recognizers-text alone');
for (const group of groups) {
  const index = rows.flatMap((r, i) => (r.group === group ? [i] : []));
  const right = (answers: boolean[]) => index.filter((i) => answers[i]).length;
  console.log(`${group.padEnd(18)} ${pct(right(ours), index.length).padEnd(26)} ${pct(right(theirs), index.length)}`);
}
const total = (answers: boolean[]) => answers.filter(Boolean).length;
console.log(`${'all'.padEnd(18)} ${pct(total(ours), rows.length).padEnd(26)} ${pct(total(theirs), rows.length)}`);
const wrong = rows.filter((_, i) => !ours[i]).map((r) => r.text);
if (wrong.length) console.log(`parseDate misread: ${wrong.join(' | ')}`);
console.log('');

// The development table was written alongside the parser; the held-out batches were not, so they are the fairer estimate.
const holdout = readDateExpressions('date-expressions-holdout.json');
for (const batch of [...new Set(holdout.rows.map((r) => r.batch))]) {
  const batchRows = holdout.rows.filter((r) => r.batch === batch);
  const batchOurs = batchRows.map((row) => matchesExpected(parseDate(row.text, { reference: holdout.reference }), row.expected));
  const batchTheirs = batchRows.map((row) => baselineRight(row.expected, recogniserAlone(row.text)));
  console.log(`${`held-out batch ${batch}`.padEnd(18)} ${pct(total(batchOurs), batchRows.length).padEnd(26)} ${pct(total(batchTheirs), batchRows.length)}`);
  const missed = batchRows.filter((_, i) => !batchOurs[i]).map((r) => r.text);
  if (missed.length) console.log(`  parseDate misread: ${missed.join(' | ')}`);
}

const texts = rows.map((r) => r.text);
const englishTexts = rows.filter((r) => r.group === 'english').map((r) => r.text);
const isoTexts = rows.filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.text) || /^\d{4}\/\d{2}\/\d{2}$/.test(r.text)).map((r) => r.text);
const oursAll = microsecondsPerCall((t) => parseDate(t, { reference }), texts);
const theirsAll = microsecondsPerCall(recogniserAlone, texts);
const oursEnglish = microsecondsPerCall((t) => parseDate(t, { reference }), englishTexts);
const theirsEnglish = microsecondsPerCall(recogniserAlone, englishTexts);
const oursIso = microsecondsPerCall((t) => parseDate(t, { reference }), isoTexts);
const dateParseIso = microsecondsPerCall((t) => Date.parse(t.replace(/\//g, '-')), isoTexts);

console.log('\nTime per parse (µs)            parseDate   baseline   ratio');
const line = (label: string, a: number, b: number, baseline: string) => console.log(`${label.padEnd(30)} ${a.toFixed(1).padStart(9)} ${b.toFixed(1).padStart(10)}   ${(a / b).toFixed(2)}× ${baseline}`);
line('all rows', oursAll, theirsAll, 'recognizers-text alone');
line('English rows', oursEnglish, theirsEnglish, 'recognizers-text alone');
line(`ISO rows (${isoTexts.length})`, oursIso, dateParseIso, 'Date.parse');
