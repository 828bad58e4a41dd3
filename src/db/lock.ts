// One writer at a time. A lock file beside the database names the process holding it; a second
// writer polls until the lock is free or the configured wait runs out, then gives up with a
// message naming the holder. A lock left by a dead process (crash, kill -9) is taken over.
import { writeFileSync, linkSync, readFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import { UserError, ExitCode } from '../core/errors.js';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface WriterLock {
  release(): void;
}

export interface LockOptions {
  timeoutMs: number;
  command: string;
  pollMs?: number;
  /** Told once when we start waiting, so a person sees why nothing happens. */
  onWait?: (holder: LockHolder) => void;
}

export async function acquireWriterLock(dbFile: string, opts: LockOptions): Promise<WriterLock> {
  const lockFile = `${dbFile}.lock`;
  const me: LockHolder = { pid: process.pid, host: os.hostname(), command: opts.command, since: new Date().toISOString() };
  const deadline = Date.now() + opts.timeoutMs;
  let told = false;
  for (;;) {
    // Written whole to a private file, then hard-linked into place: link() fails if the lock
    // exists, and a reader never sees a half-written lock.
    const mine = `${lockFile}.${process.pid}`;
    writeFileSync(mine, JSON.stringify(me));
    try {
      linkSync(mine, lockFile);
      unlinkSync(mine);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try { if (readHolder(lockFile)?.pid === process.pid) unlinkSync(lockFile); } catch { /* already gone */ }
      };
      process.once('exit', release);
      return { release };
    } catch (e) {
      unlinkSync(mine);
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readHolder(lockFile);
    if (!holder || isDead(holder)) {
      // Stale: the holder is gone. Remove it (only if it is still that same dead holder's lock)
      // and race again for it.
      const again = readHolder(lockFile);
      if (again?.pid === holder?.pid && again?.since === holder?.since) {
        try { unlinkSync(lockFile); } catch { /* someone else took it over */ }
      }
      if (!holder) await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    if (!told) { opts.onWait?.(holder); told = true; }
    if (Date.now() >= deadline) {
      throw new UserError(
        `Another omni process is writing to this database: pid ${holder.pid} on ${holder.host}, \`${holder.command}\`, since ${holder.since}.`,
        {
          exitCode: ExitCode.failed,
          hint: `Waited ${Math.round(opts.timeoutMs / 1000)} s. Try again when it has finished, or raise lock_timeout_seconds in config.yaml. If no such process runs, delete ${lockFile}.`,
        },
      );
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
}

function readHolder(lockFile: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(lockFile, 'utf8')) as LockHolder;
  } catch {
    return undefined; // being written right now, or gone
  }
}

function isDead(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false; // cannot tell; the timeout decides
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
