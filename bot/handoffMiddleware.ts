import { ActivityTypes, HandoffEventNames, Middleware, TurnContext } from 'botbuilder';
import { HandoffEntry } from '../dialogs/handoff/handoffEntry';

/**
 * While a person is handed off to staff, their messages go to the agent and the bot stays out of
 * the way; "end" and the feedback after it are handled here too. Anything the handoff does not take
 * (questions while waiting in the queue, everything when there is no handoff) goes on to the bot.
 */
export class HandoffMiddleware implements Middleware {
  constructor(private readonly entry: HandoffEntry) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.type === ActivityTypes.Message && (await this.entry.intercept(context))) return;
    if (context.activity.type === ActivityTypes.Event && context.activity.name === HandoffEventNames.HandoffStatus) return this.entry.statusEvent(context);
    await next();
  }
}
