import type { Pool } from 'pg';
import type { Logger } from '../platform/logger';
import { openDatabase } from './database';
import { PostgresAttachmentStore } from './postgresAttachmentStore';
import { PostgresLookupLimiter } from './postgresLookupLimiter';
import { PostgresRequestStore, SequenceRequestNumbers } from './postgresRequestStore';
import { PostgresStorage } from './postgresStorage';
import { PostgresOutboxSmsSender } from './postgresSmsSender';

/**
 * Every store on one PostgreSQL database (DATABASE_URL), its schema migrated: what index.ts uses
 * instead of the embedded stores, so that several instances can serve one bot.
 */
export async function openPostgresStores(url: string, logger: Logger) {
  const pool: Pool = await openDatabase(url, logger);
  return {
    pool,
    storage: new PostgresStorage(pool),
    requestStore: new PostgresRequestStore(pool),
    numbers: new SequenceRequestNumbers(pool),
    attachments: new PostgresAttachmentStore(pool),
    outbox: new PostgresOutboxSmsSender(pool),
    limiter: new PostgresLookupLimiter(pool),
    close: () => pool.end(),
  };
}
