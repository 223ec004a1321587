import path from 'node:path';
import dotenv from 'dotenv';
import { ConversationState, UserState } from 'botbuilder';
import { createAdapter } from './bot/adapter';
import { ChannelRendering } from './bot/channelRendering';
import { Config, readConfig } from './bot/config';
import { createLogger, Logger } from './bot/logger';
import { LowdbStorage } from './bot/lowdbStorage';
import { createServer } from './bot/server';
import { createWebChatChannel } from './bot/directLine/webChatChannel';
import { TawasulBot } from './bot/tawasulBot';
import { FaqAnswers } from './dialogs/faqAnswers';
import { IqamaFineDialog } from './dialogs/iqamaFineDialog';
import { MessageRouter } from './dialogs/messageRouter';
import { loadKnowledgeBase } from './knowledge/build/loadKnowledgeBase';
import { FaqRetriever } from './knowledge/retrieval/faqRetriever';
import { sweepAbandonedAttachments } from './requests/attachments';
import { LowdbRequestStore } from './requests/lowdbRequestStore';
import { LookupLimiter } from './requests/lookupLimiter';
import { AllNotifiers, OutboxNotifier, WebhookNotifier } from './requests/notifier';
import { RequestUpdates } from './bot/requestUpdates';
import { staffRoutes } from './bot/staffRoutes';
import { SubmitRequestDialog } from './dialogs/submitRequestDialog';
import { TrackRequestDialog } from './dialogs/trackRequestDialog';
import { readIqamaFineRules } from './knowledge/rules/iqamaFines';
import { holidayListEndsSoon, localDate } from './knowledge/rules/workingDays';
import { version } from './package.json';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the composition root takes besides configuration: seams tests fix. */
export interface AppServices {
  /** The clock dialogs read "today" from; tests fix it so date answers do not drift. */
  now?: () => Date;
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** The composition root: config → storage → knowledge → adapter → dialogs → bot → server. */
export async function startApp(config: Config, logger: Logger = createLogger(config.LOG_LEVEL), services: AppServices = {}): Promise<RunningApp> {
  const storage = await LowdbStorage.open(path.join(config.DATA_DIR, 'state'));
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);

  const holidaysEnd = holidayListEndsSoon(localDate((services.now ?? (() => new Date()))()));
  if (holidaysEnd) logger.warn('public holiday list ends within a year: add the coming holidays to knowledge/rules/saudi-public-holidays.json', { lastHoliday: holidaysEnd });

  const { knowledgeBase, rebuilt } = loadKnowledgeBase(config.DATA_DIR);
  const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: config.FAQ_ANSWER_CACHE });
  logger.info(rebuilt ? 'knowledge base rebuilt from sources' : 'knowledge base loaded', { entries: retriever.entryCount });

  // Requests: the store, and SMS to the outbox file (and the gateway's webhook when configured).
  const requestStore = await LowdbRequestStore.open(path.join(config.DATA_DIR, 'requests'));
  logger.info('request store opened', { requests: requestStore.size });
  const outbox = new OutboxNotifier(path.join(config.DATA_DIR, 'outbox', 'sms.jsonl'));
  const notifier = new AllNotifiers(config.SMS_WEBHOOK_URL ? [outbox, new WebhookNotifier(config.SMS_WEBHOOK_URL)] : [outbox]);
  // Attachments may be fetched from the channel's serviceUrl host or from this server, once it listens;
  // files of forms never submitted are deleted after a day, checked at start and every hour.
  const ownHosts: string[] = [];
  const sweep = () => sweepAbandonedAttachments(config.DATA_DIR, DAY_MS).catch((error: Error) => logger.warn('attachment sweep failed', { error: error.message }));
  await sweep();
  const sweeper = setInterval(sweep, DAY_MS / 24).unref();

  const adapter = createAdapter(config, conversationState, logger);
  adapter.use(new ChannelRendering(conversationState));
  const faq = new FaqAnswers(retriever);
  const submitDialog = new SubmitRequestDialog(faq, {
    store: requestStore,
    notifier,
    logger,
    dataDir: config.DATA_DIR,
    attachments: { maxBytes: config.ATTACHMENT_MAX_BYTES, maxFiles: 5, ownHosts, authenticated: Boolean(config.MicrosoftAppId) },
  });
  const iqamaFineDialog = new IqamaFineDialog(faq, readIqamaFineRules(), services.now);
  const trackDialog = new TrackRequestDialog(faq, requestStore, new LookupLimiter(), logger, services.now);
  const router = new MessageRouter(faq, { submit: SubmitRequestDialog.id, track: TrackRequestDialog.id, fines: IqamaFineDialog.id });
  const bot = new TawasulBot(conversationState, userState, router, [submitDialog, trackDialog, iqamaFineDialog]);

  const webChat = createWebChatChannel(config, adapter, (context) => bot.run(context), logger);

  const server = createServer({
    adapter,
    bot,
    logger,
    health: () => ({ status: 'ok', knowledgeBaseEntries: retriever.entryCount, version }),
    routes: [
      ...webChat.routes,
      staffRoutes({ token: config.STAFF_TOKEN, store: requestStore, updates: new RequestUpdates(adapter, config.MicrosoftAppId, notifier, logger), logger, now: services.now }),
    ],
  });
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
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
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
