// The locks a long-running omni process holds beyond a command's writer lock, on either engine:
// a scheduled job's ("never two runs of one job at once"), the scheduler's, `omni watch`'s, and a
// watch cycle's writer lock. On SQLite they are OS-released file locks beside the master file
// (db/os-lock.ts); on PostgreSQL a file beside a URL means nothing (and several machines share the
// master), so they are session advisory locks on the master's own connection: `job:NAME` per job,
// `scheduler` for the scheduler itself, `watch`, and `channel:NAME` for a watch cycle's channels.
// The server frees them when the process (its connection) ends. See docs/design-notes.md.
import path from 'node:path';
import type { Db } from './open.js';
import { pgClient } from './open.js';
import { acquireWriterLock, type LockHolder, type WriterLock } from './lock.js';
import { tryOsLock } from './os-lock.js';
import { acquireScopeLocks, scopeHeld, tryScopeLock } from './pg/scope-lock.js';
import { tryJobLockFile, type JobLockHolder, type JobLockResult } from './job-lock-file.js';
import { isPostgresUrl } from './pg/url.js';
import { existsSync } from 'node:fs';

export type { JobLockHolder, JobLockResult };

/** The master as these locks see it: its connection, and its file (or URL). */
export interface MasterRef { db: Db; dbFile: string }

/** A job's lock, taken without waiting; `name` "scheduler" is the scheduler's own. */
export function tryJobLock(m: MasterRef, name: string, what: string): JobLockResult {
  const pg = pgClient(m.db);
  if (!pg) return tryJobLockFile(`${m.dbFile}.job-${name}.lock`, what);
  const r = tryScopeLock(pg, name === 'scheduler' ? 'scheduler' : `job:${name}`, what);
  return r.ok ? r : { ok: false, holder: fromScopeHolder(r.holder) };
}

/** `omni watch`'s lock for its whole life (one watch per master); undefined when another holds it. */
export function tryWatchLock(m: MasterRef): { release(): void } | undefined {
  const pg = pgClient(m.db);
  if (!pg) return tryOsLock(watchLockFile(m.dbFile));
  const r = tryScopeLock(pg, 'watch', 'omni watch');
  return r.ok ? r : undefined;
}

/** True while a watch process holds its lock (never creates a lock file). */
export function watchRunning(m: MasterRef): boolean {
  const pg = pgClient(m.db);
  if (pg) return scopeHeld(pg, 'watch');
  const file = watchLockFile(m.dbFile);
  if (!existsSync(file)) return false;
  const probe = tryOsLock(file);
  if (!probe) return true;
  probe.release();
  return false;
}

/** A watch cycle's writer lock: the master's on SQLite, its channels' scopes on PostgreSQL. */
export function acquireCycleLock(m: MasterRef, channels: readonly string[], opts: { timeoutMs: number; command: string }): Promise<WriterLock> {
  const pg = pgClient(m.db);
  if (!pg) return acquireWriterLock(m.dbFile, opts);
  return acquireScopeLocks(pg, channels.map((c) => `channel:${c}`), opts);
}

/**
 * Where a process keeps what it remembers on this machine beside the master (the scheduler's alert
 * state): the master file's own path on SQLite; on PostgreSQL a name in the config's folder, one per
 * server and database (never the URL's credentials).
 */
export function localStateBase(dbFile: string, configDir: string): string {
  if (!isPostgresUrl(dbFile)) return dbFile;
  const u = new URL(dbFile);
  const name = `${u.hostname || 'local'}-${u.port || '5432'}-${u.pathname.replace(/^\//, '') || 'postgres'}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  return path.join(configDir, `omni-postgres-${name}`);
}

/** The folder for files a command writes about the master (quarantined feeds): the master file's, or on PostgreSQL the config's. */
export function localDir(dbFile: string, configDir: string): string {
  return isPostgresUrl(dbFile) ? configDir : path.dirname(dbFile);
}

const watchLockFile = (dbFile: string) => `${dbFile}.watch-lock`;

function fromScopeHolder(h: LockHolder): JobLockHolder {
  return { pid: h.pid, host: h.host, since: h.since, what: h.command };
}
