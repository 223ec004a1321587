import { z } from 'zod';

export const RequestStatus = z.enum(['received', 'in_review', 'awaiting_info', 'resolved', 'rejected']);
export type RequestStatus = z.infer<typeof RequestStatus>;

/**
 * Which status may follow which, as data: staff move a request along this graph and nowhere else.
 * A request waiting for information goes back to review once the person answers; resolved and
 * rejected are final.
 */
export const STATUS_TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  received: ['in_review', 'rejected'],
  in_review: ['awaiting_info', 'resolved', 'rejected'],
  awaiting_info: ['in_review', 'resolved', 'rejected'],
  resolved: [],
  rejected: [],
};

export function canMove(from: RequestStatus, to: RequestStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

export function isOpen(status: RequestStatus): boolean {
  return STATUS_TRANSITIONS[status].length > 0;
}
