import { ActivityTypes, BotState, Middleware, TurnContext } from 'botbuilder';

/**
 * Loads the conversation's and the user's state together at the start of a message's turn. With a
 * storage that serves the reads of one moment with one query (postgres/postgresStorage.ts), the turn
 * then reads both in one round trip instead of two in a row (the user's is read when a conversation
 * has no language yet, i.e. on its first message); later reads in the turn come from the turn's cache.
 */
export class StatePrefetch implements Middleware {
  constructor(private readonly states: BotState[]) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.type === ActivityTypes.Message) await Promise.all(this.states.map((state) => state.load(context)));
    await next();
  }
}
