// `omni backup`: a consistent copy of the master while omni may be running, through SQLite's online
// backup API (better-sqlite3's db.backup), written under a temporary name and renamed when whole,
// checked (quick_check) and pruned to the newest N. SQLite-only by nature: on PostgreSQL a backup is
// `pg_dump`, which omni will leave to the database's own tools.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './open.js';
import { UserError, ExitCode } from '../core/errors.js';

export interface BackupResult {
  file: string;
  bytes: number;
  /** Backups of this master kept in the folder, newest first (including the new one). */
  kept: string[];
  /** Older backups deleted to keep `keep`. */
  removed: string[];
}

/** The backups folder when none is given: `backups/` beside the master (where doctor looks). */
export function defaultBackupDir(dbFile: string): string {
  return path.join(path.dirname(dbFile), 'backups');
}

function stemOf(dbFile: string): string {
  return path.basename(dbFile).replace(/\.(sqlite3?|db)$/i, '');
}

/** `omni-2026-06-01T07-00-00-000Z.sqlite`: sorts by time, names the master it came from. */
function backupName(dbFile: string, now: Date): string {
  return `${stemOf(dbFile)}-${now.toISOString().replace(/[:.]/g, '-')}.sqlite`;
}

/** This master's backups in `dir`, newest first. */
export function backupsIn(dir: string, dbFile: string): string[] {
  const re = new RegExp(`^${stemOf(dbFile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z\\.sqlite$`);
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  return names.filter((n) => re.test(n)).sort().reverse().map((n) => path.join(dir, n));
}

export async function backupMaster(db: Db, dbFile: string, opts: { dir: string; keep: number; now: Date }): Promise<BackupResult> {
  mkdirSync(opts.dir, { recursive: true });
  const file = path.join(opts.dir, backupName(dbFile, opts.now));
  if (existsSync(file)) throw new UserError(`${file} exists already.`, { exitCode: ExitCode.usage, hint: 'Run the backup again in a moment.' });
  const partial = `${file}.partial`;
  try {
    await db.$client.backup(partial);
    // A backup nobody can restore is worse than none: check it before it counts as one.
    const copy = new Database(partial, { fileMustExist: true });
    try {
      // One self-contained file (no -wal/-shm beside it) that a person can copy back; omni turns
      // WAL on again when it opens the restored master.
      copy.pragma('journal_mode = DELETE');
      const verdict = copy.pragma('quick_check', { simple: true }) as string;
      if (verdict !== 'ok') throw new UserError(`The backup ${file} did not check out (${verdict}).`, { hint: 'Run `omni doctor` on the master; the old backups were kept.' });
    } finally { copy.close(); }
    renameSync(partial, file);
  } catch (e) {
    try { unlinkSync(partial); } catch { /* never written */ }
    throw e;
  }
  const all = backupsIn(opts.dir, dbFile);
  const kept = all.slice(0, Math.max(1, opts.keep));
  const removed = all.slice(kept.length);
  for (const old of removed) unlinkSync(old);
  return { file, bytes: statSync(file).size, kept, removed };
}

/** omni backs up SQLite masters only; a PostgreSQL `database:` is backed up with pg_dump, or copied into a SQLite file. */
export function assertBackupEngine(database: string): void {
  if (/^postgres(ql)?:\/\//i.test(database)) {
    throw new UserError('omni backup copies a SQLite master; this config names a PostgreSQL database.', {
      exitCode: ExitCode.usage, hint: 'Back PostgreSQL up with its own tools: `pg_dump --format=custom DBNAME > omni.dump` (restore with pg_restore), or copy the master into a SQLite file with `omni db copy --to backup.sqlite` (checked and re-verified, readable by omni on any machine).',
    });
  }
}
