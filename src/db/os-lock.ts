// A lock the operating system releases when its process dies: SQLite's own file lock, held by a
// tiny, empty lock database kept inside an open `BEGIN EXCLUSIVE`. A crash, kill -9 or reboot
// frees it, and no process id is ever trusted, so a reused pid can never block anyone.
//
// The lock file is never deleted: a waiter may hold it open, and a new file under the same name
// would let a third process lock a different inode while the waiter locks the old one.
import Database from 'better-sqlite3';

export interface HeldLock {
  release(): void;
}

/** Takes the lock on `file` (created if missing) without waiting; undefined when another process holds it. */
export function tryOsLock(file: string): HeldLock | undefined {
  const lock = new Database(file, { timeout: 0 });
  try {
    // Rollback journal (the default) on purpose: in WAL an exclusive transaction would not exclude.
    lock.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    lock.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw e;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try { lock.exec('ROLLBACK'); } finally { lock.close(); }
    },
  };
}
