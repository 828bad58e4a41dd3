// One writer at a time. The writer holds an OS-released lock (db/os-lock.ts) on a lock file beside
// the database and notes who it is in a second, informational file; a second writer polls until
// the lock is free or the configured wait runs out, then gives up with a message naming the
// holder. A holder that dies (crash, kill -9, reboot) frees the lock with its process: nothing to
// take over, and a reused pid named in a leftover note can never block a write.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { UserError, ExitCode } from '../core/errors.js';
import { tryOsLock } from './os-lock.js';

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

export function writerLockFiles(dbFile: string): { lock: string; holder: string } {
  return { lock: `${dbFile}.writer-lock`, holder: `${dbFile}.writer-lock.json` };
}

export async function acquireWriterLock(dbFile: string, opts: LockOptions): Promise<WriterLock> {
  const files = writerLockFiles(dbFile);
  const deadline = Date.now() + opts.timeoutMs;
  let told = false;
  for (;;) {
    const held = take(files.lock);
    if (held) {
      const me: LockHolder = { pid: process.pid, host: os.hostname(), command: opts.command, since: new Date().toISOString() };
      // Written whole, then renamed into place: a waiter never reads half a note.
      const tmp = `${files.holder}.${process.pid}`;
      writeFileSync(tmp, JSON.stringify(me));
      renameSync(tmp, files.holder);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readHolder(files.holder)?.pid === process.pid) rmSync(files.holder, { force: true });
        held.release();
      };
      process.once('exit', release);
      return { release };
    }
    // The note may be missing, or left by an earlier holder, for the moment between a new
    // holder's lock and its note: it only informs the message.
    const holder = readHolder(files.holder) ?? { pid: 0, host: os.hostname(), command: 'another omni process', since: 'just now' };
    if (!told) { opts.onWait?.(holder); told = true; }
    if (Date.now() >= deadline) {
      throw new UserError(
        `Another omni process is writing to this database: pid ${holder.pid} on ${holder.host}, \`${holder.command}\`, since ${holder.since}.`,
        {
          exitCode: ExitCode.failed,
          hint: `Waited ${Math.round(opts.timeoutMs / 1000)} s. Try again when it has finished, or raise lock_timeout_seconds in config.yaml. The lock goes with its process: there is no file to delete.`,
        },
      );
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
}

function take(lockFile: string): ReturnType<typeof tryOsLock> {
  try {
    return tryOsLock(lockFile);
  } catch (e) {
    throw new UserError(`The writer lock ${lockFile} cannot be used: ${(e as Error).message}.`, {
      hint: 'It is not a file omni wrote (or the folder is read-only). With no omni running, delete it; omni makes a new one.',
    });
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}
