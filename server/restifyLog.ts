import { format } from 'node:util';
import { Logger } from '../platform/logger';

/**
 * restify logs through a pino logger of its own (a formatter that failed, a value an async handler
 * returned), and what it passes is the raw request — headers with the Authorization bearer token,
 * the body — and the raw error. Left to itself it writes those to stdout past our masking logger.
 * This shim stands in for pino: each line goes through our logger, with only the request's method
 * and path and the error's name and message; everything else restify hands over is dropped.
 */
type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface PinoLike {
  level: string;
  trace: (...args: unknown[]) => boolean | void;
  debug: (...args: unknown[]) => boolean | void;
  info: (...args: unknown[]) => boolean | void;
  warn: (...args: unknown[]) => boolean | void;
  error: (...args: unknown[]) => boolean | void;
  fatal: (...args: unknown[]) => boolean | void;
  child: () => PinoLike;
  isLevelEnabled: (level: string) => boolean;
}

/** What may be said of a request or an error restify logs: never headers, body or stack. */
function safeFields(first: unknown): Record<string, unknown> {
  if (!first || typeof first !== 'object' || first instanceof Error) {
    return first instanceof Error ? { error: `${first.name}: ${first.message}` } : {};
  }
  const given = first as { req?: { method?: unknown; url?: unknown }; err?: unknown; res?: { statusCode?: unknown } };
  const fields: Record<string, unknown> = {};
  if (given.req && typeof given.req === 'object') {
    fields.method = typeof given.req.method === 'string' ? given.req.method : undefined;
    // The path without its query, which may carry a token (the stream's ?t=).
    fields.path = typeof given.req.url === 'string' ? given.req.url.split('?')[0] : undefined;
  }
  if (given.err instanceof Error) fields.error = `${given.err.name}: ${given.err.message}`;
  if (given.res && typeof given.res === 'object' && typeof given.res.statusCode === 'number') fields.status = given.res.statusCode;
  return fields;
}

/** The text of a pino call: its format string and arguments, with any object arguments left out. */
function messageOf(args: unknown[]): string {
  const [first, ...rest] = typeof args[0] === 'string' ? args : args.slice(1);
  if (typeof first !== 'string') return 'restify';
  return format(first, ...rest.map((a) => (a !== null && typeof a === 'object' ? '[object]' : a)));
}

export function restifyLog(logger: Logger): PinoLike {
  const to: Record<Level, ((message: string, fields?: Record<string, unknown>) => void) | undefined> = {
    trace: undefined,
    debug: undefined,
    info: undefined,
    warn: logger.warn,
    error: logger.error,
    fatal: logger.error,
  };
  const method = (level: Level) => (...args: unknown[]) => {
    const write = to[level];
    // pino and bunyan answer "is this level on?" when called with nothing.
    if (args.length === 0) return write !== undefined;
    write?.(`restify: ${messageOf(args)}`, safeFields(args[0]));
  };
  const shim: PinoLike = {
    level: 'warn',
    trace: method('trace'),
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    fatal: method('fatal'),
    child: () => shim,
    isLevelEnabled: (level) => to[level as Level] !== undefined,
  };
  return shim;
}
