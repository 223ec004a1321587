import crypto from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import { HandoffCase, HandoffQueue, HandoffStatus, isCurrent, NewCase } from './handoffQueue';

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
    this.byId.set(stored.id, stored);
    this.latest.set(stored.conversationId, stored.id);
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
