import { readFileSync } from 'node:fs';

const FLOOR = 512;
const CEILING = 8192;

/**
 * How many files a store may keep open for appending: a quarter of the process's limit on open files
 * (the soft "Max open files" of /proc/self/limits), at least 512 and at most 8192. A busy service has
 * more conversations going than 512, and every one beyond the files kept open costs an open and a
 * close per write; the quarter leaves the rest of the limit to sockets, the database and other stores.
 * Where the limit cannot be read (not Linux), 512.
 */
export function openFilesBudget(limits: string | undefined = readLimits()): number {
  const soft = limits ? /^Max open files\s+(\d+|unlimited)/m.exec(limits)?.[1] : undefined;
  if (!soft) return FLOOR;
  if (soft === 'unlimited') return CEILING;
  return Math.min(CEILING, Math.max(FLOOR, Math.floor(Number(soft) / 4)));
}

function readLimits(): string | undefined {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined;
  }
}
