import type { Server } from 'restify';
import { Config } from '../../../platform/config';
import { Logger } from '../../../platform/logger';
import { CreationLimit } from './creationLimit';
import type { DirectLineConversations } from './directLineConversations';
import { LocalDirectLine, newUserId } from './localDirectLine';
import { publicOrigin } from './httpOrigin';
import { GeneratedToken, TokenRequest } from './directLineSchemas';

/** What the page needs to open Web Chat: a conversation token and the Direct Line it is for. */
export interface WebChatSession {
  token: string;
  conversationId: string;
  userId: string;
  domain: string;
}

const UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * POST /api/directline/token — the page's one way in. With DIRECT_LINE_SECRET it exchanges the
 * secret with Azure's Direct Line (tokens/generate) for a token bound to a new conversation and a
 * user id we choose, so the secret never leaves the server; without it, the built-in Direct Line
 * issues the token; with neither, web chat is off (503).
 */
export function registerTokenRoute(
  server: Server,
  config: Config,
  local: LocalDirectLine<DirectLineConversations> | undefined,
  logger: Logger,
  creations: CreationLimit = new CreationLimit(),
): void {
  server.post('/api/directline/token', async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    const body = TokenRequest.safeParse(req.body);
    if (!body.success) return void res.send(400, { error: 'The body may only name a locale, such as "ar-SA".' });
    if (!creations.allow(req)) {
      res.setHeader('retry-after', String(creations.retryAfterSeconds(req)));
      return void res.send(429, { error: 'Too many chats started from this address. Please try again in a minute.' });
    }
    const userId = newUserId();
    if (config.DIRECT_LINE_SECRET) {
      const session = await exchangeSecret(config, userId, logger);
      if (!session) return void res.send(502, { error: 'The chat service is not reachable right now. Please try again shortly.' });
      return void res.send(200, session);
    }
    if (!local) return void res.send(503, { error: 'Web chat is not configured: set DIRECT_LINE_SECRET.' });
    const { conversationId, token } = await local.newConversation(userId, body.data.locale);
    const session: WebChatSession = { token, conversationId, userId, domain: `${publicOrigin(req)}/v3/directline` };
    res.send(200, session);
  });
}

async function exchangeSecret(config: Config, userId: string, logger: Logger): Promise<WebChatSession | undefined> {
  const endpoint = config.DIRECT_LINE_ENDPOINT.replace(/\/+$/, '');
  try {
    const response = await fetch(`${endpoint}/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.DIRECT_LINE_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: userId } }),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    if (!response.ok) {
      logger.error('direct line refused the token exchange', { status: response.status });
      return undefined;
    }
    const generated = GeneratedToken.parse(await response.json());
    return { token: generated.token, conversationId: generated.conversationId, userId, domain: endpoint };
  } catch (error) {
    logger.error('direct line token exchange failed', { error: (error as Error).message });
    return undefined;
  }
}
