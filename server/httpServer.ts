import { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import { z } from 'zod';
import { Logger } from '../platform/logger';
import { removeTemporaryFiles } from '../platform/multipartParts';
import { TawasulBot } from '../bot/tawasulBot';

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
  /** "degraded" (answered 503) when storage cannot be written: forms cannot advance, requests cannot be stored. */
  status: 'ok' | 'degraded';
  storage: 'ok' | 'read-only';
  knowledgeBaseEntries: number;
  version: string;
}

export interface ServerParts {
  adapter: CloudAdapter;
  bot: TawasulBot;
  health: () => Promise<Health>;
  logger: Logger;
  /** Further routes, each registered by the module that owns it (staff API, web chat, …). */
  routes?: ((server: restify.Server) => void)[];
}

/** Bodies beyond this are refused (413): a chat message with a 10,000-character text is ~40 KB. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Multipart bodies (Web Chat's file uploads) are parsed to temporary files, at most this much in all. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export function createServer({ adapter, bot, health, logger, routes = [] }: ServerParts): restify.Server {
  const server = restify.createServer({ name: 'tawasul-assistant', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, maxFileSize: MAX_UPLOAD_BYTES, multiples: true }));

  server.post('/api/messages', async (req, res) => {
    const activity = IncomingActivity.safeParse(req.body);
    if (!activity.success) {
      res.send(400, { error: 'invalid activity', details: activity.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
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
    logger.warn('request refused', { method: req.method, path: req.path(), status: error.statusCode, error: error.message });
    return callback();
  });
  return server;
}
