import { message } from '../knowledge/messages';
import { Logger } from '../platform/logger';
import { CaseFiles } from './caseFiles';
import { MINUTE_MS, placeInQueue } from './caseSummaries';
import { HandoffCase, HandoffQueue } from './handoffQueue';
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
   * Deletes the files of cases that ended more than `retentionDays` ago, as the transcripts are
   * (TRANSCRIPT_RETENTION_DAYS): a person's documents are not kept past their conversation's record.
   * The messages keep the files' names, marked as deleted. Returns how many files went.
   */
  async forgetFiles(retentionDays: number): Promise<number> {
    const { queue, files } = this.parts;
    const cutoff = this.parts.now().getTime() - retentionDays * 24 * 60 * MINUTE_MS;
    let removed = 0;
    for (const c of await queue.list(['resolved', 'abandoned', 'expired'])) {
      const kept = c.messages.flatMap((m) => m.files ?? []).filter((f) => !f.deleted);
      if (!kept.length || !c.endedAt || Date.parse(c.endedAt) > cutoff) continue;
      await files.discard(kept);
      await queue.change(c.id, (current) => ({ ...current, messages: current.messages.map((m) => (m.files ? { ...m, files: m.files.map((f) => ({ ...f, deleted: true })) } : m)) }));
      removed += kept.length;
    }
    return removed;
  }
}
