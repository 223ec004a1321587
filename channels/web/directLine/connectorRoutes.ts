import type { Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { DirectLineConversations } from './directLineConversations';
import { CONNECTOR_PATH, LocalDirectLine } from './localDirectLine';
import { refuse } from './refuseRequest';
import { BotActivity, MAX_BOT_ACTIVITY_BYTES } from './directLineSchemas';

/**
 * The Bot Connector endpoints the bot replies to when its serviceUrl is this server: sendToConversation
 * and replyToActivity. Replies, typing indicators and proactive messages (continueConversation with
 * a stored reference, e.g. a staff reply) all land here and go to the page through the log.
 *
 * The bot calls them with no token (authentication is off whenever the built-in Direct Line is on).
 * What admits a caller is the connector secret in the path of the serviceUrl the in-process Direct
 * Line gives the bot (LocalDirectLine.serviceUrl), not its address: behind a proxy on this host every
 * caller comes from loopback.
 */
export function registerConnectorRoutes(server: Server, directLine: LocalDirectLine<DirectLineConversations>): void {
  const append = async (req: Request, res: Response) => {
    if (!directLine.isConnectorSecret(req.params.secret)) return refuse(res, 403, 'Forbidden', 'Only the bot may post here.');
    const conversationId = req.params.conversationId;
    if (!(await directLine.log.has(conversationId))) return refuse(res, 404, 'ConversationNotFound', 'Conversation not found.');
    const activity = BotActivity.safeParse(req.body);
    if (!activity.success) return refuse(res, 400, 'BadArgument', 'Malformed activity.');
    if (Buffer.byteLength(JSON.stringify(activity.data)) > MAX_BOT_ACTIVITY_BYTES) return refuse(res, 413, 'MessageSizeTooBig', `The activity is larger than ${MAX_BOT_ACTIVITY_BYTES / 1024} KB.`);
    const id = await directLine.log.append(conversationId, { ...(activity.data as Partial<Activity>), replyToId: req.params.activityId ?? activity.data.replyToId as string | undefined });
    res.send(200, { id });
  };
  server.post(`${CONNECTOR_PATH}/:secret/v3/conversations/:conversationId/activities`, append);
  server.post(`${CONNECTOR_PATH}/:secret/v3/conversations/:conversationId/activities/:activityId`, append);
}
