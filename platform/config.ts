import { z } from 'zod';

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
});
export type Config = z.infer<typeof Config>;

/** Reads the configuration, or throws an error that names each bad variable and why. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Config.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}
