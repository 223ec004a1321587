import { z } from 'zod';
import ownerOnlyFile from './owner-only.json';
import responseTimeFile from './response-time.json';

/** Where in the source document a rule comes from, so every reply that states it can cite it. */
export const RuleSource = z.object({ document: z.string(), section: z.string(), sectionEn: z.string() });
export type RuleSource = z.infer<typeof RuleSource>;

const ResponseTime = z.object({ workingDays: z.number().int().positive(), source: RuleSource });

/** The Directorate's promise: a request is answered within this many working days of submission. */
export const responseTime = ResponseTime.parse(responseTimeFile);

/** The guide's rule that only the person concerned may submit their request, and where it says so. */
export const ownerOnlyRule = z.object({ source: RuleSource }).parse(ownerOnlyFile);

/** The section title to cite, in the reply's language. */
export function citedSection(source: RuleSource, language: 'ar' | 'en'): string {
  return language === 'ar' ? source.section : source.sectionEn;
}
