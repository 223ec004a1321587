import { z } from 'zod';
import { normalizeForMatching, stripInvisibleMarks } from '../knowledge/text/normalizeText';
import { digitsOf } from './saudiId';

/**
 * A Saudi mobile number, accepted as people write it — 05XXXXXXXX, 5XXXXXXXX, +9665XXXXXXXX,
 * 009665XXXXXXXX, 9665XXXXXXXX, in ASCII or Arabic-Indic digits — and kept as E.164 (+9665XXXXXXXX).
 */
export function toSaudiE164(text: string): string | undefined {
  const digits = digitsOf(text).replace(/^\+/, '00');
  const national = /^(?:00966|966|0)?(5\d{8})$/.exec(digits)?.[1];
  return national ? `+966${national}` : undefined;
}

export const SaudiMobile = z.string().transform((text, ctx) => {
  const e164 = toSaudiE164(text);
  if (!e164) {
    ctx.addIssue({ code: 'custom', message: 'mobile' });
    return z.NEVER;
  }
  return e164;
});
export type SaudiMobile = z.infer<typeof SaudiMobile>;

/** An email address as RFC 5321/5322 allow in practice (zod's rule), trimmed and lower-cased for matching. */
export const Email = z
  .string()
  .transform((text) => normalizeForMatching(stripInvisibleMarks(text)))
  .pipe(z.email({ message: 'email' }).max(254));
export type Email = z.infer<typeof Email>;
