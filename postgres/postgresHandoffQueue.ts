import crypto from 'node:crypto';
import type { Pool } from 'pg';
import { HandoffCase, handlingMinutes, HandoffQueue, HandoffStatus, isCurrent, NewCase, QueueStanding, RECENT_HANDLED } from '../staff/handoffQueue';
import { CURRENT_CASE_CHANNEL, CurrentCaseConversations } from './currentCaseConversations';
import { inTransaction } from './database';

/**
 * The handoff queue in PostgreSQL (table handoff_cases), shared by every instance: a case raised on
 * one is in the queue every agent sees, whichever instance serves them. Each change is one
 * transaction holding the case's row (SELECT … FOR UPDATE), so two claims on one case from two
 * instances are applied one after the other, and the second sees the first. Within an instance the
 * changes to one case also run in the order they were asked for (a chain per case), as relayed
 * messages must keep theirs.
 *
 * "Is this person with an officer?" is asked at every message: `current` (when given) knows which
 * conversations may have a current case, so the others cost no query. Whatever makes a case current
 * tells it first here, then to every instance with a NOTIFY in the statement that stores it.
 */
export class PostgresHandoffQueue implements HandoffQueue {
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly pool: Pool,
    private readonly current?: CurrentCaseConversations,
  ) {}

  async add(newCase: NewCase, at: Date): Promise<HandoffCase> {
    const iso = at.toISOString();
    const stored = HandoffCase.parse({ ...newCase, id: crypto.randomUUID(), status: 'waiting', createdAt: iso, queuedAt: iso, returns: 0, claimedOnce: false, messages: [] });
    this.current?.raised(stored.conversationId);
    await this.pool.query(
      `WITH added AS (INSERT INTO handoff_cases (id, conversation_id, status, body) VALUES ($1, $2, $3, $4::jsonb) RETURNING conversation_id)
       SELECT pg_notify($5, conversation_id) FROM added`,
      [stored.id, stored.conversationId, stored.status, JSON.stringify(stored), CURRENT_CASE_CHANNEL],
    );
    return stored;
  }

  async get(id: string): Promise<HandoffCase | undefined> {
    const { rows } = await this.pool.query<{ body: HandoffCase }>('SELECT body FROM handoff_cases WHERE id = $1', [id]);
    return rows[0]?.body;
  }

  async latestFor(conversationId: string): Promise<HandoffCase | undefined> {
    // Asked at every message (is this person with an officer?): named, so parsed and planned once per connection.
    const { rows } = await this.pool.query<{ body: HandoffCase }>({ name: 'handoff-latest', text: 'SELECT body FROM handoff_cases WHERE conversation_id = $1 ORDER BY seq DESC LIMIT 1', values: [conversationId] });
    return rows[0]?.body;
  }

  async currentFor(conversationId: string): Promise<HandoffCase | undefined> {
    if (this.current && !this.current.mayHave(conversationId)) return undefined;
    const ticket = this.current?.ticket() ?? 0;
    const latest = await this.latestFor(conversationId);
    if (latest && isCurrent(latest)) return latest;
    this.current?.nothingCurrent(conversationId, ticket);
    return undefined;
  }

  async list(statuses?: HandoffStatus[]): Promise<HandoffCase[]> {
    const { rows } = statuses
      ? await this.pool.query<{ body: HandoffCase }>('SELECT body FROM handoff_cases WHERE status = ANY($1::text[]) ORDER BY seq', [statuses])
      : await this.pool.query<{ body: HandoffCase }>('SELECT body FROM handoff_cases ORDER BY seq');
    return rows.map((r) => r.body);
  }

  async standing(id: string): Promise<QueueStanding> {
    // One round trip, each part on an index (status; the resolved cases by their end), none reading
    // every case kept. ISO timestamps compare byte by byte (COLLATE "C"); ties go by the order added.
    const { rows } = await this.pool.query<{ position: number; recent: [string, string][]; busy: number }>({
      name: 'handoff-standing',
      text: `WITH me AS (SELECT seq, (body->>'queuedAt') COLLATE "C" AS queued FROM handoff_cases WHERE id = $1 AND status = 'waiting'),
             handled AS (SELECT body->>'assignedAt' AS assigned, (body->>'endedAt') COLLATE "C" AS ended, seq FROM handoff_cases
                         WHERE status = 'resolved' AND body ? 'assignedAt' AND body ? 'endedAt'
                         ORDER BY ((body->>'endedAt') COLLATE "C") DESC, seq LIMIT $2)
        SELECT (SELECT count(*)::int FROM handoff_cases c, me WHERE c.status = 'waiting'
                  AND ((c.body->>'queuedAt') COLLATE "C" < me.queued OR ((c.body->>'queuedAt') COLLATE "C" = me.queued AND c.seq <= me.seq))) AS position,
               (SELECT coalesce(json_agg(json_build_array(assigned, ended) ORDER BY ended DESC, seq), '[]'::json) FROM handled) AS recent,
               (SELECT count(DISTINCT body->>'agent')::int FROM handoff_cases WHERE status = 'assigned') AS busy`,
      values: [id, RECENT_HANDLED],
    });
    const { position, recent, busy } = rows[0];
    return { position, recentHandlingMinutes: recent.map(([assignedAt, endedAt]) => handlingMinutes({ assignedAt, endedAt })!), busyAgents: busy };
  }

  change(id: string, apply: (current: HandoffCase) => HandoffCase | false): Promise<HandoffCase | undefined> {
    const run = (this.chains.get(id) ?? Promise.resolve()).then(() => this.changeNow(id, apply));
    const settled = run.catch(() => undefined);
    this.chains.set(id, settled);
    void settled.then(() => this.chains.get(id) === settled && this.chains.delete(id));
    return run;
  }

  private changeNow(id: string, apply: (current: HandoffCase) => HandoffCase | false): Promise<HandoffCase | undefined> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ body: HandoffCase }>('SELECT body FROM handoff_cases WHERE id = $1 FOR UPDATE', [id]);
      const current = rows[0]?.body;
      if (!current) return undefined;
      const next = apply(structuredClone(current));
      if (next === false) return current;
      const valid = HandoffCase.parse(next);
      const becomesCurrent = isCurrent(valid) && !isCurrent(current);
      if (becomesCurrent) this.current?.raised(valid.conversationId);
      await client.query('UPDATE handoff_cases SET status = $2, body = $3::jsonb WHERE id = $1', [id, valid.status, JSON.stringify(valid)]);
      if (becomesCurrent) await client.query('SELECT pg_notify($1, $2)', [CURRENT_CASE_CHANNEL, valid.conversationId]);
      return valid;
    });
  }
}
