import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1)$/;

/** "::ffff:127.0.0.1" and "127.0.0.1" are one address. */
function normalize(address: string): string {
  const lower = address.trim().toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  return LOOPBACK.test(normalize(address ?? ''));
}

/** A comma-separated setting as its entries, trimmed, empty ones dropped. */
export function listSetting(value: string): string[] {
  return value.split(',').map((entry) => entry.trim()).filter(Boolean);
}

const FORWARDING_HEADER = (name: string) => name === 'forwarded' || name === 'x-real-ip' || name.startsWith('x-forwarded-');

/**
 * Whom a request came from. Forwarding headers are anybody's to write, so they are believed only
 * when the immediate peer (the socket's address) is a proxy named in TRUST_PROXY; by default none
 * is, and a request is counted by the address that connected. Behind a reverse proxy, name it:
 * otherwise every client counts as the proxy's one address.
 */
export class ProxyTrust {
  private readonly trusted: Set<string>;

  constructor(trusted: readonly string[] = []) {
    this.trusted = new Set(trusted.map(normalize));
  }

  static fromSetting(value: string): ProxyTrust {
    return new ProxyTrust(listSetting(value));
  }

  /** True when the socket's peer is a proxy we were told to trust. */
  viaTrustedProxy(req: IncomingMessage): boolean {
    return this.trusted.has(normalize(req.socket.remoteAddress ?? ''));
  }

  /**
   * The client's address: the socket's peer; or, when that peer is a trusted proxy, the address the
   * proxies appended to X-Forwarded-For, read from the right past any that are trusted proxies
   * themselves (entries further left are the client's own writing).
   */
  clientAddress(req: IncomingMessage): string {
    const peer = normalize(req.socket.remoteAddress ?? 'unknown');
    if (!this.trusted.has(peer)) return peer;
    const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map(normalize).filter(Boolean);
    for (let i = forwarded.length - 1; i >= 0; i--) {
      if (!this.trusted.has(forwarded[i])) return forwarded[i];
    }
    return forwarded[0] ?? peer;
  }

  /**
   * True for a request made on this machine. Through a trusted proxy, when the client it names is
   * loopback; otherwise when the peer is loopback and the request carries no forwarding header (a
   * proxy on this host that adds one passed on an outside request). A same-host proxy that adds no
   * header and is not in TRUST_PROXY still looks local: nothing that faces the internet may rely on
   * this alone (see docs/security.md).
   */
  isLocal(req: IncomingMessage): boolean {
    if (this.viaTrustedProxy(req)) return isLoopbackAddress(this.clientAddress(req));
    return isLoopbackAddress(req.socket.remoteAddress) && !Object.keys(req.headers).some(FORWARDING_HEADER);
  }
}
