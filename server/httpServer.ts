import restify from 'restify';
import { jsonDepth, MAX_JSON_DEPTH } from '../platform/inputLimits';
import { Logger } from '../platform/logger';
import { removeTemporaryFiles } from '../platform/multipartParts';
import type { StorageState } from '../platform/storageHealth';
import type { CheckedActivityAdapter } from '../bot/checkedActivityAdapter';
import { TawasulBot } from '../bot/tawasulBot';
import { IncomingActivity } from './incomingActivity';
import { restifyLog } from './restifyLog';
import { ServiceUrlPolicy } from './serviceUrlPolicy';

export interface Health {
  /** "degraded" (answered 503) when storage cannot be written: forms cannot advance, requests cannot be stored. */
  status: 'ok' | 'degraded';
  storage: StorageState;
  knowledgeBaseEntries: number;
  version: string;
}

export interface ServerParts {
  adapter: CheckedActivityAdapter;
  bot: TawasulBot;
  health: () => Promise<Health>;
  logger: Logger;
  /** Which serviceUrls the bot may reply to when /api/messages takes anonymous traffic. */
  serviceUrls: ServiceUrlPolicy;
  /** Further routes, each registered by the module that owns it (staff API, web chat, …). */
  routes?: ((server: restify.Server) => void)[];
}

/** What a response that sets no policy of its own may do as a document: nothing. */
const DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Bodies beyond this are refused (413): a chat message with a 10,000-character text is ~40 KB. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Multipart bodies (Web Chat's file uploads) are parsed to temporary files, at most this much in all. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export function createServer({ adapter, bot, health, logger, serviceUrls, routes = [] }: ServerParts): restify.Server {
  const server = restify.createServer({
    name: 'tawasul-assistant',
    handleUncaughtExceptions: false,
    // restify's own log lines (which carry the raw request, token and body) go through ours, reduced and masked.
    log: restifyLog(logger) as unknown as restify.ServerOptions['log'],
  });
  // Every response, before any route or refusal: never sniffed into another type, and unable to run
  // as a page (a route serving HTML sets its own policy over this one).
  server.pre((_req, res, next) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-security-policy', DEFAULT_CONTENT_SECURITY_POLICY);
    return next();
  });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, maxFileSize: MAX_UPLOAD_BYTES, multiples: true }));
  // A body nested deeper than any activity is refused on every route before a handler, a log line or
  // JSON.stringify walks it (5,000 levels overflowed the formatter when the conversation was read back).
  server.use((req, res, next) => {
    if (req.body === null || typeof req.body !== 'object' || jsonDepth(req.body, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH) return next();
    const message = `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`;
    if (req.path().startsWith('/v3/')) res.send(400, { error: { code: 'BadArgument', message } });
    else res.send(400, { error: message });
    return next(false);
  });

  server.post('/api/messages', async (req, res) => {
    const activity = IncomingActivity.safeParse(req.body);
    if (!activity.success) {
      res.send(400, { error: 'invalid activity', details: activity.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const refusal = serviceUrls.refusal(req, activity.data.serviceUrl ?? undefined);
    if (refusal) {
      logger.warn('activity refused: serviceUrl not allowed', { serviceUrl: activity.data.serviceUrl?.slice(0, 200), channelId: activity.data.channelId });
      res.send(403, { error: refusal });
      return;
    }
    await adapter.processChecked(req, res, (context) => bot.run(context));
  });

  server.get('/healthz', async (_req, res) => {
    const report = await health();
    res.send(report.status === 'ok' ? 200 : 503, report);
  });

  for (const register of routes) register(server);

  server.on('after', (req: restify.Request) => {
    if (!req.files) return;
    removeTemporaryFiles(req.files).catch((error: Error) => logger.warn('temporary upload not removed', { error: error.message }));
  });

  server.on('restifyError', (req, _res, error, callback) => {
    // A client error's message may quote the body (a JSON parse error quotes the text around the fault): only its name is logged.
    const status = Number(error.statusCode) || 500;
    logger.warn('request refused', { method: req.method, path: req.path(), status, error: status >= 500 ? error.message : error.name });
    return callback();
  });
  return server;
}
