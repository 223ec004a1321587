import { Language } from '../../knowledge/language';
import { message, MessageKey } from '../../knowledge/messages';
import { Email, SaudiMobile } from '../../requests/contactDetails';
import { Description, DESCRIPTION_MAX, DESCRIPTION_MIN, ApplicantType } from '../../requests/requestSchemas';
import { saudiIdProblem, digitsOf } from '../../requests/saudiId';

/** A typed answer read as the field wants it, or the reason it is not one, in the user's language. */
export type Checked = { ok: true; value: string } | { ok: false; reason: string };

export function checkDescription(text: string, language: Language): Checked {
  const parsed = Description.safeParse(text);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problem = parsed.error.issues[0]?.message === 'tooLong' ? 'tooLong' : 'tooShort';
  return { ok: false, reason: message(language, `submit.invalid.description.${problem}`, { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX }) };
}

/** An ID or iqama number, which must also agree with the applicant type given (citizens 1…, residents 2…). */
export function checkNationalId(text: string, language: Language, applicantType?: ApplicantType): Checked {
  const problem = saudiIdProblem(text);
  if (problem) return { ok: false, reason: message(language, `submit.invalid.nationalId.${problem}` as MessageKey) };
  const id = digitsOf(text);
  if (applicantType === 'citizen' && !id.startsWith('1')) return { ok: false, reason: message(language, 'submit.invalid.nationalId.citizen') };
  if (applicantType === 'resident' && !id.startsWith('2')) return { ok: false, reason: message(language, 'submit.invalid.nationalId.resident') };
  return { ok: true, value: id };
}

export function checkMobile(text: string, language: Language): Checked {
  const parsed = SaudiMobile.safeParse(text);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: message(language, 'submit.invalid.mobile') };
}

export function checkEmail(text: string, language: Language): Checked {
  const parsed = Email.safeParse(text);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: message(language, 'submit.invalid.email') };
}
