import { formatDay } from '../knowledge/dates/formatDate';
import { message, MessageKey } from '../knowledge/messages';
import type { Logger } from '../platform/logger';
import { AttachmentStore } from './attachmentStore';
import { newRequest } from './newRequest';
import { Delivered, Notifier } from './notifier';
import { RequestNumbers } from './requestNumbers';
import { DuplicateRequestNumberError, DuplicateSubmissionError, RequestStore } from './requestStore';
import { Request, RequestDraft, RequestNumber, StoredAttachment } from './requestSchemas';
import { RequestStatus } from './statusTransitions';

export interface RequestServiceParts {
  store: RequestStore;
  numbers: RequestNumbers;
  notifier: Notifier;
  attachments: AttachmentStore;
  logger: Logger;
  /** The clock requests are dated by; tests fix it. */
  now?: () => Date;
}

export interface SubmitOptions {
  /**
   * The form instance's id: submitting again with the same key (a replayed confirm) returns the
   * request already stored and texts nothing. Without one, every call stores a new request.
   */
  submissionKey?: string;
}

export interface Submitted {
  request: Request;
  /** True when this key had already been submitted: the request returned is the first one, stored and texted then. */
  repeated?: boolean;
  /** Files of the draft that were gone by the time it was submitted: the request went without them. */
  missing: StoredAttachment[];
}

/** A status change made, and which ways the person was told. */
export interface StatusChanged {
  request: Request;
  notified: Delivered;
}

/** Information added to a request, and which of its files were gone by then (added without them). */
export interface InformationAdded {
  request: Request;
  missing: StoredAttachment[];
}

/** How many numbers a submission tries before giving up, should the numbering repeat itself. */
const NUMBER_ATTEMPTS = 5;

/**
 * What happens to a request, in one place, whoever asks (the form, the staff API, the console):
 * submitting stores it with a fresh number and its files and texts the number; a status change is
 * recorded and told to the person; information the person adds later is recorded for staff. The stores, the numbering, the notifier and the files are seams
 * chosen by the composition root.
 */
export class RequestService {
  private readonly now: () => Date;
  /** Submissions under way, by key: a second with the same key waits for the first and returns its request. */
  private readonly submitting = new Map<string, Promise<Submitted>>();

  constructor(private readonly parts: RequestServiceParts) {
    this.now = parts.now ?? (() => new Date());
  }

  /**
   * Stores the request (throws if it could not be: nothing is kept then), then texts its number.
   * Idempotent per submission key: the same key again gives the request stored the first time.
   */
  async submit(draft: RequestDraft, { submissionKey }: SubmitOptions = {}): Promise<Submitted> {
    if (submissionKey === undefined) return this.submitOnce(draft, undefined);
    const running = this.submitting.get(submissionKey);
    if (running) return running.then(({ request }) => ({ request, missing: [], repeated: true }));
    const submission = this.submitOnce(draft, submissionKey);
    this.submitting.set(submissionKey, submission);
    const forget = () => this.submitting.delete(submissionKey);
    submission.then(forget, forget);
    return submission;
  }

  private async submitOnce(draft: RequestDraft, submissionKey: string | undefined): Promise<Submitted> {
    const { store, attachments, logger } = this.parts;
    if (submissionKey !== undefined) {
      const earlier = await store.findBySubmissionKey(submissionKey);
      if (earlier) {
        logger.info('request submitted again: the first is kept', { number: earlier.number });
        return { request: earlier, missing: [], repeated: true };
      }
    }
    const now = this.now();
    const { adopted, missing } = await attachments.adopt(draft.attachments ?? []);
    let request: Request;
    try {
      request = await this.storeNumbered({ ...draft, attachments: adopted }, now, submissionKey);
    } catch (error) {
      // Not stored: the person is told nothing was kept, so their files are not kept either.
      await attachments.discard(adopted).catch((e: Error) => logger.warn('attachments not discarded', { error: e.message }));
      // Stored meanwhile by another process with the same key (the files went with that one).
      const earlier = error instanceof DuplicateSubmissionError ? await store.findBySubmissionKey(error.submissionKey) : undefined;
      if (earlier) return { request: earlier, missing: [], repeated: true };
      throw error;
    }
    logger.info('request submitted', { number: request.number, category: request.category, attachments: request.attachments.length, missing: missing.length });
    // The request is stored and its number on screen; an SMS that fails is for operators to see.
    await this.parts.notifier.tell({
      requestNumber: request.number,
      mobile: request.mobile,
      language: request.language,
      sms: message(request.language, 'submit.sms', { number: request.number, dueDate: formatDay(request.dueDate, request.language) }),
    });
    return { request, missing };
  }

  /** Moves a request along the status graph and tells the person; undefined when there is no such request. */
  async changeStatus(number: RequestNumber, status: RequestStatus, note?: string): Promise<StatusChanged | undefined> {
    const request = await this.parts.store.updateStatus(number, status, note, this.now());
    if (!request) return undefined;
    this.parts.logger.info('request status changed', { number: request.number, status: request.status });
    const language = request.language;
    const statusText = message(language, `status.${request.status}` as MessageKey);
    const chat = [message(language, 'notify.statusChanged', { number: request.number, status: statusText }), note ? message(language, 'notify.note', { note }) : '']
      .filter(Boolean)
      .join('\n');
    const notified = await this.parts.notifier.tell({
      requestNumber: request.number,
      mobile: request.mobile,
      language,
      conversationReference: request.conversationReference,
      sms: message(language, 'notify.sms', { number: request.number, status: statusText }),
      chat,
    });
    return { request, notified };
  }

  /**
   * Adds what the person wrote and sent to their own request (they were verified as for tracking):
   * the files move out of pending like a submission's, the history records the addition, and a
   * request that was awaiting information goes back to review, which staff see in their list.
   * Throws ClosedRequestError for a resolved or rejected request (its files are then discarded);
   * undefined when there is no such request.
   */
  async addInformation(number: RequestNumber, addition: { text?: string; attachments: StoredAttachment[] }): Promise<InformationAdded | undefined> {
    const { store, attachments, logger } = this.parts;
    const { adopted, missing } = await attachments.adopt(addition.attachments);
    let request: Request | undefined;
    try {
      request = await store.addInformation(number, { text: addition.text, attachments: adopted }, this.now());
    } catch (error) {
      await attachments.discard(adopted).catch((e: Error) => logger.warn('attachments not discarded', { error: e.message }));
      throw error;
    }
    if (!request) {
      await attachments.discard(adopted);
      return undefined;
    }
    logger.info('information added to a request', { number: request.number, status: request.status, text: Boolean(addition.text), attachments: adopted.length, missing: missing.length });
    return { request, missing };
  }

  private async storeNumbered(draft: RequestDraft, now: Date, submissionKey: string | undefined): Promise<Request> {
    for (let attempt = 1; ; attempt++) {
      const numbered = newRequest(draft, await this.parts.numbers.next(now), now);
      const request = submissionKey === undefined ? numbered : { ...numbered, submissionKey };
      try {
        await this.parts.store.add(request);
        return request;
      } catch (error) {
        if (!(error instanceof DuplicateRequestNumberError) || attempt >= NUMBER_ATTEMPTS) throw error;
      }
    }
  }
}
