// One omni watch per master: it holds an OS-released lock (db/os-lock.ts) beside the database for
// its whole life. `omni status` tells a running watch by that lock being held; a watch that died
// (crash, kill -9) frees it with its process.
import { existsSync } from 'node:fs';
import { tryOsLock, type HeldLock } from '../../db/os-lock.js';
import { usageError } from '../../core/errors.js';

export const watchLockFile = (dbFile: string) => `${dbFile}.watch-lock`;

export function takeWatchLock(dbFile: string): HeldLock {
  const held = tryOsLock(watchLockFile(dbFile));
  if (!held) throw usageError('omni watch is already running for this database.', '`omni status` shows since when; stop it (systemctl --user stop omni-watch, or Ctrl-C) before starting another.');
  return held;
}

/** True while a watch process holds the lock (never creates the lock file). */
export function watchRunning(dbFile: string): boolean {
  const file = watchLockFile(dbFile);
  if (!existsSync(file)) return false;
  const probe = tryOsLock(file);
  if (!probe) return true;
  probe.release();
  return false;
}
