import { ActivityTypes, DeliveryModes, Middleware, TurnContext } from 'botbuilder';
import { Logger } from '../platform/logger';
import { capabilitiesOf } from './rendering/channelCapabilities';

/**
 * "…is typing" as soon as a message arrives, on channels that show it. botbuilder's
 * ShowTypingMiddleware sends it from a timer that can fire as the turn ends, and hands a failed
 * send to onTurnError, which apologises and clears the conversation — for a typing indicator. Here
 * it is sent once, as the bot starts work, and a failure is only logged. It goes straight through
 * the adapter (as botbuilder's does) so it neither marks the turn as answered nor meets the
 * rendering middleware, hence the capability check here. With expectReplies everything comes back
 * at once, so there is nothing to show.
 */
export class TypingIndicator implements Middleware {
  constructor(private readonly logger: Logger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type === ActivityTypes.Message && activity.deliveryMode !== DeliveryModes.ExpectReplies && capabilitiesOf(activity.channelId).typing) {
      const typing = TurnContext.applyConversationReference({ type: ActivityTypes.Typing }, TurnContext.getConversationReference(activity));
      // Sent while the bot works, not before: a slow channel must not delay the answer. Awaited at the
      // end (a failure caught here) so that it neither outlives the turn nor reaches onTurnError.
      const sent = context.adapter.sendActivities(context, [typing]).then(
        () => undefined,
        (error: Error) => this.logger.debug('typing indicator not sent', { error: error.message, channelId: activity.channelId }),
      );
      try {
        await next();
      } finally {
        await sent;
      }
      return;
    }
    await next();
  }
}
