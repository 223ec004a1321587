import { z } from 'zod';
import { stripInvisibleMarks, toAsciiDigits } from '../knowledge/text/normalizeText';

/** Digits as people type them: Arabic-Indic or ASCII, with spaces, dashes or direction marks between. */
export function digitsOf(text: string): string {
  return toAsciiDigits(stripInvisibleMarks(text)).replace(/[\s\-–.()]/g, '');
}

/**
 * The check digit of Saudi national IDs and iqama numbers is the Luhn algorithm over all ten
 * digits: from the left, digits in odd positions are doubled (and their digits summed), and the
 * total must be a multiple of 10.
 */
export function passesIdCheckDigit(id: string): boolean {
  let sum = 0;
  for (let i = 0; i < id.length; i++) {
    const digit = Number(id[i]);
    if (i % 2 === 0) {
      const doubled = digit * 2;
      sum += doubled > 9 ? doubled - 9 : doubled;
    } else sum += digit;
  }
  return sum % 10 === 0;
}

/** Why a typed ID is not one, as a message key suffix; undefined when it is valid. */
export type SaudiIdProblem = 'length' | 'prefix' | 'checkDigit';

export function saudiIdProblem(text: string): SaudiIdProblem | undefined {
  const id = digitsOf(text);
  if (!/^\d{10}$/.test(id)) return 'length';
  if (id[0] !== '1' && id[0] !== '2') return 'prefix';
  if (!passesIdCheckDigit(id)) return 'checkDigit';
  return undefined;
}

/** A Saudi national ID (starts with 1) or iqama number (starts with 2): 10 digits passing the check digit. */
export const SaudiId = z
  .string()
  .transform(digitsOf)
  .superRefine((id, ctx) => {
    const problem = saudiIdProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
export type SaudiId = z.infer<typeof SaudiId>;

/** Whether the number is a citizen's national ID (1…) or a resident's iqama (2…). */
export function idHolder(id: SaudiId): 'citizen' | 'resident' {
  return id.startsWith('1') ? 'citizen' : 'resident';
}
