import { CloudAdapter, ConversationReference, MessageFactory } from 'botbuilder';
import type { Language } from '../knowledge/language';
import { button } from '../dialogs/mainMenu';

/** A file for the person, its bytes inline (a data: URL), so no channel has to reach back to us for it. */
export interface OutgoingFile {
  name: string;
  contentType: string;
  contentUrl: string;
}

/**
 * Handoff messages into the person's conversation outside a turn (an agent's reply, "you are back in
 * the queue", the rating question), on the stored conversation reference, as ProactiveMessenger does.
 */
export class PersonMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async send(conversationReference: unknown, text: string, language: Language, buttons?: string[], files: OutgoingFile[] = []): Promise<boolean> {
    const stored = conversationReference as Partial<ConversationReference> | undefined;
    if (!stored?.serviceUrl || !stored.conversation?.id) return false;
    const { activityId: _notAReply, ...reference } = stored;
    let failure: Error | undefined;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      // A new message, not a reply (as in ProactiveMessenger): a replyToId that is in no transcript makes
      // Web Chat hold the officer's message back for five seconds, waiting for the activity it answers.
      context.activity.id = undefined;
      try {
        const activity = buttons?.length ? MessageFactory.suggestedActions(buttons.map((b) => button(b)), text) : files.length ? MessageFactory.list(files, text || undefined) : MessageFactory.text(text);
        await context.sendActivity({ ...activity, locale: language === 'ar' ? 'ar-SA' : 'en-US' });
      } catch (error) {
        failure = error as Error;
      }
    });
    if (failure) throw failure;
    return true;
  }
}
