import type { Pool } from 'pg';
import type { Logger } from '../platform/logger';
import type { LookupLimits } from '../requests/lookupLimiter';
import { RandomRequestNumbers } from '../requests/requestNumbers';
import { DatabaseProbe, openDatabase } from './database';
import { PostgresAgentRecords } from './postgresAgentRecords';
import { PostgresAttachmentStore } from './postgresAttachmentStore';
import { PostgresHandoffQueue } from './postgresHandoffQueue';
import { PostgresLookupLimiter } from './postgresLookupLimiter';
import { PostgresRequestStore } from './postgresRequestStore';
import { PostgresSessionStore } from './postgresSessionStore';
import { PostgresStorage } from './postgresStorage';
import { PostgresTranscriptStore } from './postgresTranscriptStore';
import { PostgresOutboxSmsSender } from './postgresSmsSender';

/**
 * Every store on one PostgreSQL database (DATABASE_URL), its schema migrated: what index.ts uses
 * instead of the embedded stores, so that several instances can serve one bot.
 */
export async function openPostgresStores(url: string, logger: Logger, lookupLimits: Partial<LookupLimits>, now: () => Date) {
  const pool: Pool = await openDatabase(url, logger);
  // On the service's clock, as the embedded stores' probe is, so a test can move past the interval.
  const probe = new DatabaseProbe(pool, undefined, () => now().getTime());
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
    transcripts: new PostgresTranscriptStore(pool, now),
    handoffQueue: async () => new PostgresHandoffQueue(pool),
    agentRecords: async () => new PostgresAgentRecords(pool),
    sessions: new PostgresSessionStore(pool),
    close: () => pool.end(),
  };
}
