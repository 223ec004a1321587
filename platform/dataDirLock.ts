import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { PRIVATE_FILE_MODE } from './privateFiles';
import { StartupError } from './storageHealth';

/** The lock file, in DATA_DIR: which process owns the folder. */
export const LOCK_FILE = '.tawasul.lock';
/** How often the owner touches its lock, and how long untouched before another host may take it over. */
const HEARTBEAT_MS = 10_000;
const ABANDONED_AFTER_MS = 60_000;

const LockOwner = z.object({ pid: z.number().int().positive(), host: z.string(), since: z.string() });
type LockOwner = z.infer<typeof LockOwner>;

/** The lock files this process holds, by folder: a second start in the same process is refused too (same pid). */
const heldHere = new Map<string, string>();
let exitHookSet = false;

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Makes this process the only one writing DATA_DIR. Two processes on one folder each keep their own
 * view of the files in memory and write over each other: requests vanish, numbers repeat. The lock
 * is a file created only if absent (O_EXCL), holding the owner's pid, host and start time.
 *
 * A lock is taken over when its owner is gone: on this host, its pid no longer runs (a kill -9, a
 * crash, a container restarted with the same pid as before); from another host sharing the folder,
 * or a pid reused by some other program, when it has not been touched for a minute (the owner
 * touches it every 10 s). Otherwise start-up stops with a StartupError naming the folder and the
 * owner. Released on close and when the process exits.
 */
export async function lockDataDir(dataDir: string, now: () => number = Date.now): Promise<DataDirLock> {
  const folder = path.resolve(dataDir);
  const file = path.join(folder, LOCK_FILE);
  if (heldHere.has(folder)) throw inUse(dataDir, { pid: process.pid, host: os.hostname(), since: 'earlier in this process' });
  const me: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date(now()).toISOString() };
  for (let attempt = 0; ; attempt++) {
    if (await createLock(file, me)) break;
    const owner = await readOwner(file);
    if (owner === 'gone') continue;
    if (attempt >= 5 || !(await abandoned(file, owner, now))) throw inUse(dataDir, owner ?? undefined);
    await takeOver(file, owner);
  }
  heldHere.set(folder, file);
  if (!exitHookSet) {
    exitHookSet = true;
    process.once('exit', () => [...heldHere.values()].forEach(removeIfMine));
  }
  const heartbeat = setInterval(() => {
    const at = new Date(now());
    utimes(file, at, at).catch(() => undefined);
  }, HEARTBEAT_MS).unref();
  return {
    release: async () => {
      clearInterval(heartbeat);
      heldHere.delete(folder);
      removeIfMine(file);
    },
  };
}

async function createLock(file: string, me: LockOwner): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(JSON.stringify(me) + '\n');
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The owner the lock names; null when it names none (half-written, or not ours); 'gone' when it vanished meanwhile. */
async function readOwner(file: string): Promise<LockOwner | null | 'gone'> {
  try {
    const parsed = LockOwner.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return null;
  }
}

async function abandoned(file: string, owner: LockOwner | null, now: () => number): Promise<boolean> {
  if (owner && owner.host === os.hostname() && (owner.pid === process.pid || !isRunning(owner.pid))) return true;
  try {
    return now() - (await stat(file)).mtimeMs > ABANDONED_AFTER_MS;
  } catch {
    return true;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the abandoned lock aside (rename is atomic: of two processes taking over at once, one moves
 * it) and deletes it; if what was moved is not the abandoned lock but one just taken by another
 * process, it is put back (link fails if yet another lock exists), and that process keeps the folder.
 */
async function takeOver(file: string, owner: LockOwner | null): Promise<void> {
  const aside = `${file}.${process.pid}.stale`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readOwner(aside);
  const same = moved !== 'gone' && JSON.stringify(moved) === JSON.stringify(owner);
  if (!same) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function removeIfMine(file: string): void {
  try {
    const owner = LockOwner.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (owner.success && owner.data.pid === process.pid && owner.data.host === os.hostname()) unlinkSync(file);
  } catch {
    // Already gone, or unreadable: nothing of ours to remove.
  }
}

function inUse(dataDir: string, owner: LockOwner | undefined): StartupError {
  const who = owner ? `process ${owner.pid} on ${owner.host} (since ${owner.since})` : 'another process';
  return new StartupError(
    `DATA_DIR ${dataDir} is in use by ${who}. Two processes on one data folder overwrite each other's requests: ` +
      `stop that one, talk to it (npm run chat uses the bot running on PORT), or give this one its own DATA_DIR. ` +
      `If no such process runs, delete ${path.join(dataDir, LOCK_FILE)}.`,
  );
}
