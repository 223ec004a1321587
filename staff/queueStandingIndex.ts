import { HandoffCase, handlingMinutes, QueueStanding, RECENT_HANDLED } from './handoffQueue';

/**
 * What a queue kept in memory needs to say where a case stands (QueueStanding), kept up to date as
 * cases change, so that a waiting person's message does not walk every case ever kept: the order
 * cases were added in (ties in the queue), the waiting and the assigned cases, and the latest
 * resolved conversations with an officer, latest ended first.
 */
export class QueueStandingIndex {
  private readonly added = new Map<string, number>();
  private readonly waiting = new Map<string, HandoffCase>();
  private readonly assigned = new Map<string, string | undefined>();
  private latestHandled: { id: string; endedAt: string; minutes: number }[] = [];

  /** `all`: every case the queue holds, the changed one as it now is (to rebuild from, should a listed case leave the list). */
  note(stored: HandoffCase, all: () => Iterable<HandoffCase>): void {
    const { id } = stored;
    if (!this.added.has(id)) this.added.set(id, this.added.size);
    if (stored.status === 'waiting') this.waiting.set(id, stored);
    else this.waiting.delete(id);
    if (stored.status === 'assigned') this.assigned.set(id, stored.agent);
    else this.assigned.delete(id);
    this.noteHandled(stored, all);
  }

  standing(found: HandoffCase | undefined): QueueStanding {
    let position = 0;
    if (found?.status === 'waiting') {
      const addedAt = this.added.get(found.id)!;
      for (const [other, { queuedAt }] of this.waiting) {
        if (queuedAt < found.queuedAt || (queuedAt === found.queuedAt && this.added.get(other)! <= addedAt)) position++;
      }
    }
    return { position, recentHandlingMinutes: this.latestHandled.map((h) => h.minutes), busyAgents: new Set(this.assigned.values()).size };
  }

  private noteHandled(stored: HandoffCase, all: () => Iterable<HandoffCase>): void {
    const minutes = stored.status === 'resolved' ? handlingMinutes(stored) : undefined;
    const listed = this.latestHandled.findIndex((h) => h.id === stored.id);
    if (listed >= 0 && (minutes === undefined || this.latestHandled[listed].endedAt !== stored.endedAt)) {
      // A listed case left or moved (no flow of the desk does this): the list is made again from every case.
      this.latestHandled = [];
      for (const c of all()) this.noteHandled(c, all);
      return;
    }
    if (minutes === undefined) return;
    if (listed >= 0) this.latestHandled[listed].minutes = minutes;
    else {
      this.latestHandled.push({ id: stored.id, endedAt: stored.endedAt!, minutes });
      this.latestHandled.sort((a, b) => (a.endedAt === b.endedAt ? 0 : a.endedAt < b.endedAt ? 1 : -1));
      this.latestHandled.length = Math.min(this.latestHandled.length, RECENT_HANDLED);
    }
  }
}
