/**
 * Valid Saudi ID and iqama numbers for tests: nine digits completed with the check digit that
 * makes the Luhn sum a multiple of ten (computed here independently of requests/saudiId.ts).
 */
export function withCheckDigit(nineDigits: string): string {
  for (let check = 0; check <= 9; check++) {
    const candidate = nineDigits + check;
    const sum = [...candidate].reduce((total, c, i) => {
      const d = Number(c) * (i % 2 === 0 ? 2 : 1);
      return total + Math.floor(d / 10) + (d % 10);
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/** A valid citizen ID (1…) or iqama (2…) number for index n. */
export function citizenId(n = 1): string {
  return withCheckDigit(`1${String(n).padStart(8, '0')}`);
}
export function iqamaNumber(n = 1): string {
  return withCheckDigit(`2${String(n).padStart(8, '0')}`);
}

/** The same number with its last digit changed: fails only the check digit. */
export function withWrongCheckDigit(id: string): string {
  return id.slice(0, 9) + ((Number(id[9]) + 1) % 10);
}

/** A valid Saudi mobile (05…) for index n, and its E.164 form. */
export function mobile(n = 1): { local: string; e164: string } {
  const national = `5${String(n).padStart(8, '0')}`;
  return { local: `0${national}`, e164: `+966${national}` };
}
