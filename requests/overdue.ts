import { CalendarDate } from '../knowledge/rules/workingDays';
import { Request } from './requestSchemas';
import { isOpen } from './statusTransitions';

/**
 * Whether a request has passed its promised response time on `today`: still open, and its due date
 * (the last of its working days, see newRequest) is behind us; due today is not yet overdue. The one
 * place this rule lives: tracking, the staff API and the store's overdue filter all call it, each
 * with a `today` taken once for the whole answer.
 */
export function isOverdue(request: Pick<Request, 'status' | 'dueDate'>, today: CalendarDate): boolean {
  return isOpen(request.status) && request.dueDate < today;
}
