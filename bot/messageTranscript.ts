import { Activity, ActivityTypes, Middleware, RoleTypes, TranscriptLogger, TurnContext } from 'botbuilder';
import type { Logger } from '../platform/logger';

/** What our transcript stores keep of an activity, and all they read of it: a message's text, who said it, when. */
interface TranscriptMessage {
  type: typeof ActivityTypes.Message;
  text: string;
  timestamp: Date;
  from: { role?: string };
  conversation: { id: string };
}

/**
 * botbuilder's TranscriptLoggerMiddleware, narrowed to what our TranscriptLogger stores keep (message
 * text: bot/journalTranscriptStore.ts, postgres/postgresTranscriptStore.ts). botbuilder's copies the
 * whole of every activity going in and out, gives every reply an id, and hooks updates and deletes,
 * none of which the stores keep; here each message is reduced to the few fields they read, once.
 *
 * Its contract is kept: the incoming activity's `from.role` becomes "user" when the channel left it
 * out; the person's message and the replies are logged when the turn ends, in that order, each reply
 * once it was sent and as it was sent (after the channel rendering); a message without a timestamp
 * takes the time it was received or sent; a turn that fails logs nothing; a store's failure never
 * fails the turn (it is logged).
 */
export class MessageTranscript implements Middleware {
  constructor(
    private readonly store: TranscriptLogger,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.from && !activity.from.role) activity.from.role = RoleTypes.User;
    const lines: TranscriptMessage[] = [];
    const said = messageOf(activity);
    if (said) lines.push(said);
    context.onSendActivities(async (_context, activities, send) => {
      const responses = await send();
      for (const sent of activities) {
        const line = messageOf(sent);
        if (line) lines.push(line);
      }
      return responses;
    });
    await next();
    for (const line of lines) this.log(line);
  }

  /** Not awaited, as botbuilder's is not: the reply has gone; the store's own group commit writes the lines. */
  private log(line: TranscriptMessage): void {
    try {
      // The stores take botbuilder's Activity and read only a TranscriptMessage's fields of it.
      const written = this.store.logActivity(line as unknown as Activity);
      if (written instanceof Promise) written.catch((error: unknown) => this.failed(error));
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.logger.error('transcript line not written', { error: error instanceof Error ? error.message : String(error) });
  }
}

/** The activity as a transcript line, or nothing for what the stores leave out (typing, events, a message without text). */
function messageOf(activity: Partial<Activity>): TranscriptMessage | undefined {
  if (activity.type !== ActivityTypes.Message || !activity.text || !activity.conversation?.id) return undefined;
  return {
    type: ActivityTypes.Message,
    text: activity.text,
    timestamp: activity.timestamp ?? new Date(),
    from: { role: activity.from?.role },
    conversation: { id: activity.conversation.id },
  };
}
