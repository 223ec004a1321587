import { HandoffCase, QueueStanding, RelayFile, RelayMessage } from './handoffQueue';

/** A case as the console lists it: without the channel's reference or the messages. */
export type CaseSummary = Omit<HandoffCase, 'conversationReference' | 'messages'> & { position?: number };

/** A message as staff see it: the files' names and sizes, not where they are kept. */
export const shownMessage = (said: RelayMessage): RelayMessage =>
  said.files ? { ...said, files: said.files.map(({ file: _file, ...shown }) => shown as RelayFile) } : said;

export const summary = ({ conversationReference: _r, messages: _m, ...rest }: HandoffCase, position?: number): CaseSummary => ({ ...rest, ...(position ? { position } : {}) });

/** A case's place in the order staff work them, as a string that sorts so (see HandoffService.list). */
export const workOrderKey = (c: HandoffCase): string => {
  if (c.status === 'waiting') return `0|${c.queuedAt}|${c.id}`;
  if (c.status === 'assigned') return `1|${c.queuedAt}|${c.id}`;
  const newestFirst = String(9e15 - Date.parse(c.endedAt ?? c.createdAt)).padStart(16, '0');
  return `2|${newestFirst}|${c.id}`;
};

/** The wait estimate's guess of a conversation's length before any has ended. */
const DEFAULT_HANDLING_MINUTES = 5;

/** Place in the queue, first come first served, and a rough wait: place × a recent conversation's length ÷ agents busy. */
export function placeInQueue({ position, recentHandlingMinutes: recent, busyAgents }: QueueStanding): { position: number; waitMinutes: number } {
  const handling = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : DEFAULT_HANDLING_MINUTES;
  const agents = Math.max(1, busyAgents);
  return { position, waitMinutes: Math.max(1, Math.ceil((position * handling) / agents)) };
}
