import { z } from 'zod';
import responseTimeFile from './response-time.json';

/** Where in the source document a rule comes from, so every reply that states it can cite it. */
export const RuleSource = z.object({ document: z.string(), section: z.string(), sectionEn: z.string() });
export type RuleSource = z.infer<typeof RuleSource>;

const ResponseTime = z.object({ workingDays: z.number().int().positive(), source: RuleSource });

/** The Directorate's promise: a request is answered within this many working days of submission. */
export const responseTime = ResponseTime.parse(responseTimeFile);
