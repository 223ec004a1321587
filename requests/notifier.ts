import type { Language } from '../knowledge/language';
import type { Logger } from '../platform/logger';
import type { SmsSender } from './smsSenders';

/** What to tell the person behind a request, and where: by SMS, and in their conversation when `chat` is given. */
export interface Notice {
  requestNumber: string;
  mobile: string;
  language: Language;
  /** The channel's reference to the conversation the request came from (opaque to the domain). */
  conversationReference?: unknown;
  sms: string;
  chat?: string;
}

/** Which ways the notice went. */
export interface Delivered {
  sms: boolean;
  chat: boolean;
}

/** Tells people about their requests. Never throws: what did not go is logged and reported. */
export interface Notifier {
  tell(notice: Notice): Promise<Delivered>;
}

/** Sends a message into a conversation the bot is not in a turn of (a proactive message). */
export interface ConversationMessenger {
  /** Resolves when the channel took it; rejects with the reason otherwise. False when there is no conversation to reach. */
  send(conversationReference: unknown, text: string, language: Language): Promise<boolean>;
}

/**
 * The one path by which a person hears about their request: SMS through the SMS sender, and the
 * conversation through the messenger (the bot's proactive messages). Either may fail without
 * stopping the other.
 */
export class PersonNotifier implements Notifier {
  constructor(
    private readonly sms: SmsSender,
    private readonly conversations: ConversationMessenger | undefined,
    private readonly logger: Logger,
  ) {}

  async tell(notice: Notice): Promise<Delivered> {
    const [sms, chat] = await Promise.all([this.bySms(notice), this.inConversation(notice)]);
    return { sms, chat };
  }

  private async bySms({ mobile, sms, requestNumber }: Notice): Promise<boolean> {
    try {
      await this.sms.sendSms({ to: mobile, text: sms, requestNumber });
      this.logger.info('SMS sent', { number: requestNumber, to: mobile });
      return true;
    } catch (error) {
      this.logger.warn('SMS not sent', { number: requestNumber, to: mobile, error: (error as Error).message });
      return false;
    }
  }

  private async inConversation({ chat, conversationReference, language, requestNumber }: Notice): Promise<boolean> {
    if (!chat || !this.conversations) return false;
    try {
      const sent = await this.conversations.send(conversationReference, chat, language);
      if (sent) this.logger.info('notice sent to the conversation', { number: requestNumber });
      else this.logger.info('no conversation to notify', { number: requestNumber });
      return sent;
    } catch (error) {
      this.logger.warn('could not notify the conversation', { number: requestNumber, error: (error as Error).message });
      return false;
    }
  }
}
