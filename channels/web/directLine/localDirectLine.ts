import crypto from 'node:crypto';
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import { Logger } from '../../../platform/logger';
import { ConversationLog, ConversationLogLimits, DEFAULT_LIMITS } from './conversationLog';
import type { DirectLineConversations } from './directLineConversations';
import { ClientActivity } from './directLineSchemas';
import { TokenIssuer } from './tokens';

/** The bot's account in built-in Direct Line conversations. */
export const BOT_ACCOUNT = { id: 'tawasul-bot', name: 'Tawasul Assistant', role: 'bot' };
/** The channel id activities carry: Web Chat over Direct Line, as on Azure. */
export const CHANNEL_ID = 'directline';
/** Where the connector endpoints live, followed by the connector secret. */
export const CONNECTOR_PATH = '/connector';

/**
 * The built-in Direct Line's serviceUrl (this server's connector over loopback) moved to `ownLoopback`,
 * this instance's; any other serviceUrl unchanged. With several instances the conversation and the
 * connector secret are every instance's, so a reply or a proactive message (a staff reply, a request's
 * status) for a conversation another instance started is appended here, even when that instance, whose
 * port the stored serviceUrl names, has stopped.
 */
export function onThisInstance(serviceUrl: string, ownLoopback: string): string {
  const match = /^http:\/\/127\.0\.0\.1:\d+(\/connector\/.*)$/.exec(serviceUrl);
  return match ? `${ownLoopback}${match[1]}` : serviceUrl;
}

/** A user id the site chose: "dl_" marks one, which Azure's enhanced authentication expects. */
export function newUserId(): string {
  return `dl_${crypto.randomBytes(12).toString('base64url')}`;
}

export type BotLogic = (context: TurnContext) => Promise<void>;

/** What several instances share (on PostgreSQL): the conversations, and the secret tokens and the connector secret derive from. */
export interface SharedDirectLine<Log extends DirectLineConversations> {
  log: Log;
  /** At least 32 random bytes, the same on every instance; never logged nor sent to a browser. */
  secret: Buffer;
}

/** A key for one use, derived from the shared secret: the token key and the connector secret differ. */
function derived(secret: Buffer, use: string): Buffer {
  return crypto.createHmac('sha256', secret).update(`tawasul direct line ${use}`).digest();
}

/**
 * The built-in Direct Line between Web Chat and the bot, with no cloud account: it keeps each
 * conversation's activities, hands the user's activities to the real CloudAdapter (so every
 * middleware and dialog runs as for any channel), and gives the bot a serviceUrl pointing back at
 * this server, where the connector routes append its replies to the same log.
 */
export class LocalDirectLine<Log extends DirectLineConversations = ConversationLog> {
  readonly log: Log;
  readonly tokens: TokenIssuer;
  /**
   * 256 bits in the path of the serviceUrl the bot is given: the only thing that admits a caller to
   * the connector endpoints. Random at every start embedded; on PostgreSQL derived from the shared
   * secret, so a reply the bot sends on one instance may land on another. Known to this object and
   * the bot's turn (and conversation references stored from it); never shown to a browser (the log
   * keeps no serviceUrl) nor logged.
   */
  private readonly connectorSecret: string;

  /** `shared`: the conversations and secret of every instance (PostgreSQL); without it, this process's own, in memory. */
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly logic: BotLogic,
    private readonly logger: Logger,
    limits: ConversationLogLimits = DEFAULT_LIMITS,
    clock: () => number = Date.now,
    shared?: SharedDirectLine<Log>,
  ) {
    // Without `shared`, Log is its default, ConversationLog.
    this.log = shared?.log ?? (new ConversationLog(limits, clock) as DirectLineConversations as Log);
    const secret = shared?.secret ?? crypto.randomBytes(32);
    this.tokens = new TokenIssuer(derived(secret, 'tokens'));
    this.connectorSecret = derived(secret, 'connector').toString('base64url');
  }

  /** A new conversation for one user, and a token bound to both. */
  async newConversation(
    userId = newUserId(),
    locale?: string,
  ): Promise<{ conversationId: string; userId: string; token: string; expires_in: number }> {
    const conversationId = await this.log.create(userId, locale);
    return { conversationId, userId, ...this.tokens.issue(conversationId, userId) };
  }

  /**
   * Starts the conversation once: the bot hears a conversationUpdate adding itself and the user,
   * as Azure's Direct Line sends it, so the welcome appears when the page opens.
   */
  async start(conversationId: string, userId: string, locale: string | undefined, serviceUrl: string): Promise<void> {
    if (!(await this.log.markStarted(conversationId))) return;
    // Web Chat does not send its locale when it starts a conversation; the page gave it with the token.
    locale ??= (await this.log.userOf(conversationId))?.locale;
    const user = { id: userId, name: '', role: 'user' };
    await this.deliver({
      type: 'conversationUpdate',
      membersAdded: [BOT_ACCOUNT, user],
      from: user,
      recipient: BOT_ACCOUNT,
      conversation: { id: conversationId } as Activity['conversation'],
      channelId: CHANNEL_ID,
      serviceUrl,
      locale,
      timestamp: new Date(),
    });
  }

  /**
   * Logs a user's activity (Web Chat waits for this echo to mark it sent) and runs the bot on it.
   * `forBot` replaces fields in the bot's copy only: uploaded files are linked on the public origin
   * for the browser and on the loopback serviceUrl for the bot, which fetches only from its channel.
   */
  async receive(conversationId: string, userId: string, activity: ClientActivity, serviceUrl: string, forBot: Partial<ClientActivity> = {}): Promise<string | undefined> {
    const from = { id: userId, name: activity.from?.name, role: 'user' };
    const complete = {
      ...activity,
      from,
      recipient: BOT_ACCOUNT,
      channelId: CHANNEL_ID,
      serviceUrl,
      conversation: { id: conversationId },
    } as unknown as Partial<Activity>;
    const id = await this.log.append(conversationId, complete);
    if (!id) return undefined;
    await this.deliver({ ...complete, ...(forBot as Partial<Activity>), id, timestamp: new Date() });
    return id;
  }

  /** The serviceUrl the bot replies to: this server's connector endpoints, over loopback, behind the secret. */
  serviceUrl(loopbackOrigin: string): string {
    return `${loopbackOrigin}${CONNECTOR_PATH}/${this.connectorSecret}`;
  }

  /** True when `candidate` is the connector secret (compared in constant time). */
  isConnectorSecret(candidate: string | undefined): boolean {
    const given = Buffer.from(candidate ?? '');
    const expected = Buffer.from(this.connectorSecret);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }

  close(): void {
    this.log.close();
  }

  private async deliver(activity: Partial<Activity>): Promise<void> {
    try {
      // Anonymous (no app id): the built-in Direct Line runs only when authentication is off.
      await this.adapter.processActivityDirect('', activity as Activity, this.logic);
    } catch (error) {
      this.logger.error('direct line could not deliver an activity to the bot', { error: (error as Error).message, type: activity.type });
    }
  }
}
