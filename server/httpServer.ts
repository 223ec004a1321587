import { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import { z } from 'zod';
import { Logger } from '../platform/logger';
import { removeTemporaryFiles } from '../platform/multipartParts';
import { TawasulBot } from '../bot/tawasulBot';
import { ServiceUrlPolicy } from './serviceUrlPolicy';

/** The least an activity needs for the bot to answer it; anything less is the caller's mistake (400). */
const IncomingActivity = z
  .object({
    type: z.string().min(1),
    channelId: z.string().min(1),
    conversation: z.object({ id: z.string().min(1) }),
    from: z.object({ id: z.string().min(1) }),
    serviceUrl: z.string().optional(),
    deliveryMode: z.string().optional(),
  })
  .refine((a) => a.deliveryMode === 'expectReplies' || !!a.serviceUrl, {
    message: 'serviceUrl is required unless deliveryMode is "expectReplies"',
    path: ['serviceUrl'],
  });

export interface Health {
  status: 'ok';
  knowledgeBaseEntries: number;
  version: string;
}

export interface ServerParts {
  adapter: CloudAdapter;
  bot: TawasulBot;
  health: () => Health;
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
  const server = restify.createServer({ name: 'tawasul-assistant', handleUncaughtExceptions: false });
  // Every response, before any route or refusal: never sniffed into another type, and unable to run
  // as a page (a route serving HTML sets its own policy over this one).
  server.pre((_req, res, next) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-security-policy', DEFAULT_CONTENT_SECURITY_POLICY);
    return next();
  });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, maxFileSize: MAX_UPLOAD_BYTES, multiples: true }));

  server.post('/api/messages', async (req, res) => {
    const activity = IncomingActivity.safeParse(req.body);
    if (!activity.success) {
      res.send(400, { error: 'invalid activity', details: activity.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const refusal = serviceUrls.refusal(req, activity.data.serviceUrl);
    if (refusal) {
      logger.warn('activity refused: serviceUrl not allowed', { serviceUrl: activity.data.serviceUrl?.slice(0, 200), channelId: activity.data.channelId });
      res.send(403, { error: refusal });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, health());
  });

  for (const register of routes) register(server);

  server.on('after', (req: restify.Request) => {
    if (!req.files) return;
    removeTemporaryFiles(req.files).catch((error: Error) => logger.warn('temporary upload not removed', { error: error.message }));
  });

  server.on('restifyError', (req, _res, error, callback) => {
    logger.warn('request refused', { method: req.method, path: req.path(), status: error.statusCode, error: error.message });
    return callback();
  });
  return server;
}
