import { z } from 'zod';
import type { TranscriptLine } from './transcriptReader';
import { HandoffStatus } from './handoffQueue';
import { cursorFor, PageQuery } from './paging';

/** The queries of the handoff API's lists: the cases, and a case's transcript a page at a time. */
export const BAD_CURSOR = 'cursor is not one this API gave: use the `next` (or `transcriptCursor`) of the page before, unchanged';
export const CaseListQuery = PageQuery(50, 200).extend({
  status: z
    .string()
    .transform((list) => list.split(','))
    .refine((list) => list.every((status) => HandoffStatus.safeParse(status).success), `status must be one or more of ${HandoffStatus.options.join(', ')}, separated by commas`)
    .transform((list) => list as HandoffStatus[])
    .optional(),
});
export const TranscriptQuery = PageQuery(200, 500);

/**
 * The latest `limit` lines of a transcript before the cursor's line (from the end at first), and a
 * cursor for the lines before those. A line is known by its time and its place among lines of the
 * same time, not by its index: the store trims the oldest lines, which would shift an index.
 */
export function latestLines(all: TranscriptLine[], limit: number, before?: string): { lines: TranscriptLine[]; earlier?: string } {
  const sameTime = new Map<string, number>();
  const keyed = all.map((line) => {
    const seen = sameTime.get(line.at) ?? 0;
    sameTime.set(line.at, seen + 1);
    return { line, key: `${line.at}|${String(seen).padStart(4, '0')}` };
  });
  const shown = before === undefined ? keyed : keyed.filter((entry) => entry.key < before);
  const page = shown.slice(-limit);
  return { lines: page.map((entry) => entry.line), ...(shown.length > limit ? { earlier: cursorFor(page[0].key) } : {}) };
}
