import type { Pool } from 'pg';
import type { Logger } from '../platform/logger';
import type { LookupLimits } from '../requests/lookupLimiter';
import { RandomRequestNumbers } from '../requests/requestNumbers';
import { DatabaseProbe, openDatabase } from './database';
import { PostgresAttachmentStore } from './postgresAttachmentStore';
import { PostgresLookupLimiter } from './postgresLookupLimiter';
import { PostgresRequestStore } from './postgresRequestStore';
import { PostgresStorage } from './postgresStorage';
import { PostgresOutboxSmsSender } from './postgresSmsSender';

/**
 * Every store on one PostgreSQL database (DATABASE_URL), its schema migrated: what index.ts uses
 * instead of the embedded stores, so that several instances can serve one bot.
 */
export async function openPostgresStores(url: string, logger: Logger, lookupLimits: Partial<LookupLimits> = {}) {
  const pool: Pool = await openDatabase(url, logger);
  const probe = new DatabaseProbe(pool);
  return {
    pool,
    storage: new PostgresStorage(pool),
    requestStore: new PostgresRequestStore(pool),
    // Random numbers, as with the embedded store: the primary key refuses a repeat and the request
    // service draws again. SequenceRequestNumbers is there for whoever wants readable numbers.
    numbers: new RandomRequestNumbers(),
    attachments: new PostgresAttachmentStore(pool),
    outbox: new PostgresOutboxSmsSender(pool),
    limiter: new PostgresLookupLimiter(pool, lookupLimits),
    probe: () => probe.check(),
    close: () => pool.end(),
  };
}
