import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './privateFiles';

/** A start-up problem whose message says what is wrong and what to fix, with nothing internal (no stack, no errno). */
export class StartupError extends Error {}

/** Error codes that mean the disk (not the data, not a bug) is the problem: answered 503, "try again later". */
const STORAGE_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EIO', 'ENOTDIR', 'EISDIR', 'ENOENT', 'EMFILE', 'ENFILE', 'EBUSY']);

export function isStorageFailure(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && STORAGE_CODES.has(code);
}

/** Writes and removes a small file in the folder: whether the service can store anything there right now. */
async function probe(directory: string): Promise<void> {
  const file = path.join(directory, '.storage-probe');
  await writeFile(file, String(Date.now()), { mode: PRIVATE_FILE_MODE });
  await rm(file, { force: true });
}

/** Makes DATA_DIR if needed and checks it can be written, before anything else opens a file there. */
export async function ensureWritable(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    await probe(dataDir);
  } catch {
    throw new StartupError(`DATA_DIR ${dataDir} is not writable`);
  }
}

/** 'unreachable': the database (DATABASE_URL) does not answer. */
export type StorageState = 'ok' | 'read-only' | 'unreachable';

/**
 * Whether the folders the service writes to can still be written: a probe file written and removed
 * in each, at most once every `intervalMs` (health checks come often; the answer is kept meanwhile,
 * and callers at the same moment share one probe).
 */
export class StorageProbe {
  private last: { at: number; state: StorageState } | undefined;
  private running: Promise<StorageState> | undefined;

  constructor(
    private readonly directories: string[],
    private readonly intervalMs = 5000,
    private readonly clock: () => number = Date.now,
  ) {}

  check(): Promise<StorageState> {
    const now = this.clock();
    if (this.last && now - this.last.at < this.intervalMs) return Promise.resolve(this.last.state);
    this.running ??= Promise.all(this.directories.map(probe)).then(
      () => 'ok' as const,
      () => 'read-only' as const,
    ).then((state) => {
      this.last = { at: this.clock(), state };
      this.running = undefined;
      return state;
    });
    return this.running;
  }
}
