// "Never two runs of the same job at once", across processes: a lock file per job beside the
// database (omni.sqlite.job-NAME.lock) holding the owner's pid. Taken without waiting: a job that
// finds its lock held is skipped, not queued. A lock left by a dead process is taken over.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export interface JobLockHolder { pid: number; host: string; since: string; what: string }
export type JobLockResult = { ok: true; release: () => void } | { ok: false; holder: JobLockHolder };

const held = new Set<string>();
let exitHook = false;

export function jobLockFile(dbFile: string, name: string): string {
  return `${dbFile}.job-${name}.lock`;
}

export function tryJobLock(file: string, what: string): JobLockResult {
  const me: JobLockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), what };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      held.add(file);
      if (!exitHook) { exitHook = true; process.once('exit', () => { for (const f of held) rmSync(f, { force: true }); }); }
      return { ok: true, release: () => { if (held.delete(file)) rmSync(file, { force: true }); } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readHolder(file);
    if (holder ? !isDead(holder) : ageMs(file) < 2000) return { ok: false, holder: holder ?? unknown };
    rmSync(file, { force: true }); // stale (or being written by a process that just died): take over
  }
  return { ok: false, holder: readHolder(file) ?? unknown };
}

const unknown: JobLockHolder = { pid: 0, host: '?', since: '?', what: '(being written)' };

function ageMs(file: string): number {
  try { return Date.now() - statSync(file).mtimeMs; } catch { return Infinity; }
}

function readHolder(file: string): JobLockHolder | undefined {
  try { return JSON.parse(readFileSync(file, 'utf8')) as JobLockHolder; } catch { return undefined; }
}

function isDead(h: JobLockHolder): boolean {
  if (h.host !== os.hostname()) return false;
  try { process.kill(h.pid, 0); return false; } catch (e) { return (e as NodeJS.ErrnoException).code === 'ESRCH'; }
}
