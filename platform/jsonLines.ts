import type { z } from 'zod';

/**
 * The records of a file of JSON lines (a journal, a log): each line that parses and is a `schema`
 * record, in order. A line that does not (a write cut short by a crash) is skipped, not fatal.
 */
export function parseJsonLines<T extends z.ZodType>(lines: string[], schema: T): z.infer<T>[] {
  return lines.flatMap((line) => {
    if (!line) return [];
    try {
      const parsed = schema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}
