import type { BotReply } from './conversation';

export interface DirectLineActivity extends BotReply {
  id?: string;
  from?: { id: string; role?: string };
  replyToId?: string;
}

/**
 * A Direct Line 3.0 client over plain HTTP, as botframework-directlinejs speaks it: a token from
 * the page's token route, start the conversation, post activities, read them by watermark.
 */
export class DirectLineClient {
  watermark = '';
  token = '';
  conversationId = '';
  streamUrl = '';
  userId = '';

  constructor(private readonly baseUrl: string) {}

  get domain(): string {
    return `${this.baseUrl}/v3/directline`;
  }

  async start(locale = 'ar-SA'): Promise<void> {
    const session = (await (await fetch(`${this.baseUrl}/api/directline/token`, { method: 'POST' })).json()) as { token: string; userId: string };
    this.token = session.token;
    this.userId = session.userId;
    const response = await this.request('POST', '/conversations', { user: { id: 'ignored-by-server' }, locale });
    if (response.status !== 201) throw new Error(`start answered ${response.status}`);
    const started = (await response.json()) as { conversationId: string; streamUrl: string };
    this.conversationId = started.conversationId;
    this.streamUrl = started.streamUrl;
  }

  request(method: string, path: string, body?: unknown, token = this.token): Promise<Response> {
    return fetch(`${this.domain}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async post(activity: Record<string, unknown>): Promise<string> {
    const response = await this.request('POST', `/conversations/${this.conversationId}/activities`, { from: { id: this.userId }, ...activity });
    if (response.status !== 200) throw new Error(`post answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }

  /** Activities after the last watermark read. */
  async read(): Promise<DirectLineActivity[]> {
    const response = await this.request('GET', `/conversations/${this.conversationId}/activities?watermark=${this.watermark}`);
    const set = (await response.json()) as { activities: DirectLineActivity[]; watermark: string };
    this.watermark = set.watermark;
    return set.activities;
  }

  /** Polls until the bot has sent messages and then gone quiet for a moment; returns the bot's messages. */
  async botMessages(quietMs = 300, timeoutMs = 10_000): Promise<DirectLineActivity[]> {
    const collected: DirectLineActivity[] = [];
    const deadline = Date.now() + timeoutMs;
    let lastNew = Date.now();
    while (Date.now() < deadline) {
      const fresh = (await this.read()).filter((a) => a.type === 'message' && a.from?.role === 'bot');
      if (fresh.length > 0) {
        collected.push(...fresh);
        lastNew = Date.now();
      } else if (collected.length > 0 && Date.now() - lastNew > quietMs) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return collected;
  }

  async say(text: string): Promise<DirectLineActivity[]> {
    await this.post({ type: 'message', text, locale: 'ar-SA' });
    return this.botMessages();
  }
}
