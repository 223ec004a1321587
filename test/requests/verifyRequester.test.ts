import { newRequest } from '../../requests/newRequest';
import { readVerifier, verifies } from '../../requests/verifyRequester';
import { draftFor } from '../support/requestDrafts';
import { citizenId } from '../support/saudiIds';

const request = newRequest(draftFor(1, { mobile: '+966512345678', nationalId: citizenId(123), email: 'ahmad.ali@example.com' }), 'TW-2026-000001', new Date('2026-11-22T07:00:00Z'));
const check = (typed: string) => {
  const verifier = readVerifier(typed);
  return verifier !== undefined && verifies(request, verifier);
};

test.each([
  ['the mobile as submitted', '+966512345678'],
  ['the mobile written locally', '0512345678'],
  ['the mobile without its leading zero', '512345678'],
  ['the mobile in Arabic-Indic digits', '٠٥١٢٣٤٥٦٧٨'],
  ['the ID', citizenId(123)],
  ['the email', 'ahmad.ali@example.com'],
])('%s verifies the request', (_name, typed) => {
  expect(check(typed)).toBe(true);
});

// Each wrong value shares its last digits (or letters) with the right one, so a check of the ends only would pass it.
test.each([
  ['a mobile differing only in its first digits', '+966592345678'],
  ['a mobile differing only in the middle', '0512999678'],
  ['another ID with the same last three digits', citizenId(9123)],
  ['an email with the same domain and ending', 'zahmad.ali@example.com'],
  ['an email at another domain', 'ahmad.ali@example.org'],
])('%s does not verify it', (_name, typed) => {
  expect(readVerifier(typed)).toBeDefined();
  expect(check(typed)).toBe(false);
});
