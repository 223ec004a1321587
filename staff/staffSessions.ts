import crypto from 'node:crypto';
import type restify from 'restify';
import { AgentAccount } from './agentAccounts';

export const SESSION_COOKIE = 'tawasul_staff';
const SESSION_MS = 8 * 60 * 60 * 1000;

/** Who is acting: an agent signed in, or the holder of the shared STAFF_TOKEN. */
export type StaffActor = { kind: 'agent'; agent: AgentAccount } | { kind: 'token' };
export const actorName = (actor: StaffActor) => (actor.kind === 'agent' ? actor.agent.username : 'token');

/** Tokens compared in constant time (over their digests, so unequal lengths do not show either). */
export function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

function cookieOf(req: restify.Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** Behind https (directly, or a proxy saying so): the cookie is then Secure. */
const overHttps = (req: restify.Request) => req.isSecure() || req.header('x-forwarded-proto') === 'https';

/** A signed-in agent's session: who, and until when (ms since the epoch). */
export interface StaffSession {
  agent: AgentAccount;
  expires: number;
}

/**
 * Where sessions are kept, by the SHA-256 of their token (the token itself is only in the cookie):
 * in memory (below), or in a table with DATABASE_URL (postgres/postgresSessionStore.ts), so an agent
 * signed in on one instance is signed in on all.
 */
export interface SessionStore {
  save(tokenHash: string, session: StaffSession): Promise<void>;
  load(tokenHash: string, now: number): Promise<StaffSession | undefined>;
  remove(tokenHash: string): Promise<void>;
}

/** Sessions in this process's memory: a restart signs everyone out. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StaffSession>();

  async save(tokenHash: string, session: StaffSession): Promise<void> {
    this.sessions.set(tokenHash, session);
  }

  async load(tokenHash: string, now: number): Promise<StaffSession | undefined> {
    const session = this.sessions.get(tokenHash);
    if (session && session.expires < now) this.sessions.delete(tokenHash);
    return session && session.expires >= now ? session : undefined;
  }

  async remove(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
  }
}

const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * Agents' sessions: a random token in an HttpOnly, SameSite=Strict cookie, Secure behind https, for
 * 8 hours, kept in a SessionStore. A request's session is read from the store once, before the
 * staff routes run (`loadFor`, registered as a pre-handler by staff/handoffApi.ts), so `actor` can
 * answer at once wherever it is asked.
 */
export class StaffSessions {
  private readonly loaded = new WeakMap<restify.Request, StaffSession>();

  constructor(
    private readonly token: string,
    private readonly now: () => Date = () => new Date(),
    private readonly store: SessionStore = new MemorySessionStore(),
  ) {}

  async start(req: restify.Request, res: restify.Response, agent: AgentAccount): Promise<void> {
    const id = crypto.randomBytes(32).toString('base64url');
    await this.store.save(hashOf(id), { agent, expires: this.now().getTime() + SESSION_MS });
    res.header('Set-Cookie', `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}${overHttps(req) ? '; Secure' : ''}`);
  }

  async end(req: restify.Request, res: restify.Response): Promise<void> {
    const id = cookieOf(req, SESSION_COOKIE);
    if (id) await this.store.remove(hashOf(id));
    this.loaded.delete(req);
    res.header('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${overHttps(req) ? '; Secure' : ''}`);
  }

  /** Reads the session the request's cookie names, if any, for `actor`. */
  async loadFor(req: restify.Request): Promise<void> {
    const id = cookieOf(req, SESSION_COOKIE);
    if (!id) return;
    const session = await this.store.load(hashOf(id), this.now().getTime());
    if (session) this.loaded.set(req, session);
  }

  /** The actor behind a request: the bearer token, or an agent's session cookie (read by `loadFor`). */
  actor(req: restify.Request): StaffActor | undefined {
    const header = req.header('authorization') ?? '';
    const given = /^Bearer (.+)$/i.exec(header)?.[1];
    if (given) return this.token && sameToken(given, this.token) ? { kind: 'token' } : undefined;
    const session = this.loaded.get(req);
    if (!session || session.expires < this.now().getTime()) return undefined;
    // A cookie rides along with requests other sites make: a change must come from our own pages.
    const origin = req.header('origin');
    if (req.method !== 'GET' && origin && origin !== `${overHttps(req) ? 'https' : 'http'}://${req.header('host')}`) return undefined;
    return { kind: 'agent', agent: session.agent };
  }
}

/** Who is acting behind a staff request; when nobody is, the request is answered 401 and undefined returned. */
export function actorOrRefusal(sessions: StaffSessions, req: restify.Request, res: restify.Response): StaffActor | undefined {
  const actor = sessions.actor(req);
  if (actor) return actor;
  res.header('WWW-Authenticate', 'Bearer realm="tawasul-staff"');
  res.send(401, { error: 'sign in, or give a valid staff bearer token' });
  return undefined;
}

/**
 * Wrong passwords are slowed (each failure answers later than the last) and limited: after 5 failures
 * within 15 minutes for one username or from one address, sign-in is refused for 15 minutes.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();
  static readonly MAX_FAILURES = 5;
  static readonly WINDOW_MS = 15 * 60 * 1000;
  static readonly FIRST_HOLD_BACK_MS = 250;

  /** `firstHoldBackMs`: how long the first failure's answer waits; each later one doubles it, up to 16 times as long. */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly firstHoldBackMs = LoginLimiter.FIRST_HOLD_BACK_MS,
  ) {}

  private keys(ip: string, username: string): string[] {
    return [`ip:${ip}`, `user:${username}`];
  }

  /** Seconds until the next try is allowed, 0 when it is. */
  blockedFor(ip: string, username: string): number {
    const now = this.now();
    let wait = 0;
    for (const key of this.keys(ip, username)) {
      const entry = this.failures.get(key);
      if (!entry) continue;
      if (now - entry.since > LoginLimiter.WINDOW_MS) this.failures.delete(key);
      else if (entry.count >= LoginLimiter.MAX_FAILURES) wait = Math.max(wait, Math.ceil((entry.since + LoginLimiter.WINDOW_MS - now) / 1000));
    }
    return wait;
  }

  /** Records a failure and returns how long to hold the answer back (ms). */
  failed(ip: string, username: string): number {
    let count = 0;
    for (const key of this.keys(ip, username)) {
      const entry = this.failures.get(key) ?? { count: 0, since: this.now() };
      entry.count += 1;
      this.failures.set(key, entry);
      count = Math.max(count, entry.count);
    }
    return this.firstHoldBackMs * 2 ** (Math.min(count, 5) - 1);
  }

  succeeded(username: string): void {
    this.failures.delete(`user:${username}`);
  }
}
