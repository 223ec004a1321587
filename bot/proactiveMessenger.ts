import { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Language } from '../knowledge/language';
import type { ConversationMessenger } from '../requests/notifier';
import { menuActivity } from '../dialogs/mainMenu';

/**
 * Messages into a conversation outside a turn: the Bot Framework's continueConversation on the
 * stored reference, which POSTs to the channel's serviceUrl (Web Chat, SMS, any Azure channel).
 */
export class ProactiveMessenger implements ConversationMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async send(conversationReference: unknown, text: string, language: Language): Promise<boolean> {
    const stored = conversationReference as Partial<ConversationReference> | undefined;
    if (!stored?.serviceUrl || !stored.conversation?.id) return false;
    const { activityId: _notAReply, ...reference } = stored;
    // The adapter hands errors thrown inside the logic to its onTurnError (which would apologise into
    // a conversation we cannot reach, and reset its state), so a failure is carried out of it instead.
    let failure: Error | undefined;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      // Sent as a new message, not as a reply: botbuilder would make it a reply to the continuation event's
      // own id, a replyToId that is in no transcript, and Web Chat holds such a message back waiting for it.
      context.activity.id = undefined;
      try {
        // With the menu's buttons, as every reply that ends a service has: a new message replaces the buttons on screen.
        await context.sendActivity({ ...menuActivity(language, text), locale: language === 'ar' ? 'ar-SA' : 'en-US' });
      } catch (error) {
        failure = error as Error;
      }
    });
    if (failure) throw failure;
    return true;
  }
}
