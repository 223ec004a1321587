import { message } from '../knowledge/messages';
import { Logger } from '../platform/logger';
import { CaseFiles } from './caseFiles';
import { placeInQueue } from './caseSummaries';
import { HandoffCase, HandoffQueue, MINUTE_MS } from './handoffQueue';
import { StaffSchedule } from './staffHours';

/** A waiting case with nobody to take it is closed after this long within staff hours, and the person told. */
const WAIT_LIMIT_MS = 4 * 60 * MINUTE_MS;

export interface HandoffSweepParts {
  queue: HandoffQueue;
  schedule: StaffSchedule;
  files: CaseFiles;
  logger: Logger;
  now: () => Date;
  agentTimeoutMs: number;
  /** The console hears of a case changed (with its place when waiting). */
  caseChanged(changed: HandoffCase, position?: number): void;
  /** A message from the bot to the person of a case. */
  tell(c: HandoffCase, text: string): Promise<void>;
}

/**
 * What time does to cases: an agent gone silent puts the case back in the queue, a wait that went on
 * too long is closed, and a finished case's files are deleted after the retention period.
 */
export class HandoffSweep {
  constructor(private readonly parts: HandoffSweepParts) {}

  /** Returns cases whose agent went silent to the queue, and closes waits that went on too long. */
  async sweep(): Promise<void> {
    const { queue, logger, agentTimeoutMs } = this.parts;
    const now = this.parts.now();
    for (const c of await queue.list(['assigned', 'waiting'])) {
      if (c.status === 'assigned' && now.getTime() - Date.parse(c.lastAgentAt ?? c.assignedAt!) > agentTimeoutMs) {
        const returned = await queue.change(c.id, (current) =>
          current.status === 'assigned' && current.lastAgentAt === c.lastAgentAt
            ? { ...current, status: 'waiting', agent: undefined, agentName: undefined, assignedAt: undefined, lastAgentAt: undefined, queuedAt: current.createdAt, returns: current.returns + 1 }
            : false,
        );
        if (returned?.status !== 'waiting') continue;
        logger.info('handoff returned to the queue: the agent was silent', { caseId: c.id, agent: c.agent });
        const { position } = placeInQueue(await queue.standing(returned.id));
        this.parts.caseChanged(returned, position);
        await this.parts.tell(returned, message(returned.language, 'handoff.returned', { position }));
      } else if (c.status === 'waiting' && this.waitedTooLong(c, now)) {
        const expired = await queue.change(c.id, (current) => (current.status === 'waiting' ? { ...current, status: 'expired', endedAt: now.toISOString(), endedBy: 'system' } : false));
        if (expired?.status !== 'expired') continue;
        this.parts.caseChanged(expired);
        await this.parts.tell(expired, message(expired.language, 'handoff.expired'));
      }
    }
  }

  /**
   * A wait counts only while staff are working: someone who joined on Friday waits from Sunday's
   * opening, and nobody expires while staff are away.
   */
  private waitedTooLong(c: HandoffCase, now: Date): boolean {
    const { schedule } = this.parts;
    const { open } = schedule.availability(now);
    if (!open) return false;
    const since = Math.max(Date.parse(c.queuedAt), schedule.openedAt(now)?.getTime() ?? 0);
    return now.getTime() - since > WAIT_LIMIT_MS;
  }

  /**
   * What a case that ended more than `retentionDays` ago holds of the person goes, as their
   * transcript does (TRANSCRIPT_RETENTION_DAYS): what was said, the files, the rating's comment and
   * the channel's address. What the desk is measured by stays: the status, the times, the officer and
   * the rating; a rating still asked for is asked no more. Returns how many files went.
   */
  async forgetEnded(retentionDays: number): Promise<number> {
    const { queue, files } = this.parts;
    const cutoff = this.parts.now().getTime() - retentionDays * 24 * 60 * MINUTE_MS;
    let removed = 0;
    for (const c of await queue.list(['resolved', 'abandoned', 'expired'])) {
      if (!c.endedAt || Date.parse(c.endedAt) > cutoff || !holdsThePerson(c)) continue;
      const kept = c.messages.flatMap((m) => m.files ?? []).filter((f) => !f.deleted);
      // The files first: a case is emptied only once its files are gone, so none is left unnamed.
      if (kept.length) await files.discard(kept);
      await queue.change(c.id, ({ comment: _comment, ...current }) => ({
        ...current,
        messages: [],
        conversationReference: null,
        feedback: current.feedback === 'rating' || current.feedback === 'comment' ? 'done' : current.feedback,
      }));
      removed += kept.length;
    }
    return removed;
  }
}

/** Whether an ended case still holds anything of the person (forgetEnded has not been by). */
const holdsThePerson = (c: HandoffCase): boolean => c.messages.length > 0 || c.comment !== undefined || (c.conversationReference ?? null) !== null;
