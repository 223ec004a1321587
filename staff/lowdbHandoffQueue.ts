import crypto from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import { HandoffCase, handlingMinutes, HandoffQueue, HandoffStatus, isCurrent, NewCase, QueueStanding, RECENT_HANDLED } from './handoffQueue';

const Stored = z.object({ cases: z.array(HandoffCase.catch(undefined as never)).default([]) });
type Stored = { cases: HandoffCase[] };

/**
 * The handoff queue in one lowdb file, DATA_DIR/handoff/cases.json, so the queue survives a restart.
 * Every change runs on a single chain of promises: one at a time, each written before the next
 * starts, so two claims on one case can never both succeed.
 */
export class LowdbHandoffQueue implements HandoffQueue {
  private readonly byId = new Map<string, HandoffCase>();
  private readonly latest = new Map<string, string>();
  // What `standing` needs, kept as cases change, so that a waiting person's message does not walk
  // every case ever kept: the order cases were added in (ties in the queue), the waiting and the
  // assigned cases, and the latest resolved conversations with an officer, latest ended first.
  private readonly added = new Map<string, number>();
  private readonly waiting = new Set<string>();
  private readonly assigned = new Map<string, string | undefined>();
  private latestHandled: { id: string; endedAt: string; minutes: number }[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(private readonly db: Low<Stored>) {}

  static async open(directory: string): Promise<LowdbHandoffQueue> {
    await mkdir(directory, { recursive: true });
    const db = new Low<Stored>(new JSONFile(path.join(directory, 'cases.json')), { cases: [] });
    await db.read();
    db.data = { cases: Stored.parse(db.data ?? {}).cases.filter(Boolean) };
    const queue = new LowdbHandoffQueue(db);
    for (const stored of db.data.cases) queue.index(stored);
    return queue;
  }

  private index(stored: HandoffCase): void {
    const { id } = stored;
    this.byId.set(id, stored);
    this.latest.set(stored.conversationId, id);
    if (!this.added.has(id)) this.added.set(id, this.added.size);
    if (stored.status === 'waiting') this.waiting.add(id);
    else this.waiting.delete(id);
    if (stored.status === 'assigned') this.assigned.set(id, stored.agent);
    else this.assigned.delete(id);
    this.noteHandled(stored);
  }

  private noteHandled(stored: HandoffCase): void {
    const minutes = stored.status === 'resolved' ? handlingMinutes(stored) : undefined;
    const listed = this.latestHandled.findIndex((h) => h.id === stored.id);
    if (listed >= 0 && (minutes === undefined || this.latestHandled[listed].endedAt !== stored.endedAt)) {
      // A listed case left or moved (no flow of the desk does this): the list is made again from every case.
      this.latestHandled = [];
      for (const c of this.byId.values()) this.noteHandled(c);
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

  /** Runs one change after every earlier one, then writes the file. */
  private serial<T>(work: () => T): Promise<T> {
    const run = this.chain.then(async () => {
      const result = work();
      this.db.data.cases = [...this.byId.values()];
      await this.db.write();
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  add(newCase: NewCase, at: Date): Promise<HandoffCase> {
    return this.serial(() => {
      const iso = at.toISOString();
      const stored: HandoffCase = { ...newCase, id: crypto.randomUUID(), status: 'waiting', createdAt: iso, queuedAt: iso, returns: 0, claimedOnce: false, messages: [] };
      this.index(stored);
      return structuredClone(stored);
    });
  }

  async get(id: string): Promise<HandoffCase | undefined> {
    const found = this.byId.get(id);
    return found && structuredClone(found);
  }

  async latestFor(conversationId: string): Promise<HandoffCase | undefined> {
    const id = this.latest.get(conversationId);
    return id === undefined ? undefined : this.get(id);
  }

  async currentFor(conversationId: string): Promise<HandoffCase | undefined> {
    const id = this.latest.get(conversationId);
    const found = id === undefined ? undefined : this.byId.get(id);
    return found && isCurrent(found) ? structuredClone(found) : undefined;
  }

  async list(statuses?: HandoffStatus[]): Promise<HandoffCase[]> {
    return [...this.byId.values()].filter((c) => !statuses || statuses.includes(c.status)).map((c) => structuredClone(c));
  }

  async standing(id: string): Promise<QueueStanding> {
    const found = this.byId.get(id);
    let position = 0;
    if (found?.status === 'waiting') {
      const addedAt = this.added.get(id)!;
      for (const other of this.waiting) {
        const { queuedAt } = this.byId.get(other)!;
        if (queuedAt < found.queuedAt || (queuedAt === found.queuedAt && this.added.get(other)! <= addedAt)) position++;
      }
    }
    return { position, recentHandlingMinutes: this.latestHandled.map((h) => h.minutes), busyAgents: new Set(this.assigned.values()).size };
  }

  change(id: string, apply: (current: HandoffCase) => HandoffCase | false): Promise<HandoffCase | undefined> {
    return this.serial(() => {
      const current = this.byId.get(id);
      if (!current) return undefined;
      const next = apply(structuredClone(current));
      if (next === false) return structuredClone(current);
      this.index(next);
      return structuredClone(next);
    });
  }
}
