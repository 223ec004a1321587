import { RequestDraft } from '../../requests/requestSchemas';
import { citizenId, mobile } from './saudiIds';

/** A valid request as the form would give it, for person n. */
export function draftFor(n: number, overrides: Partial<RequestDraft> = {}): RequestDraft {
  return {
    applicantType: 'citizen',
    category: 'passport',
    description: `My passport renewal number ${n} is stuck at the payment step.`,
    attachments: [],
    nationalId: citizenId(n),
    mobile: mobile(n).e164,
    email: `person${n}@example.com`,
    language: 'en',
    ...overrides,
  };
}
