import crypto from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

interface StoredItem {
  eTag: string;
  value: Record<string, unknown>;
}
type Shard = Low<Record<string, StoredItem>>;

/**
 * Bot state (conversation and user) kept in JSON files under DATA_DIR with lowdb, behind
 * botbuilder's Storage interface so a PostgreSQL store can replace it in the composition root.
 *
 * Keys are spread over a fixed number of shard files so that one write rewrites a small file,
 * not every conversation's state. lowdb's writer (steno) writes to a temporary file and renames
 * it, so a crash leaves the previous or the new file, and it coalesces concurrent writes.
 */
export class LowdbStorage implements Storage {
  private constructor(private readonly shards: Shard[]) {}

  static async open(directory: string, shardCount = 16): Promise<LowdbStorage> {
    await mkdir(directory, { recursive: true });
    const shards = await Promise.all(
      Array.from({ length: shardCount }, async (_, i) => {
        const db: Shard = new Low(new JSONFile(path.join(directory, `state-${String(i).padStart(2, '0')}.json`)), {});
        await db.read();
        return db;
      }),
    );
    return new LowdbStorage(shards);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const stored = this.shardFor(key).data[key];
      if (stored) items[key] = { ...structuredClone(stored.value), eTag: stored.eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const touched = new Set<Shard>();
    for (const [key, change] of Object.entries(changes)) {
      const shard = this.shardFor(key);
      const stored = shard.data[key];
      const { eTag, ...value } = (change ?? {}) as Record<string, unknown>;
      // Optimistic concurrency as botbuilder's stores do it: a stale eTag means someone wrote since we read.
      if (stored && typeof eTag === 'string' && eTag !== '*' && eTag !== stored.eTag) {
        throw new Error(`Storage: eTag conflict for key ${key}`);
      }
      shard.data[key] = { eTag: crypto.randomUUID(), value: structuredClone(value) };
      touched.add(shard);
    }
    await Promise.all([...touched].map((shard) => shard.write()));
  }

  async delete(keys: string[]): Promise<void> {
    const touched = new Set<Shard>();
    for (const key of keys) {
      const shard = this.shardFor(key);
      if (key in shard.data) {
        delete shard.data[key];
        touched.add(shard);
      }
    }
    await Promise.all([...touched].map((shard) => shard.write()));
  }

  private shardFor(key: string): Shard {
    const digest = crypto.createHash('sha1').update(key).digest();
    return this.shards[digest.readUInt32BE(0) % this.shards.length];
  }
}
