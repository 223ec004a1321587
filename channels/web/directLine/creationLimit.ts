import type { Request } from 'restify';
import { ProxyTrust } from '../../../platform/proxyTrust';

export interface CreationLimitOptions {
  /** Conversations one client address may start per minute. */
  perMinute: number;
  /** Client addresses remembered at once; past this the longest-unseen is forgotten, so memory stays bounded. */
  maxClients: number;
}

const MINUTE_MS = 60_000;

/**
 * How many conversations one client may start per minute. The conversation log keeps a bounded
 * number, so without this one script calling tokens/generate in a loop would push every open
 * page's conversation out. Counted per client address in fixed one-minute windows, in memory; the
 * address is the socket's unless it is a proxy named in TRUST_PROXY (see ProxyTrust), so a
 * forwarding header a client writes itself opens no fresh bucket.
 */
export class CreationLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: CreationLimitOptions = { perMinute: 30, maxClients: 10_000 },
    private readonly proxies: ProxyTrust = new ProxyTrust(),
  ) {}

  /** Counts one creation for the request's client; false (and nothing counted) when it is over the limit. */
  allow(req: Request, now = Date.now()): boolean {
    const client = this.proxies.clientAddress(req);
    let window = this.windows.get(client);
    if (!window || now - window.start >= MINUTE_MS) window = { start: now, count: 0 };
    // Re-inserted so that the Map's order is least recently seen first.
    this.windows.delete(client);
    this.windows.set(client, window);
    if (this.windows.size > this.options.maxClients) this.windows.delete(this.windows.keys().next().value as string);
    if (window.count >= this.options.perMinute) return false;
    window.count++;
    return true;
  }

  /** Seconds until the request's client may start another conversation. */
  retryAfterSeconds(req: Request, now = Date.now()): number {
    const window = this.windows.get(this.proxies.clientAddress(req));
    return window ? Math.max(1, Math.ceil((window.start + MINUTE_MS - now) / 1000)) : 1;
  }
}
