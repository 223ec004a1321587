import { Email, SaudiMobile } from './contactDetails';
import { Request } from './requestSchemas';
import { SaudiId } from './saudiId';

/** Which kind of verifier a typed value is, read as an ID, a mobile, or an email; undefined if none. */
export function readVerifier(text: string): { kind: 'nationalId' | 'mobile' | 'email'; value: string } | undefined {
  const id = SaudiId.safeParse(text);
  if (id.success) return { kind: 'nationalId', value: id.data };
  const mobile = SaudiMobile.safeParse(text);
  if (mobile.success) return { kind: 'mobile', value: mobile.data };
  const email = Email.safeParse(text);
  if (email.success) return { kind: 'email', value: email.data };
  return undefined;
}

/** Whether the verifier belongs to the person who submitted the request. */
export function verifies(request: Request, verifier: { kind: 'nationalId' | 'mobile' | 'email'; value: string }): boolean {
  return request[verifier.kind] === verifier.value;
}
