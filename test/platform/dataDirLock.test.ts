import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOCK_FILE, lockDataDir } from '../../platform/dataDirLock';
import { spawnService } from '../support/serviceProcess';
import { temporaryDataDir } from '../support/testApp';

// Two real processes on one data folder: the second is turned away with a message that says whose it is.
test('a second service on the same DATA_DIR exits non-zero naming the folder and its owner; after a kill -9 the folder is taken over', async () => {
  const dataDir = temporaryDataDir();
  const first = spawnService({ DATA_DIR: dataDir });
  let second: ReturnType<typeof spawnService> | undefined;
  try {
    await first.listening;
    second = spawnService({ DATA_DIR: dataDir });
    const code = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toContain(`DATA_DIR ${dataDir} is in use by process ${first.pid}`);
    expect(second.output()).not.toMatch(/\n\s+at /);
    // The first is unharmed.
    expect((await fetch(`${await first.listening}/healthz`)).status).toBe(200);

    first.child.kill('SIGKILL');
    await first.exited;
    // Its lock is left behind, naming a pid that no longer runs: the next start takes the folder.
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(first.pid);
    const third = spawnService({ DATA_DIR: dataDir });
    try {
      expect((await fetch(`${await third.listening}/healthz`)).status).toBe(200);
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(third.pid);
      // A clean stop removes the lock.
      third.child.kill('SIGTERM');
      expect(await third.exited).toBe(0);
      expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    } finally {
      third.child.kill('SIGKILL');
    }
  } finally {
    first.child.kill('SIGKILL');
    second?.child.kill('SIGKILL');
  }
}, 180_000);

test('in one process a folder is held once; released, it can be taken again', async () => {
  const dataDir = temporaryDataDir();
  const lock = await lockDataDir(dataDir);
  await expect(lockDataDir(dataDir)).rejects.toThrow(`DATA_DIR ${dataDir} is in use by process ${process.pid}`);
  await lock.release();
  await (await lockDataDir(dataDir)).release();
});

test('a lock from another host is respected while its owner touches it, and taken over a minute after it stopped', async () => {
  const dataDir = temporaryDataDir();
  const file = path.join(dataDir, LOCK_FILE);
  fs.writeFileSync(file, JSON.stringify({ pid: 4242, host: `not-${os.hostname()}`, since: '2026-12-01T08:00:00.000Z' }));
  await expect(lockDataDir(dataDir)).rejects.toThrow(`in use by process 4242 on not-${os.hostname()}`);
  const later = Date.now() + 61_000;
  const lock = await lockDataDir(dataDir, () => later);
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
  await lock.release();
});
