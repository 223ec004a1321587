import crypto from 'node:crypto';
import { responseTime } from '../knowledge/rules/responseTime';
import { addWorkingDays, localDate, WorkingCalendar, saudiCalendar } from '../knowledge/rules/workingDays';
import { Request, RequestDraft } from './requestSchemas';

/**
 * A request as it is first stored: status "received", due the number of working days the guide
 * promises (knowledge/rules/response-time.json) after the day it was submitted.
 */
export function newRequest(draft: RequestDraft, number: string, now: Date, calendar: WorkingCalendar = saudiCalendar()): Request {
  const at = now.toISOString();
  const parsed = RequestDraft.parse(draft);
  return Request.parse({
    ...parsed,
    id: crypto.randomUUID(),
    number,
    status: 'received',
    createdAt: at,
    updatedAt: at,
    dueDate: addWorkingDays(localDate(now, calendar), responseTime().workingDays, calendar),
    history: [{ status: 'received', at }],
  });
}
