import { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Language } from '../knowledge/language';
import type { ConversationMessenger } from '../requests/notifier';

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
    const reference = conversationReference as Partial<ConversationReference> | undefined;
    if (!reference?.serviceUrl || !reference.conversation?.id) return false;
    // The adapter hands errors thrown inside the logic to its onTurnError (which would apologise into
    // a conversation we cannot reach, and reset its state), so a failure is carried out of it instead.
    let failure: Error | undefined;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      try {
        await context.sendActivity({ type: 'message', text, locale: language === 'ar' ? 'ar-SA' : 'en-US' });
      } catch (error) {
        failure = error as Error;
      }
    });
    if (failure) throw failure;
    return true;
  }
}
