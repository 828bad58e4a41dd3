// One omni watch per master: it holds a lock for its whole life (db/master-locks.ts: a file lock
// beside a SQLite master, the `watch` advisory lock on PostgreSQL). `omni status` tells a running
// watch by that lock being held; a watch that died (crash, kill -9) frees it with its process.
import { tryWatchLock, watchRunning as held, type MasterRef } from '../../db/master-locks.js';
import { usageError } from '../../core/errors.js';

export function takeWatchLock(m: MasterRef): { release(): void } {
  const lock = tryWatchLock(m);
  if (!lock) throw usageError('omni watch is already running for this database.', '`omni status` shows since when; stop it (systemctl --user stop omni-watch, or Ctrl-C) before starting another.');
  return lock;
}

/** True while a watch process holds the lock. */
export function watchRunning(m: MasterRef): boolean {
  return held(m);
}
