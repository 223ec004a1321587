import { isIP } from 'node:net';
import { z } from 'zod';

/** A yes/no setting: "true" or "1" is yes; anything else given is an error; unset is no. */
const Flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', ''])])
  .default(false)
  .transform((value) => value === true || value === 'true' || value === '1');

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** Every setting the service reads from its environment; `.env.example` lists the same. */
export const Config = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL (postgres://user:password@host:port/database): every store moves there; empty keeps the embedded stores under DATA_DIR. */
  DATABASE_URL: z.union([z.literal(''), z.url({ protocol: /^postgres(ql)?$/ })]).default(''),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  /**
   * With no MicrosoftAppId, the serviceUrls /api/messages accepts (comma-separated): the bot POSTs
   * its replies there. Empty: only deliveryMode "expectReplies" without a serviceUrl (and the
   * Emulator, with ALLOW_EMULATOR). Ignored with an app id, whose tokens name the serviceUrl.
   */
  ALLOWED_SERVICE_URLS: z
    .string()
    .default('')
    .refine((list) => list.split(',').map((s) => s.trim()).filter(Boolean).every(isHttpUrl), 'each entry must be an http(s) URL'),
  /** With no MicrosoftAppId: accept any loopback serviceUrl (the Bot Framework Emulator) in requests made on this machine. */
  ALLOW_EMULATOR: Flag,
  /**
   * Proxies (comma-separated IP addresses) whose X-Forwarded-For is believed: the client is then the
   * address they name. Empty: never; every request is the socket's peer's. Behind a reverse proxy
   * on this host, 127.0.0.1 (and ::1).
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .refine((list) => list.split(',').map((s) => s.trim()).filter(Boolean).every((entry) => isIP(entry.replace(/^::ffff:/i, '')) !== 0), 'each entry must be an IP address'),
  /**
   * The address people's channels reach this server at (https://assistant.example.sa), for the links
   * to files an officer sends that are too large to go inside a message. Empty: the address it
   * listens on (http://localhost:PORT), which only a browser on this machine can reach.
   */
  PUBLIC_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Bearer token for /api/staff/; with none the staff API is off (404). */
  STAFF_TOKEN: z.string().default(''),
  /** An SMS gateway's webhook; each SMS is POSTed there as JSON as well as written to the outbox. */
  SMS_WEBHOOK_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /** Largest attachment accepted with a request, in bytes. */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(20 * 1024 * 1024).default(5 * 1024 * 1024),
  /**
   * Failed tracking look-ups per minute across all clients beyond which every failing look-up is
   * answered "paused" (and slowed); look-ups with the right details still succeed.
   */
  LOOKUP_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /**
   * Conversation and user state not written for this many hours is deleted (checked at start and
   * every hour): forms abandoned half-way do not keep people's details, nor a file each, for ever.
   */
  STATE_TTL_HOURS: z.coerce.number().min(1).max(24 * 365).default(24),
  /** Questions whose answers are kept in memory (0: every question is ranked afresh). */
  FAQ_ANSWER_CACHE: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  // Web chat: with a Direct Line secret the page gets a token from Azure's Direct Line service;
  // without one (and without MicrosoftAppId) the built-in Direct Line endpoint serves the page.
  DIRECT_LINE_SECRET: z.string().default(''),
  DIRECT_LINE_ENDPOINT: z.url({ protocol: /^https?$/ }).default('https://directline.botframework.com/v3/directline'),
  // The built-in Direct Line keeps conversations in memory, within these bounds.
  /** Bytes of activities kept per conversation (the oldest go first). */
  DIRECT_LINE_CONVERSATION_BYTES: z.coerce.number().int().min(64 * 1024).max(64 * 1024 * 1024).default(2 * 1024 * 1024),
  /** Bytes of activities kept over all conversations (the least recently active conversation goes first). */
  DIRECT_LINE_TOTAL_BYTES: z.coerce.number().int().min(1024 * 1024).max(4 * 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  /** Conversations kept at once. */
  DIRECT_LINE_MAX_CONVERSATIONS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Minutes after which a conversation nobody uses (and no page streams) is forgotten. */
  DIRECT_LINE_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  // Handoff to a human (staff/handoff*): when staff answer ("always", or days and hours in Riyadh
  // time, public holidays off), queue or Bot Framework handoff events, and how long kept.
  STAFF_HOURS: z.string().regex(/^(always|[a-z]{3}(-[a-z]{3})?(,[a-z]{3}(-[a-z]{3})?)* \d{2}:\d{2}-\d{2}:\d{2})$/i, 'always, or days and hours such as "sun-thu 08:00-16:00"').default('sun-thu 08:00-16:00'),
  HANDOFF_MODE: z.enum(['queue', 'event']).default('queue'),
  HANDOFF_AGENT_TIMEOUT_SECONDS: z.coerce.number().min(1).max(86_400).default(300),
  TRANSCRIPT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
});
export type Config = z.infer<typeof Config>;

/** Reads the configuration, or throws an error that names each bad variable and why. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Config.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}
