import path from 'node:path';
import dotenv from 'dotenv';
import { createAdapter } from './bot/adapter';
import { EventHandoffDesk } from './bot/eventHandoffDesk';
import { HandoffMiddleware } from './bot/handoffMiddleware';
import { JournalTranscriptStore } from './bot/journalTranscriptStore';
import { JsonComparedConversationState, JsonComparedUserState } from './bot/jsonComparedState';
import { PersonMessenger } from './bot/personMessenger';
import { ChannelRendering } from './bot/channelRendering';
import { LowdbStorage } from './bot/lowdbStorage';
import { MessageTranscript } from './bot/messageTranscript';
import { ProactiveMessenger } from './bot/proactiveMessenger';
import { TawasulBot } from './bot/tawasulBot';
import { StatePrefetch } from './bot/statePrefetch';
import { TurnsInFlight } from './bot/turnsInFlight';
import { createWebChatChannel } from './channels/web/webChatChannel';
import { onThisInstance } from './channels/web/directLine/localDirectLine';
import { FaqResponder } from './dialogs/faq/faqResponder';
import { FormHost } from './dialogs/formHost';
import { HandoffEntry } from './dialogs/handoff/handoffEntry';
import { IqamaFineDialog } from './dialogs/iqamaFineDialog';
import { MessageRouter } from './dialogs/messageRouter';
import { AddToRequestDialog } from './dialogs/addToRequestDialog';
import { SubmitRequestDialog } from './dialogs/submitRequestDialog';
import { TrackRequestDialog } from './dialogs/trackRequestDialog';
import { loadKnowledgeBase } from './knowledge/build/loadKnowledgeBase';
import { UNANSWERED_FILE, UnansweredLog } from './knowledge/feedback/unansweredLog';
import { loadContent, useContent } from './knowledge/content';
import { FaqRetriever } from './knowledge/retrieval/faqRetriever';
import { iqamaFineRules } from './knowledge/rules/iqamaFines';
import { holidayListEndsSoon, localDate } from './knowledge/rules/workingDays';
import { Config, readConfig } from './platform/config';
import { createLogger, Logger } from './platform/logger';
import { maskPersonalData } from './platform/maskPersonalData';
import { lockDataDir } from './platform/dataDirLock';
import { ensureWritable, StartupError, StorageProbe } from './platform/storageHealth';
import { FolderAttachmentStore } from './requests/attachmentStore';
import type { LookupLimits } from './requests/lookupCounter';
import { LookupLimiter } from './requests/lookupLimiter';
import { LowdbRequestStore } from './requests/lowdbRequestStore';
import { PersonNotifier } from './requests/notifier';
import { RandomRequestNumbers } from './requests/requestNumbers';
import { RequestService } from './requests/requestService';
import { AllSmsSenders, OutboxSmsSender, WebhookSmsSender } from './requests/smsSenders';
import { openPostgresStores } from './postgres/postgresStores';
import { createServer } from './server/httpServer';
import { ServiceUrlPolicy } from './server/serviceUrlPolicy';
import { ProxyTrust } from './platform/proxyTrust';
import { staffRoutes } from './staff/staffApi';
import { AgentAccounts, FileAgentRecords } from './staff/agentAccounts';
import { AuditLog } from './staff/auditLog';
import { handoffRoutes } from './staff/handoffApi';
import { unansweredRoutes } from './staff/unansweredApi';
import { FileLinks } from './staff/fileLinks';
import { fileLinkRoutes } from './staff/fileLinkRoutes';
import { HandoffService } from './staff/handoffService';
import { FileHandoffQueue } from './staff/fileHandoffQueue';
import { MemoryFeedBus } from './staff/feedBus';
import { staffAudit } from './staff/staffAudit';
import { consoleRoutes } from './staff/consoleRoutes';
import { parseStaffHours, StaffSchedule } from './staff/staffHours';
import { MemorySessionStore, StaffSessions } from './staff/staffSessions';
import { version } from './package.json';

const HOUR_MS = 60 * 60 * 1000;

/** What the composition root takes besides configuration: seams tests fix. */
export interface AppServices {
  /** The service's clock: "today" in answers, and when the storage probe is due; tests fix or advance it. */
  now?: () => Date;
  /** Tracking look-up limits other than the defaults (tests shorten the slow-down). */
  lookupLimits?: Partial<LookupLimits>;
  /** How long the answer to the first wrong staff password waits, when not the default (tests shorten it). */
  loginHoldBackMs?: number;
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/**
 * The composition root: config → content → stores → knowledge → adapter → dialogs → bot → channels → server,
 * once DATA_DIR is writable and this process its only user (platform/dataDirLock.ts).
 */
export async function startApp(config: Config, logger: Logger = createLogger(config.LOG_LEVEL), services: AppServices = {}): Promise<RunningApp> {
  await ensureWritable(config.DATA_DIR);
  const lock = await lockDataDir(config.DATA_DIR);
  try {
    const app = await startOnOwnFolder(config, logger, services);
    // Closing twice (a test's cleanup after a failure, two signals) closes once.
    let closing: Promise<void> | undefined;
    return { url: app.url, close: () => (closing ??= app.close().finally(() => lock.release())) };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startOnOwnFolder(config: Config, logger: Logger, services: AppServices): Promise<RunningApp> {
  const now = services.now ?? (() => new Date());
  useContent(loadContent());
  const holidaysEnd = holidayListEndsSoon(localDate(now()));
  if (holidaysEnd) logger.warn('public holiday list ends within a year: add the coming holidays to knowledge/content/rules/saudi-public-holidays.json', { lastHoliday: holidaysEnd });

  // Stores, each behind its seam: on PostgreSQL with DATABASE_URL (several instances can share it),
  // otherwise the embedded ones, under DATA_DIR. DATA_DIR must be writable either way (the knowledge
  // base, the handoff desk, staff accounts and logs are kept there).
  const lookupLimits: Partial<LookupLimits> = { globalMaxFailures: config.LOOKUP_FAILURES_PER_MINUTE, globalWindowMs: 60_000, ...services.lookupLimits };
  const stores = config.DATABASE_URL ? await openPostgresStores(config.DATABASE_URL, logger, lookupLimits, now) : await openEmbeddedStores(config, lookupLimits, now);
  const { storage, requestStore, numbers, attachments, limiter } = stores;
  const conversationState = new JsonComparedConversationState(storage);
  const userState = new JsonComparedUserState(storage);
  logger.info('stores opened', { on: config.DATABASE_URL ? 'postgres' : 'embedded' });
  // Files a person sends (to a form or to an officer), under one set of rules. The hosts files may
  // be fetched from besides the channel's serviceUrl: this server, once it listens.
  const ownHosts: string[] = [];
  const fileRules = { store: attachments, maxBytes: config.ATTACHMENT_MAX_BYTES, maxFiles: 5, ownHosts, authenticated: Boolean(config.MicrosoftAppId) };

  const { knowledgeBase, rebuilt } = loadKnowledgeBase(config.DATA_DIR);
  const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: config.FAQ_ANSWER_CACHE });
  logger.info(rebuilt ? 'knowledge base rebuilt from sources' : 'knowledge base loaded', { entries: retriever.entryCount });

  // Shared through the database, a web chat's replies go to this instance's connector, whichever
  // instance's port the conversation's stored serviceUrl names (known once the server listens).
  let ownLoopback: string | undefined;
  const adapter = createAdapter(config, conversationState, logger, (serviceUrl) => (config.DATABASE_URL && ownLoopback ? onThisInstance(serviceUrl, ownLoopback) : serviceUrl));
  const turns = new TurnsInFlight();
  adapter.use(turns);
  // On PostgreSQL a turn's two state reads are one query if asked together (bot/statePrefetch.ts).
  if (config.DATABASE_URL) adapter.use(new StatePrefetch([conversationState, userState]));
  adapter.use(new ChannelRendering(conversationState));
  // SMS to the outbox file (and the gateway's webhook when configured); chat messages through the adapter.
  const { outbox } = stores;
  const sms = config.SMS_WEBHOOK_URL ? new AllSmsSenders([outbox, new WebhookSmsSender(config.SMS_WEBHOOK_URL)]) : outbox;
  const notifier = new PersonNotifier(sms, new ProactiveMessenger(adapter, config.MicrosoftAppId), logger);
  const requests = new RequestService({ store: requestStore, numbers, notifier, attachments, logger, now });

  // Handoff to staff (docs/handoff.md): the transcript kept for them, the queue, the relay while connected.
  const { transcripts } = stores;
  adapter.use(new MessageTranscript(transcripts, logger));
  // An officer's file too large to go inside a message goes as a link to this server: PUBLIC_URL, or
  // where it listens (known once it does).
  let listeningAt = '';
  const linkBase = () => config.PUBLIC_URL || listeningAt;
  const fileLinks = stores.fileLinkKey ? new FileLinks(stores.fileLinkKey, linkBase, now) : await FileLinks.open(config.DATA_DIR, linkBase, now);
  const handoffs = new HandoffService({
    queue: await stores.handoffQueue(),
    channel: new PersonMessenger(adapter, config.MicrosoftAppId),
    schedule: new StaffSchedule(parseStaffHours(config.STAFF_HOURS)),
    logger,
    now,
    agentTimeoutMs: config.HANDOFF_AGENT_TIMEOUT_SECONDS * 1000,
    files: fileRules,
    links: fileLinks,
  });
  handoffs.start();
  // The console's live feed hears the desk through the feed bus: on PostgreSQL, every instance's desk.
  const { feed } = stores;
  handoffs.on('feed', (event) => feed.publish(event));
  // HANDOFF_MODE=event hands the conversation to the channel's agent hub with handoff events instead.
  const desk =
    config.HANDOFF_MODE === 'event'
      ? await EventHandoffDesk.open({ directory: path.join(config.DATA_DIR, 'handoff'), adapter, appId: config.MicrosoftAppId, transcripts, hours: (language) => handoffs.hours(language), logger, now })
      : handoffs;
  const handoffEntry = new HandoffEntry(desk, conversationState.createProperty('unansweredQuestions'), fileRules, logger);
  adapter.use(new HandoffMiddleware(handoffEntry));
  // Staff sign in with their own accounts, or use STAFF_TOKEN; with neither, the staff API does not exist.
  const agents = await AgentAccounts.on(await stores.agentRecords());
  const sessions = new StaffSessions(config.STAFF_TOKEN, now, stores.sessions);
  const audit = new AuditLog(path.join(config.DATA_DIR, 'audit.jsonl'), now, (error) => logger.error('audit log not written', { error: error.message }));
  const staffOn = Boolean(config.STAFF_TOKEN) || agents.count > 0;
  // The questions declined or answered with little confidence, kept masked for the content editors, who read them in the console.
  const { unanswered } = stores;
  const staffSide = staffOn
    ? [
        handoffRoutes({ handoffs, feed, agents, sessions, audit, transcripts, logger, loginHoldBackMs: services.loginHoldBackMs }),
        unansweredRoutes({ unanswered, sessions, audit, logger }),
        consoleRoutes(),
        staffAudit(sessions, audit),
        fileLinkRoutes(fileLinks, handoffs, logger),
      ]
    : [];

  const faq = new FaqResponder(retriever, unanswered);
  const forms = [
    new SubmitRequestDialog(faq, { requests, logger, attachments: fileRules }),
    new TrackRequestDialog(faq, requestStore, limiter, logger, now),
    new AddToRequestDialog(faq, { store: requestStore, requests, limiter, attachments: fileRules, logger }),
    new IqamaFineDialog(faq, iqamaFineRules(), now),
  ];
  const router = new MessageRouter(faq, { submit: SubmitRequestDialog.id, track: TrackRequestDialog.id, addInfo: AddToRequestDialog.id, fines: IqamaFineDialog.id }, handoffEntry);
  const bot = new TawasulBot(conversationState, userState, new FormHost(conversationState.createProperty('dialogState'), router, forms));

  const proxies = ProxyTrust.fromSetting(config.TRUST_PROXY);
  const webChat = createWebChatChannel(config, adapter, (context) => bot.run(context), logger, proxies, stores.webChat);
  const server = createServer({
    adapter,
    bot,
    logger,
    health: async () => {
      const storage = await stores.probe();
      return { status: storage === 'ok' ? 'ok' : 'degraded', storage, knowledgeBaseEntries: retriever.entryCount, version };
    },
    serviceUrls: ServiceUrlPolicy.fromConfig(config, proxies),
    routes: [
      ...webChat.routes,
      staffRoutes({ token: config.STAFF_TOKEN, store: requestStore, requests, logger, now, signedIn: staffOn ? (req) => sessions.actor(req)?.kind === 'agent' : undefined }),
      ...staffSide,
    ],
  });
  // Files of forms never submitted are deleted after a day, and the state of conversations idle for
  // STATE_TTL_HOURS (forms left half-way with a person's details in them): at start and every hour.
  const sweep = async () => {
    await attachments.sweepAbandoned(24 * HOUR_MS, now().getTime()).catch((error: Error) => logger.warn('attachment sweep failed', { error: error.message }));
    await storage
      .sweepExpired(config.STATE_TTL_HOURS * HOUR_MS, now().getTime())
      .then((removed) => removed > 0 && logger.info('idle conversation state deleted', { removed }))
      .catch((error: Error) => logger.warn('state sweep failed', { error: error.message }));
  };
  await sweep();
  const sweeper = setInterval(sweep, HOUR_MS).unref();
  // Transcript lines are kept TRANSCRIPT_RETENTION_DAYS.
  // What a handoff case holds of the person (what was said, files, comment) goes with them, counted from the case's end.
  const sweepTranscripts = async () => {
    await transcripts.sweep(config.TRANSCRIPT_RETENTION_DAYS).catch((error: Error) => logger.warn('transcript sweep failed', { error: error.message }));
    await handoffs.forgetEnded(config.TRANSCRIPT_RETENTION_DAYS).catch((error: Error) => logger.warn('handoff case sweep failed', { error: error.message }));
  };
  await sweepTranscripts();
  const transcriptSweeper = setInterval(sweepTranscripts, HOUR_MS).unref();

  if (!config.MicrosoftAppId) logger.warn('MicrosoftAppId is not set: accepting anonymous traffic (Emulator and local use only)');
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(sweeper);
    clearInterval(transcriptSweeper);
    handoffs.stop();
    webChat.close();
    // The database's connections too, so a start that failed leaves nothing open.
    await stores.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${config.PORT} is already in use`);
    if (code === 'EACCES') throw new StartupError(`port ${config.PORT} needs privileges this user does not have`);
    throw error;
  }
  const { port } = server.address() as { port: number };
  const url = `http://localhost:${port}`;
  listeningAt = url;
  ownHosts.push(`localhost:${port}`, `127.0.0.1:${port}`);
  ownLoopback = `http://127.0.0.1:${port}`;
  logger.info('listening', { url, messagingEndpoint: `${url}/api/messages`, webChat: `${url}/` });
  return {
    url,
    close: () => {
      clearInterval(sweeper);
      clearInterval(transcriptSweeper);
      handoffs.stop();
      webChat.close();
      // The server stops taking turns first, the turns it is still working on end (their answers
      // sent, their transcript lines logged), then the stores write what is still in flight and close.
      return new Promise<void>((resolve) => server.close(() => resolve()))
        .then(() => turns.ended(10_000))
        .then(() => stores.close());
    },
  };
}

/** The embedded stores, under DATA_DIR: what `npm start` uses with no configuration. */
async function openEmbeddedStores(config: Config, lookupLimits: Partial<LookupLimits>, now: () => Date) {
  const stateDir = path.join(config.DATA_DIR, 'state');
  const requestsDir = path.join(config.DATA_DIR, 'requests');
  const requestStore = await LowdbRequestStore.open(requestsDir);
  // /healthz says "degraded" (503) when the state or request folders can no longer be written.
  const storageProbe = new StorageProbe([stateDir, requestsDir], undefined, () => now().getTime());
  const storage = await LowdbStorage.open(stateDir);
  const transcripts = new JournalTranscriptStore(path.join(config.DATA_DIR, 'transcripts'), now);
  const unanswered = new UnansweredLog(path.join(config.DATA_DIR, UNANSWERED_FILE), now);
  return {
    storage,
    requestStore,
    // Random numbers: a number tells nobody how many requests there are, nor which numbers others hold.
    numbers: new RandomRequestNumbers(),
    attachments: new FolderAttachmentStore(config.DATA_DIR),
    outbox: new OutboxSmsSender(path.join(config.DATA_DIR, 'outbox', 'sms.jsonl')),
    limiter: new LookupLimiter(lookupLimits),
    probe: () => storageProbe.check(),
    transcripts,
    handoffQueue: () => FileHandoffQueue.open(path.join(config.DATA_DIR, 'handoff')),
    agentRecords: () => FileAgentRecords.open(config.DATA_DIR),
    sessions: new MemorySessionStore(),
    feed: new MemoryFeedBus(),
    // The file links' key is kept in DATA_DIR (FileLinks.open).
    fileLinkKey: undefined,
    // The built-in Direct Line keeps its conversations in memory and its files in DATA_DIR.
    webChat: undefined,
    unanswered,
    // The state, transcript lines and unanswered questions still in flight are written.
    close: async () => void (await Promise.all([storage.close(), transcripts.close(), unanswered.close()])),
  };
}

if (require.main === module) {
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    // Through the masking logger like every other line, to stderr as a failed start-up's reason.
    createLogger('error', (line) => process.stderr.write(line + '\n')).error('invalid configuration', { error: (error as Error).message });
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL);
  startApp(config, logger).then(
    (app) => {
      // SIGINT and SIGTERM together (Ctrl-C under a supervisor) shut down once.
      let stopping: Promise<void> | undefined;
      const stop = () => {
        if (stopping) return;
        logger.info('shutting down');
        stopping = app.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: Error) => {
      // A problem we can name (DATA_DIR not writable, port in use) is said as it is; anything else is a bug, with its stack.
      if (error instanceof StartupError) {
        process.stderr.write(`Could not start: ${maskPersonalData(error.message)}\n`);
        logger.error('could not start', { error: error.message });
      } else {
        logger.error('could not start', { error: error.message, stack: error.stack });
      }
      process.exit(1);
    },
  );
}
