/**
 * Hides national IDs, iqama numbers, mobiles and emails inside any text, leaving enough to tell
 * records apart when reading a log: 1234567890 → 1*******90, +966512345678 → +9665*****678,
 * ahmad@example.com → a****@example.com. Arabic-Indic digits are masked like ASCII ones.
 */
const DIGIT = '[0-9\\u0660-\\u0669\\u06F0-\\u06F9]';
const EMAIL = /([\p{L}\p{N}._%+-])([\p{L}\p{N}._%+-]*)(@[\p{L}\p{N}.-]+\.[\p{L}]{2,})/gu;
// A run of 9 to 14 digits, optionally led by + and split by spaces or dashes: IDs (10) and mobiles
// (9–14). Not when glued to a letter, digit or dash before it, so "TW-2026-000042" and ids stay readable.
const DIGIT_RUN = new RegExp(`(?<![\\p{L}\\p{N}-])\\+?${DIGIT}(?:[\\s-]?${DIGIT}){8,13}(?!\\p{N})`, 'gu');

function maskDigits(run: string): string {
  const plus = run.startsWith('+');
  const digits = [...run].filter((c) => /\p{N}/u.test(c));
  const keepStart = plus ? 4 : 1;
  const keepEnd = plus ? 3 : 2;
  return (plus ? '+' : '') + digits.map((d, i) => (i < keepStart || i >= digits.length - keepEnd ? d : '*')).join('');
}

export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, (_whole, first: string, rest: string, domain: string) => `${first}${'*'.repeat(Math.max(rest.length, 3))}${domain}`).replace(DIGIT_RUN, maskDigits);
}

/** Masks every string inside a value (log fields, nested objects and arrays). */
export function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  }
  return value;
}
