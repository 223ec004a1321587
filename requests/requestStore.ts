import { CalendarDate } from '../knowledge/rules/workingDays';
import { ServiceCategoryId } from '../knowledge/rules/serviceCategories';
import { Request, RequestNumber } from './requestSchemas';
import { RequestStatus } from './statusTransitions';

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
}
