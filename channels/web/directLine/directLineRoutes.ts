import { readFile } from 'node:fs/promises';
import type { Request, Response, Server } from 'restify';
import { Logger } from '../../../platform/logger';
import { CreationLimit } from './creationLimit';
import type { DirectLineConversations } from './directLineConversations';
import { LocalDirectLine } from './localDirectLine';
import { refuse } from './refuseRequest';
import { loopbackOrigin, publicOrigin } from './httpOrigin';
import { ClientActivity, clientActivityTooLarge, GenerateTokenBody, MAX_CLIENT_ACTIVITY_BYTES, StartConversationBody, Watermark } from './directLineSchemas';
import { bearerToken, TokenClaims } from './tokens';
import { receivedFiles } from '../../../platform/multipartParts';
import { DirectLineUploads } from './uploads';

const BASE = '/v3/directline';
/** A request body that holds one activity of at most MAX_CLIENT_ACTIVITY_BYTES, with room for whitespace. */
const MAX_CLIENT_ACTIVITY_REQUEST_BYTES = 2 * MAX_CLIENT_ACTIVITY_BYTES;

const watermarkOf = (req: Request) => new URL(req.url ?? '', 'http://local').searchParams.get('watermark') ?? undefined;

function streamUrl(req: Request, conversationId: string, token: string): string {
  const origin = publicOrigin(req).replace(/^http/, 'ws');
  return `${origin}${BASE}/conversations/${encodeURIComponent(conversationId)}/stream?t=${encodeURIComponent(token)}`;
}

/**
 * The Direct Line 3.0 REST surface Web Chat (botframework-directlinejs) uses: tokens, starting and
 * resuming a conversation, posting activities and files, and reading them by watermark. A missing
 * token is a 401, a bad or foreign one a 403, a conversation we do not hold a 404, a malformed
 * body a 400.
 */
export function registerDirectLineRoutes(
  server: Server,
  directLine: LocalDirectLine<DirectLineConversations>,
  uploads: DirectLineUploads,
  logger: Logger,
  creations: CreationLimit = new CreationLimit(),
): void {
  // Files uploaded in a conversation live as long as it does.
  directLine.log.onForget((conversationId) => {
    uploads.remove(conversationId).catch((error: Error) => logger.warn('uploads of a forgotten conversation not removed', { error: error.message }));
  });

  /** The token's claims when it is genuine and for this conversation; otherwise the refusal is sent. */
  const authorize = async (req: Request, res: Response, conversationId?: string): Promise<TokenClaims | undefined> => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return void refuse(res, 401, 'MissingToken', 'An Authorization: Bearer token is required.');
    const claims = directLine.tokens.verify(token);
    if (!claims || (conversationId !== undefined && claims.conversationId !== conversationId)) {
      return void refuse(res, 403, 'TokenInvalid', 'The token is invalid, expired, or not for this conversation.');
    }
    if (!(await directLine.log.has(claims.conversationId))) return void refuse(res, 404, 'BadArgument', 'Conversation not found.');
    return claims;
  };

  /** Starting or resuming a conversation answers the same: its id, the token in use, and where to stream it. */
  const conversationReply = (req: Request, claims: TokenClaims) => {
    const token = bearerToken(req.headers.authorization) as string;
    return { conversationId: claims.conversationId, token, expires_in: directLine.tokens.secondsLeft(claims), streamUrl: streamUrl(req, claims.conversationId, token) };
  };

  // An activity declared larger than an activity may be is refused before its body is read or
  // parsed (the server-wide parser would take up to 1 MB): Node discards the unread body.
  const ACTIVITY_PATH = /^\/v3\/directline\/conversations\/[^/]+\/activities\/?$/;
  server.pre((req, res, next) => {
    if (req.method === 'POST' && ACTIVITY_PATH.test(req.getPath()) && Number(req.headers['content-length'] ?? 0) > MAX_CLIENT_ACTIVITY_REQUEST_BYTES) {
      refuse(res, 413, 'MessageSizeTooBig', `The activity is larger than ${MAX_CLIENT_ACTIVITY_BYTES / 1024} KB.`);
      return next(false);
    }
    return next();
  });

  server.post(`${BASE}/tokens/generate`, async (req, res) => {
    const body = GenerateTokenBody.safeParse(req.body);
    if (!body.success) return refuse(res, 400, 'BadArgument', 'Malformed body.');
    if (!creations.allow(req)) {
      res.setHeader('retry-after', String(creations.retryAfterSeconds(req)));
      return refuse(res, 429, 'TooManyRequests', 'Too many conversations started from this address; try again in a minute.');
    }
    // The user id is ours to choose: a browser naming one could borrow another person's user state.
    const { conversationId, token, expires_in } = await directLine.newConversation();
    res.send(200, { conversationId, token, expires_in });
  });

  server.post(`${BASE}/tokens/refresh`, async (req, res) => {
    const claims = await authorize(req, res);
    if (!claims) return;
    // Web Chat refreshes while the page is open, even when nobody types: the conversation is in use.
    await directLine.log.touch(claims.conversationId);
    res.send(200, { conversationId: claims.conversationId, ...directLine.tokens.issue(claims.conversationId, claims.userId) });
  });

  server.post(`${BASE}/conversations`, async (req, res) => {
    const claims = await authorize(req, res);
    if (!claims) return;
    const body = StartConversationBody.safeParse(req.body);
    if (!body.success) return refuse(res, 400, 'BadArgument', 'Malformed body.');
    // Not awaited (the page shows the welcome when it comes); a database out of reach is logged, not thrown.
    directLine
      .start(claims.conversationId, claims.userId, body.data.locale, directLine.serviceUrl(loopbackOrigin(req)))
      .catch((error: Error) => logger.warn('direct line conversation not started', { error: error.message }));
    res.send(201, conversationReply(req, claims));
  });

  server.get(`${BASE}/conversations/:conversationId`, async (req, res) => {
    const claims = await authorize(req, res, req.params.conversationId);
    if (!claims) return;
    res.send(200, conversationReply(req, claims));
  });

  server.get(`${BASE}/conversations/:conversationId/activities`, async (req, res) => {
    const claims = await authorize(req, res, req.params.conversationId);
    if (!claims) return;
    const watermark = Watermark.safeParse(watermarkOf(req));
    if (!watermark.success) return refuse(res, 400, 'BadArgument', 'The watermark is a number from an earlier answer.');
    res.send(200, await directLine.log.since(claims.conversationId, watermark.data));
  });

  server.post(`${BASE}/conversations/:conversationId/activities`, async (req, res) => {
    const claims = await authorize(req, res, req.params.conversationId);
    if (!claims) return;
    const activity = ClientActivity.safeParse(req.body);
    if (!activity.success) {
      return refuse(res, 400, 'BadArgument', activity.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    // Every activity is kept in memory for the conversation's life: one client must not fill it.
    const tooLarge = clientActivityTooLarge(activity.data);
    if (tooLarge) return refuse(res, 413, 'MessageSizeTooBig', tooLarge);
    const id = await directLine.receive(claims.conversationId, claims.userId, activity.data, directLine.serviceUrl(loopbackOrigin(req)));
    res.send(200, { id });
  });

  server.post(`${BASE}/conversations/:conversationId/upload`, async (req, res) => {
    // The server removes the parts' temporary files once this answers.
    const parts = receivedFiles(req.files);
    try {
      const claims = await authorize(req, res, req.params.conversationId);
      if (!claims) return;
      if (!req.is('multipart/form-data')) return refuse(res, 400, 'BadArgument', 'Expected multipart/form-data.');
      const activityPart = parts.activity?.[0];
      if (activityPart && activityPart.size > MAX_CLIENT_ACTIVITY_BYTES) return refuse(res, 413, 'MessageSizeTooBig', `The activity is larger than ${MAX_CLIENT_ACTIVITY_BYTES / 1024} KB.`);
      const template = activityPart ? ClientActivity.safeParse(JSON.parse(await readFile(activityPart.path, 'utf8'))) : ClientActivity.safeParse({ type: 'message' });
      const files = parts.file ?? [];
      if (!template.success || files.length === 0 || files.length > 10) return refuse(res, 400, 'BadArgument', 'Expected an activity part and 1 to 10 file parts.');
      const tooLarge = clientActivityTooLarge(template.data);
      if (tooLarge) return refuse(res, 413, 'MessageSizeTooBig', tooLarge);
      const saved: Awaited<ReturnType<DirectLineUploads["save"]>>[] = [];
      for (const file of files) saved.push(await uploads.save(claims.conversationId, file));
      const linkedOn = (origin: string) =>
        saved.map((s) => ({ contentType: s.contentType, name: s.name, contentUrl: `${origin}${BASE}/attachments/${claims.conversationId}/${s.fileId}` }));
      const id = await directLine.receive(claims.conversationId, claims.userId, { ...template.data, attachments: linkedOn(publicOrigin(req)) }, directLine.serviceUrl(loopbackOrigin(req)), {
        attachments: linkedOn(loopbackOrigin(req)),
      });
      res.send(200, { id });
    } catch (error) {
      // Only a malformed activity part can throw here (JSON.parse); storage errors are ours to log.
      if (error instanceof SyntaxError) return refuse(res, 400, 'BadArgument', 'The activity part is not JSON.');
      logger.error('upload failed', { error: (error as Error).message });
      refuse(res, 500, 'ServiceError', 'The file could not be stored.');
    }
  });

  // Unguessable URLs, like Azure's attachment URLs: the bot fetches them without a Direct Line token.
  server.get(`${BASE}/attachments/:conversationId/:fileId`, async (req, res) => {
    const file = await uploads.load(req.params.conversationId, req.params.fileId);
    if (!file) return refuse(res, 404, 'NotFound', 'No such file.');
    res.writeHead(200, { ...file.headers, 'content-length': String(file.body.length) });
    res.end(file.body);
  });
}
