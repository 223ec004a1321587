import crypto from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Pool } from 'pg';
import { LoopBatch, ownCopies } from '../platform/loopBatch';

/**
 * Conversation and user state in PostgreSQL (table bot_state), behind botbuilder's Storage, so
 * several instances of the service share it: a conversation whose turns reach different instances
 * keeps its dialog state. Nothing is cached in memory. The reads made within one turn of the event
 * loop (every turn's conversation and user state, and under load many turns') are one query; so are
 * the unconditional writes (botbuilder's BotState writes with eTag "*"), as one upsert and one delete.
 * The statements are named, so each connection has PostgreSQL parse and plan them once.
 *
 * Optimistic concurrency as botbuilder's storages (and LowdbStorage) do it: a write carrying the
 * eTag it read is refused when the row has changed since (another instance wrote it), so a turn
 * never overwrites a newer turn's state unseen; no eTag, or "*", writes regardless.
 *
 * State with nothing in it (an empty dialog stack) is not kept: its row is deleted, as LowdbStorage
 * removes its file, and reading it back gives nothing, which botbuilder treats as the empty state.
 */
export class PostgresStorage implements Storage {
  private readonly reads = new LoopBatch<string[], StoreItems>((asked) => this.readAll(asked));
  private readonly writes = new LoopBatch<[string, unknown][], void>((changes) => this.writeAll(changes));

  constructor(private readonly pool: Pool) {}

  async read(keys: string[]): Promise<StoreItems> {
    return keys.length === 0 ? {} : this.reads.add(keys);
  }

  /** Unconditional changes (no eTag, or "*") go together with the loop turn's others; each conditional one on its own, to be refused alone. */
  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    const unconditional = entries.filter(([, change]) => expectedETag(change) === null);
    await Promise.all([
      ...(unconditional.length > 0 ? [this.writes.add(unconditional)] : []),
      ...entries.filter(([, change]) => expectedETag(change) !== null).map(([key, change]) => this.writeOne(key, change)),
    ]);
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.pool.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }

  /**
   * Deletes the state of every key not written within `maxAgeMs` (as LowdbStorage.sweepExpired does:
   * forms left half-way go with the personal data they hold). Returns how many were deleted.
   */
  async sweepExpired(maxAgeMs: number, now = Date.now()): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM bot_state WHERE updated_at < $1', [new Date(now - maxAgeMs)]);
    return rowCount ?? 0;
  }

  /** One query for the keys of every read in the batch; each read gets the items it asked for. */
  private async readAll(asked: string[][]): Promise<StoreItems[]> {
    const { rows } = await this.pool.query<{ key: string; etag: string; value: Record<string, unknown> }>({
      name: 'state-read',
      text: 'SELECT key, etag, value FROM bot_state WHERE key = ANY($1::text[])',
      values: [[...new Set(asked.flat())]],
    });
    const found = new Map(rows.map((row) => [row.key, row]));
    const copyFor = ownCopies<Record<string, unknown>>();
    return asked.map((keys) => {
      const items: StoreItems = {};
      for (const key of keys) {
        const row = found.get(key);
        if (row) items[key] = { ...copyFor(key, row.value), eTag: row.etag };
      }
      return items;
    });
  }

  /**
   * The unconditional writes of a batch: the last change to each key wins, as if written one after
   * the other; keys in one order in every statement, so two instances' batches never deadlock.
   */
  private async writeAll(batches: [string, unknown][][]): Promise<void[]> {
    const latest = new Map<string, Record<string, unknown>>();
    for (const [key, change] of batches.flat()) {
      const { eTag: _eTag, ...value } = (change ?? {}) as Record<string, unknown>;
      latest.set(key, value);
    }
    const keys = [...latest.keys()].sort();
    const kept = keys.filter((key) => !holdsNothing(latest.get(key)));
    const emptied = keys.filter((key) => holdsNothing(latest.get(key)));
    if (kept.length > 0) {
      // JSON.stringify drops undefined properties, as the file store's JSON does.
      await this.pool.query({
        name: 'state-write-all',
        text: `INSERT INTO bot_state (key, etag, value)
               SELECT key, etag, value::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS t(key, etag, value) ORDER BY key
               ON CONFLICT (key) DO UPDATE SET etag = EXCLUDED.etag, value = EXCLUDED.value, updated_at = now()`,
        values: [kept, kept.map(() => crypto.randomUUID()), kept.map((key) => JSON.stringify(latest.get(key)))],
      });
    }
    if (emptied.length > 0) await this.pool.query({ name: 'state-delete-all', text: 'DELETE FROM bot_state WHERE key = ANY($1::text[])', values: [emptied] });
    return batches.map(() => undefined);
  }

  private async writeOne(key: string, change: unknown): Promise<void> {
    const { eTag, ...value } = (change ?? {}) as Record<string, unknown>;
    const expected = expectedETag(change);
    if (holdsNothing(value)) {
      const { rows } = await this.pool.query<{ deleted: number; current: string | null }>({
        name: 'state-delete',
        text: `WITH d AS (DELETE FROM bot_state WHERE key = $1 AND ($2::text IS NULL OR etag = $2) RETURNING 1)
               SELECT (SELECT count(*) FROM d)::int AS deleted, (SELECT etag FROM bot_state WHERE key = $1) AS current`,
        values: [key, expected],
      });
      if (rows[0].deleted === 0 && rows[0].current !== null) throw conflict(key);
      return;
    }
    // JSON.stringify drops undefined properties, as the file store's JSON does.
    const json = JSON.stringify(value);
    const { rowCount } = await this.pool.query({
      name: 'state-write',
      text: `INSERT INTO bot_state (key, etag, value) VALUES ($1, $2, $3::jsonb)
             ON CONFLICT (key) DO UPDATE SET etag = EXCLUDED.etag, value = EXCLUDED.value, updated_at = now()
             WHERE $4::text IS NULL OR bot_state.etag = $4`,
      values: [key, crypto.randomUUID(), json, expected],
    });
    if (rowCount === 0) throw conflict(key);
  }
}

/** The eTag a change must find stored, or null when it writes regardless (none, or "*"). */
function expectedETag(change: unknown): string | null {
  const eTag = (change as { eTag?: unknown } | null | undefined)?.eTag;
  return typeof eTag === 'string' && eTag !== '*' ? eTag : null;
}

function conflict(key: string): Error {
  return new Error(`Storage: eTag conflict for key ${key}`);
}

/** True for state made only of empty objects and arrays, such as `{ dialogState: { dialogStack: [] } }`. */
function holdsNothing(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.every(holdsNothing);
  if (value && typeof value === 'object') return Object.values(value).every(holdsNothing);
  return false;
}
