import { Activity } from 'botbuilder';
import { Language } from '../../knowledge/language';
import { message, MessageKey } from '../../knowledge/messages';
import { categoryLabel } from '../../knowledge/rules/serviceCategories';
import { formatDay } from '../../knowledge/dates/formatDate';
import { CalendarDate, localDate, workingDaysBetween } from '../../knowledge/rules/workingDays';
import { isOverdue } from '../../requests/overdue';
import { Request } from '../../requests/requestSchemas';
import { isOpen, RequestStatus } from '../../requests/statusTransitions';
import { button } from '../mainMenu';

export function statusLabel(status: RequestStatus, language: Language): string {
  return message(language, `status.${status}` as MessageKey);
}

/**
 * A request as the person sees it when tracking: what it is and where it stands, then when to expect
 * the answer (with the working days left) — or, past it, an apology and an officer — then its history
 * with the officers' replies, and what the person can do next.
 */
export function requestReport(request: Request, language: Language, today: CalendarDate): Partial<Activity> {
  const say = (key: MessageKey, values?: Record<string, string | number>) => message(language, key, values);
  const day = (instant: string) => formatDay(localDate(new Date(instant)), language);
  const due = formatDay(request.dueDate, language, { hijri: true });
  const lines = [
    say('track.request', {
      number: request.number,
      category: categoryLabel(request.category, language),
      submitted: day(request.createdAt),
      status: statusLabel(request.status, language),
    }),
  ];
  const overdue = isOverdue(request, today);
  if (overdue) lines.push(say('track.overdue', { dueDate: due }));
  else if (isOpen(request.status) && today === request.dueDate) lines.push(say('track.dueToday', { dueDate: due }));
  else if (isOpen(request.status)) lines.push(say('track.due', { dueDate: due, days: workingDaysBetween(today, request.dueDate) }));
  lines.push('', say('track.history'));
  for (const entry of request.history) {
    if (entry.added) {
      lines.push(say('track.historyAdded', { date: day(entry.at) }));
      if (entry.added.files.length) lines.push(say('track.historyFiles', { names: entry.added.files.map((f) => f.name).join('، ') }));
      continue;
    }
    lines.push(say('track.historyLine', { date: day(entry.at), status: statusLabel(entry.status, language) }));
    if (entry.note) lines.push(say('track.historyNote', { note: entry.note }));
  }
  const next = [...(overdue ? ['menu.staff' as const] : []), 'menu.track' as const, 'menu.show' as const];
  const actions = next.map((key) => button(say(key)));
  // Staff asked for something: answering it is one press away (the number goes with the press, the owner is verified again).
  if (request.status === 'awaiting_info') actions.unshift(button(say('track.addInfo'), say('track.addInfoFor', { number: request.number })));
  return { type: 'message', text: lines.join('\n'), suggestedActions: { to: [], actions } };
}
