import type { Pool } from 'pg';
import type { Logger } from '../platform/logger';
import type { LookupLimits } from '../requests/lookupCounter';
import { RandomRequestNumbers } from '../requests/requestNumbers';
import type { ConversationLogLimits } from '../channels/web/directLine/conversationLog';
import { DatabaseProbe, openDatabase } from './database';
import { CurrentCaseConversations } from './currentCaseConversations';
import { DatabaseListener } from './databaseListener';
import { PostgresConversationLog } from './postgresConversationLog';
import { PostgresFeedBus } from './postgresFeedBus';
import { PostgresUploadStore } from './postgresUploadStore';
import { sharedSecret } from './sharedSecret';
import { PostgresAgentRecords } from './postgresAgentRecords';
import { PostgresAttachmentStore } from './postgresAttachmentStore';
import { PostgresHandoffQueue } from './postgresHandoffQueue';
import { PostgresLookupLimiter } from './postgresLookupLimiter';
import { PostgresRequestStore } from './postgresRequestStore';
import { PostgresSessionStore } from './postgresSessionStore';
import { PostgresStorage } from './postgresStorage';
import { PostgresTranscriptStore } from './postgresTranscriptStore';
import { PostgresOutboxSmsSender } from './postgresSmsSender';
import { PostgresUnansweredQuestions } from './postgresUnansweredQuestions';

/**
 * Every store on one PostgreSQL database (DATABASE_URL), its schema migrated: what index.ts uses
 * instead of the embedded stores, so that several instances can serve one bot.
 */
export async function openPostgresStores(url: string, logger: Logger, lookupLimits: Partial<LookupLimits>, now: () => Date) {
  const pool: Pool = await openDatabase(url, logger);
  // On the service's clock, as the embedded stores' probe is, so a test can move past the interval.
  const probe = new DatabaseProbe(pool, undefined, () => now().getTime());
  const transcripts = new PostgresTranscriptStore(pool, now);
  // One connection per process listens for what other instances notify: Web Chat activities, feed events.
  const listener = new DatabaseListener(url, logger);
  await listener.start();
  const feed = new PostgresFeedBus(pool, listener, logger);
  const current = new CurrentCaseConversations(pool, listener, logger);
  const directLineSecret = await sharedSecret(pool, 'direct line');
  // The key of the links to officers' files, so a link made on one instance opens on every one.
  const fileLinkKey = await sharedSecret(pool, 'file links');
  // The questions the bot could not answer, one list for every instance.
  const unanswered = new PostgresUnansweredQuestions(pool, logger, now);
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
    transcripts,
    handoffQueue: async () => {
      await current.load();
      return new PostgresHandoffQueue(pool, current);
    },
    agentRecords: async () => new PostgresAgentRecords(pool),
    sessions: new PostgresSessionStore(pool),
    feed,
    fileLinkKey,
    unanswered,
    /** The built-in Direct Line's conversations, files and secret, the same on every instance. */
    webChat: (limits: ConversationLogLimits) => ({
      log: new PostgresConversationLog(pool, listener, limits, logger),
      uploads: new PostgresUploadStore(pool),
      secret: directLineSecret,
    }),
    // The transcript lines and unanswered questions still in flight are written before the pool closes.
    close: async () => {
      await Promise.all([transcripts.close(), unanswered.close()]);
      await feed.close();
      current.close();
      await listener.close();
      await pool.end();
    },
  };
}
