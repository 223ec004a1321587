import type { Request } from 'restify';

/**
 * The origin the browser used to reach us, for URLs we hand back to it (the stream, uploaded
 * files). A TLS-terminating proxy in front says so with X-Forwarded-Proto.
 */
export function publicOrigin(req: Request): string {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim();
  const protocol = forwarded === 'https' || forwarded === 'http' ? forwarded : req.isSecure() ? 'https' : 'http';
  return `${protocol}://${req.headers.host ?? 'localhost'}`;
}

/** Where the bot, in this same process, reaches this server: over loopback, never via a public name. */
export function loopbackServiceUrl(req: Request): string {
  return `http://127.0.0.1:${req.socket.localPort}`;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * True for a request made on this host, by this host: the bot replying through its connector. A
 * reverse proxy on the same host also connects over loopback, so a request carrying a proxy's
 * headers (Forwarded, X-Forwarded-*, X-Real-IP) came from outside and is not loopback.
 */
export function isLoopback(req: Request): boolean {
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && !isForwarded(req);
}

function isForwarded(req: Request): boolean {
  return Object.keys(req.headers).some((name) => name === 'forwarded' || name === 'x-real-ip' || name.startsWith('x-forwarded-'));
}

/**
 * The client's address, to count its requests by. Behind a reverse proxy on this host every
 * request comes from loopback, and the address the proxy appended last to X-Forwarded-For is the
 * client's (earlier ones the client may have written itself). From anywhere else, the socket's.
 */
export function clientAddress(req: Request): string {
  const remote = req.socket.remoteAddress ?? 'unknown';
  if (!LOOPBACK.has(remote)) return remote;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  return forwarded.at(-1) ?? remote;
}
