import crypto from 'node:crypto';

export interface CardAction {
  type: string;
  title: string;
  value: unknown;
}

export interface BotReply {
  type: string;
  text?: string;
  textFormat?: string;
  locale?: string;
  entities?: Record<string, any>[];
  attachments?: Record<string, any>[];
  suggestedActions?: { actions: CardAction[] };
}

/**
 * One person's conversation with the running bot over HTTP, as a channel would hold it, with the
 * bot's replies returned in the response (deliveryMode "expectReplies").
 */
export class Conversation {
  readonly id = `test-${crypto.randomUUID()}`;
  readonly user: { id: string; name: string };

  constructor(
    private readonly baseUrl: string,
    private readonly defaults: Record<string, unknown> = {},
    userId = `user-${crypto.randomUUID()}`,
  ) {
    this.user = { id: userId, name: 'Test user' };
  }

  async send(activity: Record<string, unknown>): Promise<BotReply[]> {
    const response = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: 'test',
        conversation: { id: this.id },
        from: this.user,
        recipient: { id: 'tawasul-bot' },
        deliveryMode: 'expectReplies',
        ...this.defaults,
        ...activity,
      }),
    });
    if (response.status !== 200) throw new Error(`POST /api/messages answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { activities?: BotReply[] };
    return (body.activities ?? []).filter((a) => a.type === 'message');
  }

  say(text: string, extra: Record<string, unknown> = {}): Promise<BotReply[]> {
    return this.send({ type: 'message', text, ...extra });
  }

  join(extra: Record<string, unknown> = {}): Promise<BotReply[]> {
    return this.send({ type: 'conversationUpdate', membersAdded: [this.user], ...extra });
  }
}

export const textOf = (replies: BotReply[]) => replies.map((r) => r.text ?? '').join('\n');
export const buttonsOf = (replies: BotReply[]) => replies.flatMap((r) => r.suggestedActions?.actions ?? []);
export const citationsOf = (replies: BotReply[]) =>
  replies.flatMap((r) => r.entities ?? []).filter((e) => e.type === 'https://schema.org/Message').flatMap((e) => e.citation ?? []);
