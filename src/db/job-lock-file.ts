// "Never two runs of the same job at once", across processes, on SQLite: a lock per job beside the
// database (omni.sqlite.job-NAME.lock), held the way the writer lock is (db/os-lock.ts: the OS frees it
// when its process dies, so a reused pid never blocks a job), with a note of who holds it.
// Taken without waiting: a job that finds its lock held is skipped, not queued.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { tryOsLock } from './os-lock.js';

export interface JobLockHolder { pid: number; host: string; since: string; what: string }
export type JobLockResult = { ok: true; release: () => void } | { ok: false; holder: JobLockHolder };

export function tryJobLockFile(file: string, what: string): JobLockResult {
  const note = `${file}.json`;
  const held = tryOsLock(file);
  if (!held) return { ok: false, holder: readHolder(note) ?? unknown };
  const me: JobLockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), what };
  writeFileSync(`${note}.${process.pid}`, JSON.stringify(me));
  renameSync(`${note}.${process.pid}`, note);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readHolder(note)?.pid === process.pid) rmSync(note, { force: true });
    held.release();
  };
  process.once('exit', release);
  return { ok: true, release };
}

const unknown: JobLockHolder = { pid: 0, host: '?', since: '?', what: '(another omni process)' };

function readHolder(file: string): JobLockHolder | undefined {
  try { return JSON.parse(readFileSync(file, 'utf8')) as JobLockHolder; } catch { return undefined; }
}
