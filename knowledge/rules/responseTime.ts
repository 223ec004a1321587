import { content } from '../content';
import { RuleSource } from '../contentSchemas';

export { RuleSource };

/** The Directorate's promise: a request is answered within this many working days of submission. */
export const responseTime = () => content().rules.responseTime;

/** The guide's rule that only the person concerned may submit their request, and where it says so. */
export const ownerOnlyRule = () => content().rules.ownerOnly;

/** The section title to cite, in the reply's language. */
export function citedSection(source: RuleSource, language: 'ar' | 'en'): string {
  return language === 'ar' ? source.section : source.sectionEn;
}
