import crypto from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Pool } from 'pg';

/**
 * Conversation and user state in PostgreSQL (table bot_state), behind botbuilder's Storage, so
 * several instances of the service share it: a conversation whose turns reach different instances
 * keeps its dialog state. Nothing is cached in memory; each read is one query, each write one
 * statement per key. The statements run every turn are named, so each connection has PostgreSQL parse
 * and plan them once.
 *
 * Optimistic concurrency as botbuilder's storages (and LowdbStorage) do it: a write carrying the
 * eTag it read is refused when the row has changed since (another instance wrote it), so a turn
 * never overwrites a newer turn's state unseen; no eTag, or "*", writes regardless.
 *
 * State with nothing in it (an empty dialog stack) is not kept: its row is deleted, as LowdbStorage
 * removes its file, and reading it back gives nothing, which botbuilder treats as the empty state.
 */
export class PostgresStorage implements Storage {
  constructor(private readonly pool: Pool) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const { rows } = await this.pool.query<{ key: string; etag: string; value: Record<string, unknown> }>({
      name: 'state-read',
      text: 'SELECT key, etag, value FROM bot_state WHERE key = ANY($1::text[])',
      values: [keys],
    });
    const items: StoreItems = {};
    for (const row of rows) items[row.key] = { ...row.value, eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, change]) => this.writeOne(key, change)));
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

  private async writeOne(key: string, change: unknown): Promise<void> {
    const { eTag, ...value } = (change ?? {}) as Record<string, unknown>;
    const expected = typeof eTag === 'string' && eTag !== '*' ? eTag : null;
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
