import path from 'node:path';
import type { CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import { Config } from '../../platform/config';
import { Logger } from '../../platform/logger';
import { ProxyTrust } from '../../platform/proxyTrust';
import { registerWebPage } from './chatPage';
import { registerConnectorRoutes } from './directLine/connectorRoutes';
import { CreationLimit } from './directLine/creationLimit';
import { registerDirectLineRoutes } from './directLine/directLineRoutes';
import { ConversationLogLimits, DEFAULT_LIMITS } from './directLine/conversationLog';
import type { DirectLineConversations } from './directLine/directLineConversations';
import { BotLogic, LocalDirectLine, SharedDirectLine } from './directLine/localDirectLine';
import { registerDirectLineStreaming } from './directLine/streaming';
import { registerTokenRoute } from './directLine/tokenRoute';
import { DirectLineUploads, UploadStore } from './directLine/uploads';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The built-in Direct Line as several instances share it (PostgreSQL): its log, files and secret, for these bounds. */
export type SharedWebChat = (limits: ConversationLogLimits) => SharedDirectLine<DirectLineConversations> & { uploads: DirectLineUploads };

export interface WebChatChannel {
  routes: ((server: Server) => void)[];
  close(): void;
}

/**
 * Everything the web widget needs, for the composition root: the page and its assets, the token
 * route, and — only while MicrosoftAppId is empty, i.e. authentication is off — the built-in
 * Direct Line with the connector endpoints the bot replies to. With an app id, replies go to Azure's
 * channels and the page uses Azure's Direct Line through DIRECT_LINE_SECRET. `sharedWith` (on
 * PostgreSQL) keeps the built-in Direct Line's conversations, files and secret where every instance
 * finds them; without it they are this process's.
 */
export function createWebChatChannel(
  config: Config,
  adapter: CloudAdapter,
  logic: BotLogic,
  logger: Logger,
  proxies: ProxyTrust = new ProxyTrust(),
  sharedWith?: SharedWebChat,
): WebChatChannel {
  const shared = config.MicrosoftAppId ? undefined : sharedWith?.(logLimits(config));
  const local = config.MicrosoftAppId ? undefined : new LocalDirectLine<DirectLineConversations>(adapter, logic, logger, logLimits(config), Date.now, shared);
  const closers: (() => void)[] = [];
  // One count for both ways a conversation starts (the page's token route and tokens/generate).
  const creations = new CreationLimit(undefined, proxies);
  const routes = [
    registerWebPage,
    (server: Server) => registerTokenRoute(server, config, local, logger, creations),
  ];
  if (local) {
    const uploads = shared?.uploads ?? new UploadStore(path.join(config.DATA_DIR, 'uploads'));
    routes.push(
      (server) => registerDirectLineRoutes(server, local, uploads, logger, creations),
      (server) => registerConnectorRoutes(server, local),
      (server) => closers.push(registerDirectLineStreaming(server, local)),
    );
    closers.push(() => local.close());
    // Folders of conversations a restart forgot without telling the store: at start, then hourly.
    const sweep = () => void uploads.sweep(DAY_MS).catch((error: Error) => logger.warn('upload sweep failed', { error: error.message }));
    sweep();
    const sweeper = setInterval(sweep, HOUR_MS);
    sweeper.unref();
    closers.push(() => clearInterval(sweeper));
  }
  return { routes, close: () => closers.forEach((close) => close()) };
}

function logLimits(config: Config): ConversationLogLimits {
  return {
    ...DEFAULT_LIMITS,
    maxConversationBytes: config.DIRECT_LINE_CONVERSATION_BYTES,
    maxTotalBytes: Math.max(config.DIRECT_LINE_TOTAL_BYTES, config.DIRECT_LINE_CONVERSATION_BYTES),
    maxConversations: config.DIRECT_LINE_MAX_CONVERSATIONS,
    idleMs: config.DIRECT_LINE_IDLE_MINUTES * 60_000,
  };
}
