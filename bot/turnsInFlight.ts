import type { Middleware, TurnContext } from 'botbuilder';

/**
 * The turns the bot is working on, so that a stop waits for them: a person whose message the bot is
 * answering when the service is told to stop (a deployment, a scale-in) gets the answer, and its
 * state and transcript lines are written before the stores close. Registered first, so it encloses
 * every other middleware, the transcript logger's end-of-turn logging among them.
 */
export class TurnsInFlight implements Middleware {
  private readonly working = new Set<Promise<void>>();

  async onTurn(_context: TurnContext, next: () => Promise<void>): Promise<void> {
    const turn = next();
    this.working.add(turn);
    try {
      await turn;
    } finally {
      this.working.delete(turn);
    }
  }

  /** Resolves once every turn in flight has ended, or after `timeoutMs` whatever is left. */
  async ended(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.working]), timeout]);
    clearTimeout(timer);
  }
}
