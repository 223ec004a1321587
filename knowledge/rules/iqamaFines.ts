import fs from 'node:fs';
import { z } from 'zod';
import { projectFile } from '../projectFiles';

const Quote = z.object({ ar: z.string().min(1), en: z.string().min(1) });

export const OffenceRung = z.discriminatedUnion('consequence', [
  z.object({ offence: z.number().int().positive(), consequence: z.literal('fine'), amountSar: z.number().int().positive(), quote: Quote }),
  z.object({ offence: z.number().int().positive(), consequence: z.literal('deportation'), quote: Quote }),
]);
export type OffenceRung = z.infer<typeof OffenceRung>;

export const IqamaFineRules = z.object({
  /** The section of the source document the ladder is taken from, by its heading. */
  source: z.object({ file: z.string(), section: z.string() }),
  offences: z
    .array(OffenceRung)
    .min(1)
    .refine((rungs) => rungs.every((r, i) => r.offence === i + 1), 'offences must be numbered 1, 2, 3… in order'),
  /** Headings of the sections a reply about fines points to. */
  relatedSections: z.object({ renewalRequirements: z.string(), expiryCheck: z.string() }),
});
export type IqamaFineRules = z.infer<typeof IqamaFineRules>;

export const IQAMA_FINES_FILE = projectFile('knowledge', 'rules', 'iqamaFines.json');

/** Reads and validates the ladder; a malformed file stops the service at start-up, naming the problem. */
export function readIqamaFineRules(file = IQAMA_FINES_FILE): IqamaFineRules {
  return IqamaFineRules.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/**
 * The rung for the n-th late renewal. The guide's last rung (deportation on the third) is the one
 * it states for any later offence too: the document says nothing milder happens after it.
 */
export function rungFor(rules: IqamaFineRules, offence: number): OffenceRung {
  const last = rules.offences[rules.offences.length - 1];
  return rules.offences.find((r) => r.offence === Math.max(1, offence)) ?? last;
}
