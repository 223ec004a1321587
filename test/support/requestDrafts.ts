import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { newRequest } from '../../requests/newRequest';
import { SequentialRequestNumbers } from '../../requests/requestNumbers';
import { Request, RequestDraft } from '../../requests/requestSchemas';
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

const numbering = new WeakMap<LowdbRequestStore, SequentialRequestNumbers>();

/** Stores a draft as the request service does (numbered on from the store's highest number, dated `now`), without its SMS. */
export async function storeDraft(store: LowdbRequestStore, draft: RequestDraft, now = new Date()): Promise<Request> {
  let numbers = numbering.get(store);
  if (!numbers) numbering.set(store, (numbers = new SequentialRequestNumbers(store.highestSequence)));
  const request = newRequest(draft, await numbers.next(now), now);
  await store.add(request);
  return request;
}
