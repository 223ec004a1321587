import fs from 'node:fs';
import path from 'node:path';
import { content } from '../../knowledge/content';
import { saudiToday } from '../../knowledge/dates/calendarDay';
import { ParsedDate } from '../../knowledge/dates/parsedDate';
import { parseExpiryDate } from '../../knowledge/fines/expiryDate';
import { Conversation, textOf } from '../support/conversation';
import { startTestApp } from '../support/testApp';

/**
 * `npm run eval:fines`: the two blind sets, scored against the real bot.
 *
 * (a) Each message of test/fixtures/fines-blind-set.json opens a conversation with the running
 *     server (fixed clock: noon in Riyadh, Wednesday 2 December 2026) and the first turn's replies
 *     are judged against what the row expects for that person — see `judgeFine`.
 * (b) Each row of test/fixtures/dates-blind-set.json goes through the reader the date prompt uses
 *     (parseExpiryDate) — see `judgeDate`. A "confidently wrong" date is one day given without a
 *     question (exact or approximate) where that day is not the expected one, or where a question
 *     or no date was expected.
 *
 * The blind sets are never tuned on: this prints the misses so that they can be read as categories.
 */

const NOW = new Date('2026-12-02T09:00:00Z');
const TODAY = saudiToday(NOW);
const FIXTURES = path.join(__dirname, '..', 'fixtures');

interface FineRow {
  text: string;
  lang: 'ar' | 'en';
  expiry: { kind: 'exact' | 'ambiguous'; iso?: string } | null;
  offence: number | null;
  expectedFineSar: number | null;
  note?: string;
}

interface DateRow {
  text: string;
  lang: 'ar' | 'en';
  expected: { kind: 'exact'; iso: string } | { kind: 'ambiguous'; candidates: string[] } | { kind: 'none' };
  note?: string;
}

const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as T;

// ---------------------------------------------------------------- what a reply says

const WESTERN = (s: string) => s.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));

/** The fines messages (both languages) whose key starts with a prefix: the bot's own wording of a question. */
function messagesStarting(prefix: string): string[] {
  const texts = [content().messages.ar, content().messages.en].flatMap((m) =>
    Object.entries(m as Record<string, string>)
      .filter(([key]) => key.startsWith(prefix))
      .map(([, text]) => text),
  );
  // The fixed part of each message before its first placeholder, long enough to be its own ("هل تقصد", "Do you mean" at least).
  return texts.map((t) => t.split('{')[0].trim()).filter((t) => t.length >= 7);
}

export interface ReplyFacts {
  /** Fine amounts stated for this person (the ladder's own list of every rung is not a statement about them). */
  amounts: number[];
  /** Deportation stated for this person. */
  deportation: boolean;
  /** The iqama said to be still valid. */
  valid: boolean;
  /** The days written as ISO dates: the expiry date as the bot understood it. */
  isoDays: string[];
  asksCount: boolean;
  asksDate: boolean;
  /** A question about which day was meant (two readings, or "Saturday 5 December?"). */
  asksReading: boolean;
}

export function factsOf(text: string): ReplyFacts {
  const rungQuotes = content().rules.iqamaFines.offences.flatMap((r) => [r.quote.ar, r.quote.en]);
  // Lines of the ladder ("- للمرة الأولى: …") list every rung for everybody: they are left out.
  const personal = text
    .split('\n')
    .filter((line) => !rungQuotes.some((q) => line.trim() === `- ${q}`))
    .join('\n');
  const plain = WESTERN(personal).replace(/[٬]/g, ',');
  const amounts = new Set<number>();
  for (const m of plain.matchAll(/(\d[\d,]*)\s*(?:ريال|riyals?|SAR)|(?:SAR|ريال)\s*(\d[\d,]*)/gi)) amounts.add(Number((m[1] ?? m[2]).replace(/,/g, '')));
  const has = (list: string[]) => list.some((m) => text.includes(m));
  return {
    amounts: [...amounts],
    deportation: /الإبعاد|الترحيل|deport/i.test(personal),
    valid: /ما زالت سارية|إقامتك سارية|still valid|is valid/i.test(text),
    isoDays: [...new Set(text.match(/\d{4}-\d{2}-\d{2}/g) ?? [])],
    asksCount: has(messagesStarting('fines.askCount')),
    asksDate: has(messagesStarting('fines.askDate')) || has(messagesStarting('fines.dateNotUnderstood')),
    asksReading: has(messagesStarting('fines.confirm')),
  };
}

// ---------------------------------------------------------------- (a) fines

type FineCase = 'fine' | 'deportation' | 'valid' | 'askCount' | 'askDate' | 'askReading';

/** What the row expects the bot to do for this person. */
export function expectedCase(row: FineRow): FineCase {
  if (row.expectedFineSar !== null) return 'fine';
  if (row.expiry?.kind === 'exact' && row.expiry.iso! >= TODAY) return 'valid';
  if (row.offence !== null && row.offence >= 3) return 'deportation';
  if (row.expiry?.kind === 'ambiguous') return 'askReading';
  if (row.expiry?.kind === 'exact') return 'askCount';
  return 'askDate';
}

/**
 * Right when the first turn's replies state the expected consequence for that person and nothing
 * that contradicts it:
 * - fine: exactly that amount is stated for them, no other amount, no deportation, not "valid";
 * - deportation (3rd offence or later): deportation is stated for them, no amount, not "valid";
 * - valid (expiry today or later): "valid" is said, no amount, no deportation, and no count asked;
 * - askCount (expired, count not given): the count is asked, the date is not asked again, no amount;
 * - askDate (no date): the date is asked, no amount, not "valid";
 * - askReading (ambiguous date, consequence depends on it): the reading is asked, no amount, not "valid".
 * In every case a day the bot shows as understood (ISO) must be the expected expiry day when that is exact.
 */
export function judgeFine(row: FineRow, text: string): { right: boolean; why: string } {
  const f = factsOf(text);
  const expected = expectedCase(row);
  const problems: string[] = [];
  if (row.expiry?.kind === 'exact' && f.isoDays.some((d) => d !== row.expiry!.iso)) problems.push(`understood ${f.isoDays.join(',')} not ${row.expiry.iso}`);
  const expired = expected === 'fine' || expected === 'deportation' || expected === 'askCount';
  if (expired && f.valid) problems.push('said "valid" for an expired iqama');
  switch (expected) {
    case 'fine':
      if (!(f.amounts.length === 1 && f.amounts[0] === row.expectedFineSar)) problems.push(`amounts stated [${f.amounts}] not [${row.expectedFineSar}]`);
      if (f.deportation) problems.push('stated deportation');
      break;
    case 'deportation':
      if (!f.deportation) problems.push('deportation not stated');
      if (f.amounts.length) problems.push(`stated amounts [${f.amounts}]`);
      break;
    case 'valid':
      if (!f.valid) problems.push('"valid" not said');
      if (f.amounts.length || f.deportation) problems.push('stated a penalty');
      if (f.asksCount) problems.push('asked the count');
      break;
    case 'askCount':
      if (!f.asksCount) problems.push('count not asked');
      if (f.asksDate) problems.push('asked the date again');
      if (f.amounts.length || f.deportation) problems.push('stated a penalty');
      break;
    case 'askDate':
      if (!f.asksDate) problems.push('date not asked');
      if (f.amounts.length || f.deportation) problems.push('stated a penalty');
      if (f.valid) problems.push('said "valid"');
      break;
    case 'askReading':
      if (!f.asksReading) problems.push('reading not asked');
      if (f.amounts.length || f.deportation) problems.push('stated a penalty');
      if (f.valid) problems.push('said "valid"');
      break;
  }
  return { right: problems.length === 0, why: `${expected}: ${problems.join('; ')}` };
}

// ---------------------------------------------------------------- (b) dates

/** A reading that proposes days as a question: two readings to choose from, or one to confirm. */
function proposed(reading: ParsedDate): string[] | undefined {
  if (reading.kind === 'ambiguous') return [...reading.candidates];
  const confirm = (reading as { confirm?: unknown }).confirm;
  if ((reading.kind === 'exact' || reading.kind === 'approximate') && confirm) return [reading.iso];
  return undefined;
}

/**
 * - exact expected: right when the reader gives that day (exact or approximate), or asks to
 *   confirm that one day; a single other day is confidently wrong;
 * - ambiguous expected: right when the reader asks (two readings or one to confirm) and every day
 *   it proposes is one of the expected candidates; a single day given without a question is confidently wrong;
 * - none expected: right when no day comes out; a day given without a question is confidently wrong.
 */
export function judgeDate(row: DateRow, reading: ParsedDate): { right: boolean; confidentlyWrong: boolean; got: string } {
  const asked = proposed(reading);
  const single = !asked && (reading.kind === 'exact' || reading.kind === 'approximate') ? reading.iso : undefined;
  const got = asked ? `question ${asked.join('|')}` : single ? `${reading.kind} ${single}` : reading.kind;
  const e = row.expected;
  if (e.kind === 'exact') {
    const right = single === e.iso || (asked?.length === 1 && asked[0] === e.iso);
    return { right, confidentlyWrong: single !== undefined && single !== e.iso, got };
  }
  if (e.kind === 'ambiguous') {
    const right = asked !== undefined && asked.every((d) => e.candidates.includes(d));
    return { right, confidentlyWrong: single !== undefined, got };
  }
  return { right: !single && !asked, confidentlyWrong: single !== undefined, got };
}

// ---------------------------------------------------------------- run

async function main() {
  const fines = read<FineRow[]>('fines-blind-set.json');
  const dates = read<DateRow[]>('dates-blind-set.json');
  const app = await startTestApp({ LOG_LEVEL: 'silent' }, { now: () => NOW });
  let finesRight = 0;
  const fineMisses: string[] = [];
  try {
    for (const row of fines) {
      const conversation = new Conversation(app.url, { locale: row.lang === 'ar' ? 'ar-SA' : 'en-US' });
      const text = textOf(await conversation.say(row.text));
      const verdict = judgeFine(row, text);
      if (verdict.right) finesRight++;
      else fineMisses.push(`  [${row.lang}] ${verdict.why}\n      ${row.text}\n      → ${text.replace(/\s+/g, ' ').slice(0, 240)}`);
    }
  } finally {
    await app.close();
  }

  let datesRight = 0;
  let confidentlyWrong = 0;
  const dateMisses: string[] = [];
  for (const row of dates) {
    const reading = parseExpiryDate(row.text, { reference: NOW, language: row.lang });
    const verdict = judgeDate(row, reading);
    if (verdict.right) datesRight++;
    if (verdict.confidentlyWrong) confidentlyWrong++;
    if (!verdict.right) {
      const e = row.expected;
      const expected = e.kind === 'exact' ? e.iso : e.kind === 'ambiguous' ? `ambiguous ${e.candidates.length > 4 ? `${e.candidates.length} days` : e.candidates.join('|')}` : 'none';
      dateMisses.push(`  [${row.lang}]${verdict.confidentlyWrong ? ' CONFIDENTLY WRONG' : ''} ${row.text}  →  ${verdict.got}  (expected ${expected})`);
    }
  }

  if (fineMisses.length) console.log(`Fines misses:\n${fineMisses.join('\n')}\n`);
  if (dateMisses.length) console.log(`Date misses:\n${dateMisses.join('\n')}\n`);
  console.log(`fines right: ${finesRight}/${fines.length}`);
  console.log(`dates right: ${datesRight}/${dates.length}`);
  console.log(`confidently wrong dates: ${confidentlyWrong}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
