import { content } from '../content';
import { IqamaFineRules, OffenceRung } from '../contentSchemas';

export { IqamaFineRules, OffenceRung };

/** The ladder of consequences, from knowledge/content/rules/iqama-fines.json. */
export const iqamaFineRules = (): IqamaFineRules => content().rules.iqamaFines;

/**
 * The rung for the n-th late renewal. The guide's last rung (deportation on the third) is the one
 * it states for any later offence too: the document says nothing milder happens after it.
 */
export function rungFor(rules: IqamaFineRules, offence: number): OffenceRung {
  const last = rules.offences[rules.offences.length - 1];
  return rules.offences.find((r) => r.offence === Math.max(1, offence)) ?? last;
}
