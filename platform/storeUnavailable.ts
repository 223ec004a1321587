/**
 * True for an error that means "the database cannot be reached just now" (refused, reset or timed-out
 * connections, a server shutting down or starting up, too many connections), rather than a bug or bad
 * data: the person is asked to try again shortly, and nothing is discarded. Judged by Node's and
 * PostgreSQL's error codes, so it needs no database driver.
 */
export function isStoreUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown[] } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  // An AggregateError (several connection attempts) is unavailable when each part is.
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isStoreUnavailable)) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message);
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now, too many connections, connection failures.
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006',
]);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Connection terminated due to connection timeout|Client has encountered a connection error|Query read timeout/i;
