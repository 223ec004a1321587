import { CalendarDate } from '../knowledge/rules/workingDays';
import { ServiceCategoryId } from '../knowledge/rules/serviceCategories';
import { AddedInformation, Request, RequestNumber, StoredAttachment } from './requestSchemas';
import { isOpen, RequestStatus } from './statusTransitions';

export interface RequestFilter {
  status?: RequestStatus;
  category?: ServiceCategoryId;
  /** Submitted on or after this date (Riyadh). */
  submittedFrom?: CalendarDate;
  /** Submitted on or before this date (Riyadh). */
  submittedTo?: CalendarDate;
  /** Still open and past its due date on this day. */
  overdueOn?: CalendarDate;
  offset?: number;
  limit?: number;
}

export interface RequestPage {
  total: number;
  requests: Request[];
}

/** A status change staff asked for that the status graph does not allow. */
export class InvalidTransitionError extends Error {
  constructor(
    readonly from: RequestStatus,
    readonly to: RequestStatus,
  ) {
    super(`a request that is ${from} cannot become ${to}`);
  }
}

/** Information added to a request that is already resolved or rejected: it is closed, nothing more is taken. */
export class ClosedRequestError extends Error {
  constructor(readonly status: RequestStatus) {
    super(`a request that is ${status} takes no more information`);
  }
}

/** A request number the store already holds: the numbering gave one twice, and the caller takes another. */
export class DuplicateRequestNumberError extends Error {
  constructor(readonly number: RequestNumber) {
    super(`request number ${number} is already taken`);
  }
}

/** A submission key the store already holds: the same form was submitted twice; the caller returns the first. */
export class DuplicateSubmissionError extends Error {
  constructor(readonly submissionKey: string) {
    super('this form was already submitted');
  }
}

/**
 * Where requests live. Kept narrow on purpose (a PostgreSQL implementation follows): each method
 * is one query. Look-ups by number and by person are expected to stay fast at any size.
 */
export interface RequestStore {
  /**
   * Stores a new request (numbered and dated by the request service); refuses a number already held
   * (DuplicateRequestNumberError) and a submission key already held (DuplicateSubmissionError).
   */
  add(request: Request): Promise<void>;
  get(number: RequestNumber): Promise<Request | undefined>;
  /** The request stored with this submission key, if any. */
  findBySubmissionKey(submissionKey: string): Promise<Request | undefined>;
  /** Every request of the person with this ID and mobile (both must match), newest first. */
  findByPerson(nationalId: string, mobile: string): Promise<Request[]>;
  list(filter?: RequestFilter): Promise<RequestPage>;
  /** Moves a request along the status graph with an optional note; undefined when there is no such request. */
  updateStatus(number: RequestNumber, status: RequestStatus, note?: string, now?: Date): Promise<Request | undefined>;
  /**
   * Records information the person added: a history entry by the requester, the files (already
   * adopted) appended to the request's. A request awaiting information goes back to review; an open
   * one keeps its status; a closed one is refused (ClosedRequestError). Undefined when there is no such request.
   */
  addInformation(number: RequestNumber, addition: NewInformation, now?: Date): Promise<Request | undefined>;
}

/** What a person adds to their request: text, files, or both. */
export interface NewInformation {
  text?: string;
  attachments: StoredAttachment[];
}

/** The request as it becomes once `addition` is recorded at `at` (the rule every store applies). */
export function withInformation(request: Request, addition: NewInformation, at: string): Request {
  if (!isOpen(request.status)) throw new ClosedRequestError(request.status);
  // The person answered what staff asked for: the request is theirs to review again.
  const status: RequestStatus = request.status === 'awaiting_info' ? 'in_review' : request.status;
  const added: AddedInformation = { ...(addition.text ? { text: addition.text } : {}), files: addition.attachments.map(({ id, name }) => ({ id, name })) };
  return {
    ...structuredClone(request),
    status,
    updatedAt: at,
    attachments: [...request.attachments, ...addition.attachments],
    history: [...request.history, { status, at, by: 'requester', added }],
  };
}
