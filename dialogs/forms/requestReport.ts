import { Activity } from 'botbuilder';
import { Language } from '../../knowledge/language';
import { message, MessageKey } from '../../knowledge/messages';
import { categoryLabel } from '../../knowledge/rules/serviceCategories';
import { CalendarDate, localDate, workingDaysBetween } from '../../knowledge/rules/workingDays';
import { isOverdue } from '../../requests/overdue';
import { Request } from '../../requests/requestSchemas';
import { isOpen, RequestStatus } from '../../requests/statusTransitions';
import { button } from '../mainMenu';

export function statusLabel(status: RequestStatus, language: Language): string {
  return message(language, `status.${status}` as MessageKey);
}

/**
 * A request as the person sees it when tracking: status, its history with dates and the officers'
 * replies, and the due date with the working days left — or, past it, an apology and an officer.
 */
export function requestReport(request: Request, language: Language, today: CalendarDate): Partial<Activity> {
  const say = (key: MessageKey, values?: Record<string, string | number>) => message(language, key, values);
  const lines = [
    say('track.request', {
      number: request.number,
      category: categoryLabel(request.category, language),
      submitted: localDate(new Date(request.createdAt)),
      status: statusLabel(request.status, language),
    }),
    say('track.history'),
  ];
  for (const entry of request.history) {
    lines.push(say('track.historyLine', { date: localDate(new Date(entry.at)), status: statusLabel(entry.status, language) }));
    if (entry.note) lines.push(say('track.historyNote', { note: entry.note }));
  }
  const overdue = isOverdue(request, today);
  if (overdue) lines.push(say('track.overdue', { dueDate: request.dueDate }));
  else if (isOpen(request.status) && today === request.dueDate) lines.push(say('track.dueToday', { dueDate: request.dueDate }));
  else if (isOpen(request.status)) lines.push(say('track.due', { dueDate: request.dueDate, days: workingDaysBetween(today, request.dueDate) }));
  const activity: Partial<Activity> = { type: 'message', text: lines.join('\n') };
  if (overdue) activity.suggestedActions = { to: [], actions: [button(say('menu.staff'))] };
  return activity;
}
