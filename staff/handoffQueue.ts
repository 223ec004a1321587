import { z } from 'zod';
import { Language } from '../knowledge/language';
import { StoredAttachment } from '../requests/requestSchemas';

/** waiting → assigned → resolved; a waiting case may be abandoned (the person left) or expire; an assigned one may return to waiting. */
export const HandoffStatus = z.enum(['waiting', 'assigned', 'resolved', 'abandoned', 'expired']);
export type HandoffStatus = z.infer<typeof HandoffStatus>;

/** Why the person is talking to staff: they asked, or accepted the bot's offer. */
export const HandoffReason = z.enum(['asked', 'offered']);

/** A file said in a case: its bytes stay in the attachment store; `deleted` once the retention period is over. */
export const RelayFile = StoredAttachment.extend({ deleted: z.boolean().optional() });
export type RelayFile = z.infer<typeof RelayFile>;

export const RelayMessage = z.object({
  from: z.enum(['person', 'agent', 'system']),
  text: z.string(),
  at: z.string(),
  /** The agent's username, on agent messages. */
  agent: z.string().optional(),
  files: z.array(RelayFile).optional(),
});
export type RelayMessage = z.infer<typeof RelayMessage>;

export const HandoffCase = z.object({
  id: z.string(),
  conversationId: z.string(),
  /** The channel's reference to the conversation (plain JSON), for proactive messages. */
  conversationReference: z.unknown(),
  channelId: z.string(),
  language: Language,
  reason: HandoffReason,
  status: HandoffStatus,
  createdAt: z.string(),
  /** When the case last (re)joined the queue: its place and waiting time count from here. */
  queuedAt: z.string(),
  agent: z.string().optional(),
  agentName: z.string().optional(),
  assignedAt: z.string().optional(),
  /** The agent's last sign of life (claim, message): silence past the timeout returns the case. */
  lastAgentAt: z.string().optional(),
  endedAt: z.string().optional(),
  endedBy: z.enum(['agent', 'person', 'system']).optional(),
  /** After the end: the bot asks for a rating, then an optional comment. */
  feedback: z.enum(['rating', 'comment', 'done']).optional(),
  rating: z.number().int().min(1).max(5).optional(),
  comment: z.string().optional(),
  /** Agents who took the case and went silent. */
  returns: z.number().int().default(0),
  /** Whether an agent ever claimed the case: its transcript is then shown unmasked. */
  claimedOnce: z.boolean().default(false),
  messages: z.array(RelayMessage).default([]),
});
export type HandoffCase = z.infer<typeof HandoffCase>;

export type NewCase = Pick<HandoffCase, 'conversationId' | 'conversationReference' | 'channelId' | 'language' | 'reason'>;

/** How many of the latest conversations with an officer the wait estimate averages. */
export const RECENT_HANDLED = 20;

/**
 * What a waiting case's place and expected wait are worked out from (staff/caseSummaries.ts). The
 * queue answers it from what it indexes, not by handing over every case it keeps: it is asked at
 * every message a waiting person sends, and the cases kept only grow.
 */
export interface QueueStanding {
  /** 1 for the case queued first among those waiting (ties in the order added); 0 when the case is not waiting. */
  position: number;
  /** How long the latest resolved conversations with an officer lasted, in minutes: at most RECENT_HANDLED, latest ended first. */
  recentHandlingMinutes: number[];
  /** Officers with a case now. */
  busyAgents: number;
}

export const MINUTE_MS = 60_000;

/** A resolved case's time with its officer, in minutes; undefined if it never had one. */
export function handlingMinutes(c: Pick<HandoffCase, 'assignedAt' | 'endedAt'>): number | undefined {
  return c.assignedAt && c.endedAt ? (Date.parse(c.endedAt) - Date.parse(c.assignedAt)) / MINUTE_MS : undefined;
}

/**
 * Whether the person is still in the case: waiting, with an officer, or asked for feedback after the
 * end. The handoff takes their messages only then (postgres/currentCaseConversations.ts says it in SQL).
 */
export function isCurrent(found: HandoffCase): boolean {
  return found.status === 'waiting' || found.status === 'assigned' || (found.status === 'resolved' && (found.feedback === 'rating' || found.feedback === 'comment'));
}

/** A claim on a case that is no longer waiting: another agent took it first (HTTP 409). */
export class CaseTakenError extends Error {
  constructor(readonly current: HandoffCase) {
    super(`case ${current.id} is ${current.status}${current.agent ? ` (taken by ${current.agent})` : ''}`);
  }
}

/**
 * The handoff queue: cases by id and by conversation. Each change is made whole or not at all
 * (`change` runs its function with no other change in between), which makes a claim atomic.
 */
export interface HandoffQueue {
  add(newCase: NewCase, at: Date): Promise<HandoffCase>;
  get(id: string): Promise<HandoffCase | undefined>;
  /** The newest case of a conversation, whatever its status. */
  latestFor(conversationId: string): Promise<HandoffCase | undefined>;
  /** The newest case of a conversation if it is current (isCurrent); asked at every message of every conversation. */
  currentFor(conversationId: string): Promise<HandoffCase | undefined>;
  list(statuses?: HandoffStatus[]): Promise<HandoffCase[]>;
  /** Where the case stands in the queue (QueueStanding); position 0 if it is not waiting or not found. */
  standing(id: string): Promise<QueueStanding>;
  /**
   * Applies `apply` to the stored case, atomically, and stores the result. `apply` may throw to refuse
   * (nothing is stored) or return false to leave the case as it was. Undefined when there is no such case.
   */
  change(id: string, apply: (current: HandoffCase) => HandoffCase | false): Promise<HandoffCase | undefined>;
}
