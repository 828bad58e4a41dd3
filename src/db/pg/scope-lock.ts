// One writer per scope on PostgreSQL: a session-level advisory lock on the hash of the scope's
// name ('master', 'channel:shopify', 'job:nightly'), held on the master's own connection. The
// server releases it when the connection ends, so a crashed or killed runner frees its scopes
// with nothing left to clean up. Locks are taken in name order, so two processes that want
// overlapping sets cannot deadlock.
import os from 'node:os';
import type { PgDatabase } from './client.js';
import { UserError, ExitCode } from '../../core/errors.js';
import type { LockHolder, WriterLock } from '../lock.js';

export interface ScopeLockOptions {
  timeoutMs: number;
  command: string;
  pollMs?: number;
  onWait?: (holder: LockHolder) => void;
}

/** Who holds a lock is read by waiters from pg_stat_activity: this process's name for itself. */
function nameSession(client: PgDatabase, command: string): void {
  const me = `omni pid ${process.pid} on ${os.hostname()}: ${command}`.slice(0, 63);
  client.native('SELECT set_config($1, $2, false)', ['application_name', me]);
}

export async function acquireScopeLocks(client: PgDatabase, scopes: readonly string[], opts: ScopeLockOptions): Promise<WriterLock> {
  const wanted = [...new Set(scopes)].sort();
  nameSession(client, opts.command);
  const held: string[] = [];
  const release = () => {
    for (const s of held.splice(0).reverse()) {
      if (client.open && !client.lost) client.native('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [s]);
    }
  };
  try {
    for (const scope of wanted) {
      await take(client, scope, opts);
      held.push(scope);
    }
  } catch (e) {
    release();
    throw e;
  }
  return { release };
}

async function take(client: PgDatabase, scope: string, opts: ScopeLockOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let told = false;
  for (;;) {
    const got = client.native('SELECT pg_try_advisory_lock(hashtextextended($1, 0))', [scope]).rows?.[0]?.[0];
    if (got === 1) return;
    const holder = scopeHolder(client, scope);
    if (!told) { opts.onWait?.(holder); told = true; }
    if (Date.now() >= deadline) {
      throw new UserError(`Another omni process is writing ${describe(scope)}: ${holder.command}, since ${holder.since}.`, {
        exitCode: ExitCode.failed,
        hint: `Waited ${Math.round(opts.timeoutMs / 1000)} s. Try again when it has finished, or raise lock_timeout_seconds in config.yaml. The server frees the lock when that process ends.`,
      });
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
  }
}

/**
 * Takes `scope` without waiting (a job's or the watch's lock: held for the life of the run, and
 * found held means "skip", not "queue"); the holder when another session has it. A session's
 * advisory locks nest, so the caller must not take one scope twice on one connection.
 */
export function tryScopeLock(client: PgDatabase, scope: string, command: string): { ok: true; release: () => void } | { ok: false; holder: LockHolder } {
  nameSession(client, command);
  const got = client.native('SELECT pg_try_advisory_lock(hashtextextended($1, 0))', [scope]).rows?.[0]?.[0];
  if (got !== 1) return { ok: false, holder: scopeHolder(client, scope) };
  let released = false;
  return {
    ok: true,
    release: () => {
      if (released) return;
      released = true;
      if (client.open && !client.lost) client.native('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [scope]);
    },
  };
}

/** Whether any session holds `scope` (without taking it). */
export function scopeHeld(client: PgDatabase, scope: string): boolean {
  return (client.native(`SELECT count(*) FROM pg_locks l
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
      AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)`, [scope]).rows?.[0]?.[0] as number) > 0;
}

function describe(scope: string): string {
  if (scope === 'master') return 'to this master';
  const [kind, name] = scope.split(':', 2);
  return kind === 'channel' ? `channel ${name}` : kind === 'job' ? `job ${name}` : kind === 'watch' ? 'omni watch' : scope;
}

/** The session holding `scope`'s lock, as named in pg_stat_activity (see application_name above). */
export function scopeHolder(client: PgDatabase, scope: string): LockHolder {
  const r = client.native(`SELECT a.pid, a.application_name, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
      AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)
    LIMIT 1`, [scope]).rows?.[0];
  const name = r ? String(r[1] ?? '') : '';
  const pid = /omni pid (\d+)/.exec(name);
  return {
    pid: pid ? Number(pid[1]) : 0,
    host: /on ([^:]+):/.exec(name)?.[1] ?? 'another machine',
    command: name ? `\`${name.replace(/^omni pid \d+ on [^:]+: /, '')}\` (${name.replace(/: .*$/, '')})` : 'another omni process',
    since: r ? String(r[2]) : 'just now',
  };
}
