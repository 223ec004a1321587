import { z } from 'zod';

/**
 * Paging for the staff API: `limit` (how many, bounded) and `cursor` (opaque: the `next` of the page
 * before). A cursor is only ever one this API gave; anything else is refused with a 400 that says so.
 */
export const cursorFor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

export function keyOf(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  return cursorFor(key) === cursor ? key : undefined;
}

/** `limit` from 1 to `max` (default `byDefault`), and an optional cursor, with messages a caller can act on. */
export function PageQuery(byDefault: number, max: number) {
  return z.object({
    limit: z.coerce
      .number({ error: `limit must be a whole number from 1 to ${max}` })
      .int(`limit must be a whole number from 1 to ${max}`)
      .min(1, `limit must be a whole number from 1 to ${max}`)
      .max(max, `limit must be a whole number from 1 to ${max}`)
      .default(byDefault),
    cursor: z.string().optional(),
  });
}

/** The query string of a request, as one object (a repeated name keeps its last value). */
export const queryOf = (url: string | undefined) => Object.fromEntries(new URL(url ?? '', 'http://staff').searchParams);

/** The first problem of a query, as one sentence. */
export const firstProblem = (error: z.ZodError) => {
  const issue = error.issues[0];
  return issue.message.includes(String(issue.path[0] ?? '')) ? issue.message : `${issue.path.join('.')}: ${issue.message}`;
};

/**
 * One page of `items` sorted by `key` (ascending, unique), after the cursor's key: a keyset page, so
 * an item that moves (a case taken while the next page loads) is neither shown twice nor skipped
 * for the items that stay.
 */
export function pageAfter<T>(items: T[], key: (item: T) => string, limit: number, after?: string): { page: T[]; next?: string } {
  const sorted = items.map((item) => ({ item, key: key(item) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rest = after === undefined ? sorted : sorted.filter((entry) => entry.key > after);
  const page = rest.slice(0, limit);
  return { page: page.map((entry) => entry.item), ...(rest.length > limit ? { next: cursorFor(page[page.length - 1].key) } : {}) };
}
