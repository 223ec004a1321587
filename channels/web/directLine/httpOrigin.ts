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
export function loopbackOrigin(req: Request): string {
  return `http://127.0.0.1:${req.socket.localPort}`;
}
