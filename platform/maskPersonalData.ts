/**
 * Hides national IDs, iqama numbers, mobiles and emails inside any text, leaving enough to tell
 * records apart when reading a log: 1234567890 → 1*******90, +966512345678 → +9665*****678,
 * ahmad@example.com → a****@example.com. Arabic-Indic and Persian digits are masked like ASCII ones.
 *
 * Every pattern here runs in time linear in the text: whatever a stranger sends ends up in a log
 * line (a refused path, a user id), and a regular expression that backtracks over a long run of
 * digits or letters would block the event loop for seconds (`([…])([…]*)@…` over 15,000 digits
 * took 0.7 s, over 20,000 Arabic-Indic digits 17 s). Runs are found with expressions that cannot
 * backtrack, and what a run is (an ID, a mobile, an email) is decided in code.
 */
const isDigit = (code: number) => (code >= 0x30 && code <= 0x39) || (code >= 0x660 && code <= 0x669) || (code >= 0x6f0 && code <= 0x6f9);
const isSeparator = (char: string) => char === '-' || /^\s$/u.test(char);
/** An email's "@domain.tld": it can only start at an "@", and the domain's class holds no "@". */
const EMAIL_DOMAIN = /@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const EMAIL_LOCAL_CHAR = /^[\p{L}\p{N}._%+-]$/u;
/** A character a digit run glued to stays readable behind: "TW-2026-000042", "user42…", "v1234567890". */
const GLUE = /^[\p{L}\p{N}-]$/u;
/** IDs have 10 digits, mobiles 9 (512345678) to 14 (00966512345678): a run with fewer is left alone. */
const MIN_DIGITS = 9;

/** The code point ending just before `index`, as a string (a surrogate pair stays whole). */
function charBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const low = text.charCodeAt(index - 1);
  if (index >= 2 && low >= 0xdc00 && low <= 0xdfff) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text[index - 1];
}

function maskDigits(run: string): string {
  const plus = run.startsWith('+');
  const total = digitCount(run);
  const keepStart = plus ? 4 : 1;
  const keepEnd = plus ? 3 : 2;
  let out = plus ? '+' : '';
  let seen = 0;
  for (let i = 0; i < run.length; i++) {
    if (!isDigit(run.charCodeAt(i))) continue;
    out += seen < keepStart || seen >= total - keepEnd ? run[i] : '*';
    seen++;
  }
  return out;
}

function digitCount(run: string): number {
  let count = 0;
  for (let i = 0; i < run.length; i++) if (isDigit(run.charCodeAt(i))) count++;
  return count;
}

/**
 * One run, decided: 9 or more digits are masked as one number. A run glued on the left to a
 * letter, digit or dash is someone's identifier, left readable — except what follows a space in
 * it, which is a number of its own ("A12 0512345678").
 */
function maskRun(text: string, start: number, run: string): string {
  let head = '';
  let rest = run;
  if (GLUE.test(charBefore(text, start))) {
    const space = run.search(/\s/u);
    if (space < 0) return run;
    head = run.slice(0, space + 1);
    rest = run.slice(space + 1);
  }
  return head + (digitCount(rest) >= MIN_DIGITS ? maskDigits(rest) : rest);
}

/** Each run of digits (optionally led by +, split by single spaces or dashes), found in one pass and decided on its own. */
function maskNumbers(text: string): string {
  const parts: string[] = [];
  let done = 0;
  for (let i = 0; i < text.length; i++) {
    const plus = text[i] === '+' && isDigit(text.charCodeAt(i + 1));
    if (!plus && !isDigit(text.charCodeAt(i))) continue;
    let end = plus ? i + 2 : i + 1;
    for (;;) {
      if (isDigit(text.charCodeAt(end))) end++;
      else if (end + 1 < text.length && isSeparator(text[end]) && isDigit(text.charCodeAt(end + 1))) end += 2;
      else break;
    }
    parts.push(text.slice(done, i), maskRun(text, i, text.slice(i, end)));
    done = end;
    i = end - 1;
  }
  parts.push(text.slice(done));
  return parts.join('');
}

function maskEmails(text: string): string {
  // Most text holds no "@", and so no email: it is not searched for one.
  if (!text.includes('@')) return text;
  let out = '';
  let done = 0;
  for (const match of text.matchAll(EMAIL_DOMAIN)) {
    const at = match.index;
    // The local part: the letters, digits and ._%+- right before the "@", not reaching into what was already masked.
    let start = at;
    for (let c = charBefore(text, start); start > done && c && EMAIL_LOCAL_CHAR.test(c); c = charBefore(text, start)) start -= c.length;
    if (start === at) continue;
    const [first, ...rest] = text.slice(start, at);
    out += text.slice(done, start) + first + '*'.repeat(Math.max(rest.join('').length, 3)) + match[0];
    done = at + match[0].length;
  }
  return out + text.slice(done);
}

export function maskPersonalData(text: string): string {
  return maskNumbers(maskEmails(text));
}

/** Longest string a log line carries: more is cut, so no field can make a line megabytes long. */
export const MAX_LOGGED_STRING = 2000;
/** Deepest nesting a log line carries: deeper values are replaced, so no field can overflow the stack. */
const MAX_LOGGED_DEPTH = 8;

/**
 * A string cut to MAX_LOGGED_STRING before masking. The cut also drops the word it fell in, so it
 * cannot leave the first digits of an ID or the start of an email that masking would no longer recognise.
 */
export function capForLog(text: string, max = MAX_LOGGED_STRING): string {
  if (text.length <= max) return text;
  let end = max;
  while (end > 0 && !/\s/u.test(text[end - 1]) && max - end < 320) end--;
  if (max - end >= 320) end = Math.max(0, max - 320);
  return `${text.slice(0, end)}…[${text.length - end} more characters]`;
}

/** Masks every string inside a value (log fields, nested objects and arrays), each capped first. */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalData(capForLog(value));
  if (depth >= MAX_LOGGED_DEPTH && value && typeof value === 'object') return '[nested too deep]';
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => maskDeep(v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).slice(0, 100).map(([k, v]) => [capForLog(k, 200), maskDeep(v, depth + 1)]));
  }
  return value;
}
