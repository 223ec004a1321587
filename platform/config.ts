import { z } from 'zod';

/** Every setting the service reads from its environment; `.env.example` lists the same. */
export const Config = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  DATA_DIR: z.string().min(1).default('./data'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Bearer token for /api/staff/; with none the staff API is off (404). */
  STAFF_TOKEN: z.string().default(''),
  /** An SMS gateway's webhook; each SMS is POSTed there as JSON as well as written to the outbox. */
  SMS_WEBHOOK_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /** Largest attachment accepted with a request, in bytes. */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(20 * 1024 * 1024).default(5 * 1024 * 1024),
  /** Questions whose answers are kept in memory (0: every question is ranked afresh). */
  FAQ_ANSWER_CACHE: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  // Web chat: with a Direct Line secret the page gets a token from Azure's Direct Line service;
  // without one (and without MicrosoftAppId) the built-in Direct Line endpoint serves the page.
  DIRECT_LINE_SECRET: z.string().default(''),
  DIRECT_LINE_ENDPOINT: z.url({ protocol: /^https?$/ }).default('https://directline.botframework.com/v3/directline'),
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
