import { z } from 'zod';
import { Language } from '../knowledge/language';
import { stripInvisibleMarks, toAsciiDigits } from '../knowledge/text/normalizeText';
import { CalendarDate } from '../knowledge/rules/workingDays';
import { ServiceCategoryId } from '../knowledge/rules/serviceCategories';
import { Email, SaudiMobile } from './contactDetails';
import { SaudiId } from './saudiId';
import { RequestStatus } from './statusTransitions';

/**
 * A request number as the SMS gives it: "TW-2026-000042" (year of submission, then a sequence).
 * Typed back in any case, with or without dashes, in Arabic-Indic or Persian digits, with the
 * direction marks an RTL keyboard or a copy from an SMS leaves, or with an extra leading zero, it
 * reads the same: the sequence is read as a number and written back by formatRequestNumber.
 */
export const RequestNumber = z.string().transform((text, ctx): string => {
  const compact = stripInvisibleMarks(toAsciiDigits(text.normalize('NFKC')))
    .replace(/[\s\-\u2010-\u2015\u2212_.]/g, '')
    .toUpperCase();
  const match = /^TW(\d{4})(\d{6,})$/.exec(compact);
  // More than nine significant digits is no number we could have given (and would not survive Number()).
  if (!match || match[2].replace(/^0+/, '').length > 9) {
    ctx.addIssue({ code: 'custom', message: 'requestNumber' });
    return z.NEVER;
  }
  return formatRequestNumber(Number(match[1]), Number(match[2]));
});
export type RequestNumber = z.infer<typeof RequestNumber>;

export function formatRequestNumber(year: number, sequence: number): RequestNumber {
  return `TW-${year}-${String(sequence).padStart(6, '0')}`;
}

export function sequenceOf(number: RequestNumber): number {
  return Number(number.slice(8));
}

export const ApplicantType = z.enum(['citizen', 'resident', 'establishment']);
export type ApplicantType = z.infer<typeof ApplicantType>;

export const StoredAttachment = z.object({
  id: z.uuid(),
  name: z.string().max(200),
  contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  bytes: z.number().int().nonnegative(),
  /** Relative to DATA_DIR. */
  file: z.string(),
});
export type StoredAttachment = z.infer<typeof StoredAttachment>;

export const DESCRIPTION_MIN = 20;
export const DESCRIPTION_MAX = 1000;
export const Description = z.string().trim().min(DESCRIPTION_MIN, 'tooShort').max(DESCRIPTION_MAX, 'tooLong');

/** What a person gives in the form; validated again when stored. */
export const RequestDraft = z.object({
  applicantType: ApplicantType,
  category: ServiceCategoryId,
  description: Description,
  attachments: z.array(StoredAttachment).max(5).default([]),
  nationalId: SaudiId,
  mobile: SaudiMobile,
  email: Email,
  language: Language,
  /**
   * Where to tell the person about changes: the channel's conversation reference, kept as plain
   * JSON (the domain does not know botbuilder's types; bot/ reads it back as a ConversationReference).
   */
  conversationReference: z.record(z.string(), z.unknown()).optional(),
});
export type RequestDraft = z.input<typeof RequestDraft>;

/** Information the person added to their request after submitting it: what they wrote, and the files by name. */
export const AddedInformation = z.object({
  text: z.string().max(DESCRIPTION_MAX).optional(),
  files: z.array(z.object({ id: z.uuid(), name: z.string().max(200) })),
});
export type AddedInformation = z.infer<typeof AddedInformation>;

/**
 * One line of a request's history: a status it took (with the officer's note), or information the
 * person added (`by: 'requester'`, `added`), with the status the request had after the addition.
 */
export const StatusEntry = z.object({
  status: RequestStatus,
  at: z.iso.datetime(),
  note: z.string().max(2000).optional(),
  by: z.enum(['staff', 'requester']).optional(),
  added: AddedInformation.optional(),
});
export type StatusEntry = z.infer<typeof StatusEntry>;

/** Files a request may hold in all: those of the form, and those added later. */
export const MAX_REQUEST_FILES = 20;

export const Request = RequestDraft.extend({
  attachments: z.array(StoredAttachment).max(MAX_REQUEST_FILES).default([]),
  id: z.uuid(),
  number: z.string().regex(/^TW-\d{4}-\d{6,}$/),
  status: RequestStatus,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The last day of the promised response time, in Saudi working days. */
  dueDate: CalendarDate,
  history: z.array(StatusEntry).min(1),
  /** The form instance that submitted it: a second submission with the same key is this request again. */
  submissionKey: z.string().min(1).max(100).optional(),
});
export type Request = z.infer<typeof Request>;
