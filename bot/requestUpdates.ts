import { CloudAdapter, ConversationReference } from 'botbuilder';
import { message } from '../knowledge/messages/messages';
import { Notifier, trySendSms } from '../requests/notifier';
import { Request } from '../requests/requestSchemas';
import { statusLabel } from '../dialogs/requests/trackReplies';
import { Logger } from './logger';

export interface Notified {
  chat: boolean;
  sms: boolean;
}

/**
 * Tells a person their request moved: proactively, in the conversation they submitted from (the
 * Bot Framework's continueConversation on the stored reference, which POSTs to the channel's
 * serviceUrl), and by SMS. Either may fail without stopping the other; the result says which went.
 */
export class RequestUpdates {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
  ) {}

  async statusChanged(request: Request): Promise<Notified> {
    const language = request.language;
    const status = statusLabel(request.status, language);
    const note = request.history[request.history.length - 1]?.note;
    const text = [message(language, 'notify.statusChanged', { number: request.number, status }), note ? message(language, 'notify.note', { note }) : '']
      .filter(Boolean)
      .join('\n');
    const [chat, sms] = await Promise.all([
      this.inConversation(request, text),
      this.bySms(request, message(language, 'notify.sms', { number: request.number, status })),
    ]);
    return { chat, sms };
  }

  private async inConversation(request: Request, text: string): Promise<boolean> {
    const reference = request.conversationReference as Partial<ConversationReference> | undefined;
    if (!reference?.serviceUrl || !reference.conversation?.id) {
      this.logger.info('no conversation to notify', { number: request.number });
      return false;
    }
    // The adapter hands errors thrown inside the logic to its onTurnError (which would apologise into
    // a conversation we cannot reach, and reset its state), so failures are caught here instead.
    let failure: Error | undefined;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        try {
          await context.sendActivity({ type: 'message', text, locale: request.language === 'ar' ? 'ar-SA' : 'en-US' });
        } catch (error) {
          failure = error as Error;
        }
      });
    } catch (error) {
      failure = error as Error;
    }
    if (failure) {
      this.logger.warn('could not notify the conversation', { number: request.number, channelId: reference.channelId, error: failure.message });
      return false;
    }
    this.logger.info('status change sent to the conversation', { number: request.number, channelId: reference.channelId });
    return true;
  }

  private bySms(request: Request, text: string): Promise<boolean> {
    return trySendSms(this.notifier, { to: request.mobile, text, requestNumber: request.number }, this.logger);
  }
}
