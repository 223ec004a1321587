import path from 'node:path';
import dotenv from 'dotenv';
import { ConversationState, UserState } from 'botbuilder';
import { createAdapter } from './bot/adapter';
import { ChannelRendering } from './bot/channelRendering';
import { LowdbStorage } from './bot/lowdbStorage';
import { ProactiveMessenger } from './bot/proactiveMessenger';
import { TawasulBot } from './bot/tawasulBot';
import { createWebChatChannel } from './channels/web/webChatChannel';
import { FaqResponder } from './dialogs/faq/faqResponder';
import { FormHost } from './dialogs/formHost';
import { IqamaFineDialog } from './dialogs/iqamaFineDialog';
import { MessageRouter } from './dialogs/messageRouter';
import { SubmitRequestDialog } from './dialogs/submitRequestDialog';
import { TrackRequestDialog } from './dialogs/trackRequestDialog';
import { loadKnowledgeBase } from './knowledge/build/loadKnowledgeBase';
import { loadContent, useContent } from './knowledge/content';
import { FaqRetriever } from './knowledge/retrieval/faqRetriever';
import { iqamaFineRules } from './knowledge/rules/iqamaFines';
import { holidayListEndsSoon, localDate } from './knowledge/rules/workingDays';
import { Config, readConfig } from './platform/config';
import { createLogger, Logger } from './platform/logger';
import { FolderAttachmentStore } from './requests/attachmentStore';
import { LookupLimiter } from './requests/lookupLimiter';
import { LowdbRequestStore } from './requests/lowdbRequestStore';
import { PersonNotifier } from './requests/notifier';
import { SequentialRequestNumbers } from './requests/requestNumbers';
import { RequestService } from './requests/requestService';
import { AllSmsSenders, OutboxSmsSender, WebhookSmsSender } from './requests/smsSenders';
import { openPostgresStores } from './postgres/postgresStores';
import { createServer } from './server/httpServer';
import { staffRoutes } from './staff/staffApi';
import { version } from './package.json';

const HOUR_MS = 60 * 60 * 1000;

/** What the composition root takes besides configuration: seams tests fix. */
export interface AppServices {
  /** The clock dialogs read "today" from; tests fix it so date answers do not drift. */
  now?: () => Date;
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** The composition root: config → content → stores → knowledge → adapter → dialogs → bot → channels → server. */
export async function startApp(config: Config, logger: Logger = createLogger(config.LOG_LEVEL), services: AppServices = {}): Promise<RunningApp> {
  const now = services.now ?? (() => new Date());
  useContent(loadContent());
  const holidaysEnd = holidayListEndsSoon(localDate(now()));
  if (holidaysEnd) logger.warn('public holiday list ends within a year: add the coming holidays to knowledge/content/rules/saudi-public-holidays.json', { lastHoliday: holidaysEnd });

  // Stores, each behind its seam: on PostgreSQL with DATABASE_URL (several instances can share it),
  // otherwise the embedded ones, under DATA_DIR.
  const stores = config.DATABASE_URL ? await openPostgresStores(config.DATABASE_URL, logger) : await openEmbeddedStores(config);
  const { storage, requestStore, numbers, attachments, limiter } = stores;
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  logger.info('stores opened', { on: config.DATABASE_URL ? 'postgres' : 'embedded' });

  const { knowledgeBase, rebuilt } = loadKnowledgeBase(config.DATA_DIR);
  const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: config.FAQ_ANSWER_CACHE });
  logger.info(rebuilt ? 'knowledge base rebuilt from sources' : 'knowledge base loaded', { entries: retriever.entryCount });

  const adapter = createAdapter(config, conversationState, logger);
  adapter.use(new ChannelRendering(conversationState));
  // SMS to the outbox file (and the gateway's webhook when configured); chat messages through the adapter.
  const { outbox } = stores;
  const sms = config.SMS_WEBHOOK_URL ? new AllSmsSenders([outbox, new WebhookSmsSender(config.SMS_WEBHOOK_URL)]) : outbox;
  const notifier = new PersonNotifier(sms, new ProactiveMessenger(adapter, config.MicrosoftAppId), logger);
  const requests = new RequestService({ store: requestStore, numbers, notifier, attachments, logger, now });

  // Files may be fetched from the channel's serviceUrl host or from this server, once it listens.
  const ownHosts: string[] = [];
  const faq = new FaqResponder(retriever);
  const forms = [
    new SubmitRequestDialog(faq, {
      requests,
      logger,
      attachments: { store: attachments, maxBytes: config.ATTACHMENT_MAX_BYTES, maxFiles: 5, ownHosts, authenticated: Boolean(config.MicrosoftAppId) },
    }),
    new TrackRequestDialog(faq, requestStore, limiter, logger, now),
    new IqamaFineDialog(faq, iqamaFineRules(), now),
  ];
  const router = new MessageRouter(faq, { submit: SubmitRequestDialog.id, track: TrackRequestDialog.id, fines: IqamaFineDialog.id });
  const bot = new TawasulBot(conversationState, userState, new FormHost(conversationState.createProperty('dialogState'), router, forms));

  const webChat = createWebChatChannel(config, adapter, (context) => bot.run(context), logger);
  const server = createServer({
    adapter,
    bot,
    logger,
    health: () => ({ status: 'ok', knowledgeBaseEntries: retriever.entryCount, version }),
    routes: [...webChat.routes, staffRoutes({ token: config.STAFF_TOKEN, store: requestStore, requests, logger, now })],
  });
  // Files of forms never submitted are deleted after a day, checked at start and every hour.
  const sweep = () => attachments.sweepAbandoned(24 * HOUR_MS).catch((error: Error) => logger.warn('attachment sweep failed', { error: error.message }));
  await sweep();
  const sweeper = setInterval(sweep, HOUR_MS).unref();

  if (!config.MicrosoftAppId) logger.warn('MicrosoftAppId is not set: accepting anonymous traffic (Emulator and local use only)');
  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  const { port } = server.address() as { port: number };
  const url = `http://localhost:${port}`;
  ownHosts.push(`localhost:${port}`, `127.0.0.1:${port}`);
  logger.info('listening', { url, messagingEndpoint: `${url}/api/messages`, webChat: `${url}/` });
  return {
    url,
    close: () => {
      clearInterval(sweeper);
      webChat.close();
      return new Promise<void>((resolve) => server.close(() => resolve())).then(() => stores.close());
    },
  };
}

/** The embedded stores, under DATA_DIR: what `npm start` uses with no configuration. */
async function openEmbeddedStores(config: Config) {
  const requestStore = await LowdbRequestStore.open(path.join(config.DATA_DIR, 'requests'));
  return {
    storage: await LowdbStorage.open(path.join(config.DATA_DIR, 'state')),
    requestStore,
    numbers: new SequentialRequestNumbers(requestStore.highestSequence),
    attachments: new FolderAttachmentStore(config.DATA_DIR),
    outbox: new OutboxSmsSender(path.join(config.DATA_DIR, 'outbox', 'sms.jsonl')),
    limiter: new LookupLimiter(),
    close: async () => undefined,
  };
}

if (require.main === module) {
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL);
  startApp(config, logger).then(
    (app) => {
      const stop = () => {
        logger.info('shutting down');
        app.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: Error) => {
      logger.error('could not start', { error: error.message, stack: error.stack });
      process.exit(1);
    },
  );
}
