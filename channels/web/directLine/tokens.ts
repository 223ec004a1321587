import crypto from 'node:crypto';
import { z } from 'zod';

const TokenClaims = z.object({ conversationId: z.string().min(1), userId: z.string().min(1), expiresAt: z.number().int() });
export type TokenClaims = z.infer<typeof TokenClaims>;

/** As long as Azure's Direct Line tokens live; Web Chat refreshes before then. */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;

/**
 * Tokens for the built-in Direct Line: the claims (conversation, user, expiry) in base64url and an
 * HMAC-SHA256 over them. Embedded, the key is random per process: nothing to configure or leak, and
 * the conversations they name are in memory too, so a restart ends both together. On PostgreSQL it
 * is derived from the secret every instance reads from the database (LocalDirectLine), so a token
 * one instance issued is good on all of them.
 */
export class TokenIssuer {
  constructor(private readonly key: Buffer = crypto.randomBytes(32)) {}

  issue(conversationId: string, userId: string): { token: string; expires_in: number } {
    const claims: TokenClaims = { conversationId, userId, expiresAt: Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_SECONDS };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expires_in: TOKEN_LIFETIME_SECONDS };
  }

  /** The claims of a genuine, unexpired token; undefined for anything else. */
  verify(token: string | undefined): TokenClaims | undefined {
    const [body, signature, extra] = (token ?? '').split('.');
    if (!body || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
    try {
      const claims = TokenClaims.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      return claims.expiresAt > Date.now() / 1000 ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  secondsLeft(claims: TokenClaims): number {
    return Math.max(0, claims.expiresAt - Math.floor(Date.now() / 1000));
  }

  private sign(body: string): string {
    return crypto.createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** The token in an `Authorization: Bearer …` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
