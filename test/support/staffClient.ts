/** A staff member's side of the API: bearer token or a session cookie, JSON in and out. */
export class StaffClient {
  cookie?: string;
  constructor(
    private readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  async call(pathname: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(init.headers as Record<string, string>) };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.cookie) headers.cookie = this.cookie;
    const response = await fetch(`${this.baseUrl}${pathname}`, { ...init, headers });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  post(pathname: string, body: unknown = {}) {
    return this.call(pathname, { method: 'POST', body: JSON.stringify(body) });
  }

  async login(username: string, password: string) {
    const result = await this.post('/api/staff/login', { username, password });
    const setCookie = result.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    return result;
  }

  /** The live feed: events as they come, until `close`. */
  feed(): { events: any[]; next: (match: (e: any) => boolean, timeoutMs?: number) => Promise<any>; close: () => void; opened: Promise<void> } {
    const controller = new AbortController();
    const events: any[] = [];
    const waiters: { match: (e: any) => boolean; resolve: (e: any) => void }[] = [];
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.cookie) headers.cookie = this.cookie;
    let openedResolve!: () => void;
    const opened = new Promise<void>((resolve) => (openedResolve = resolve));
    void (async () => {
      const response = await fetch(`${this.baseUrl}/api/staff/handoffs/feed`, { headers, signal: controller.signal });
      openedResolve();
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const event = JSON.parse(data.slice(6));
          events.push(event);
          for (const waiter of [...waiters]) {
            if (waiter.match(event)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(event);
            }
          }
        }
      }
    })().catch(() => undefined);
    return {
      events,
      opened,
      next: (match, timeoutMs = 5000) => {
        const seen = events.find(match);
        if (seen) {
          events.splice(events.indexOf(seen), 1);
          return Promise.resolve(seen);
        }
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no such feed event in time')), timeoutMs);
          waiters.push({
            match,
            resolve: (e) => {
              clearTimeout(timer);
              events.splice(events.indexOf(e), 1);
              resolve(e);
            },
          });
        });
      },
      close: () => controller.abort(),
    };
  }
}

/** Waits until `check` returns something truthy, polling. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<NonNullable<T>> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
