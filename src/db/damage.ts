// A master that cannot be trusted: a file that is not an omni database at all (a typo in --db, a
// spreadsheet saved under the name), or one that is damaged (truncated, garbled pages). Both are
// the user's to fix, never "omni hit a bug": the message names the file and the newest backup.
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError, ExitCode } from '../core/errors.js';

const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/;

/** SQLite's own verdict that the file is unreadable (not the caller's mistake in SQL). */
export function isDamageError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DAMAGE_CODES.test(code);
}

/**
 * The newest file that looks like a backup of `dbFile`: beside it, named after it (omni-2026-01-31.sqlite,
 * omni.sqlite.bak), or any SQLite file in a `backups/` folder beside it.
 */
export function newestBackup(dbFile: string): string | undefined {
  const dir = path.dirname(dbFile);
  const base = path.basename(dbFile);
  const stem = base.replace(/\.(sqlite3?|db)$/i, '');
  const own = new Set([base, `${base}-wal`, `${base}-shm`, `${base}-journal`]);
  const candidates = [
    ...list(dir).filter((n) => !own.has(n) && n.startsWith(stem) && /\.(sqlite3?|db|bak)$/i.test(n)).map((n) => path.join(dir, n)),
    ...list(path.join(dir, 'backups')).filter((n) => /\.(sqlite3?|db|bak)$/i.test(n)).map((n) => path.join(dir, 'backups', n)),
  ];
  let best: { file: string; mtime: number } | undefined;
  for (const file of candidates) {
    try {
      const st = statSync(file);
      if (st.isFile() && st.size > 0 && (!best || st.mtimeMs > best.mtime)) best = { file, mtime: st.mtimeMs };
    } catch { /* gone meanwhile */ }
  }
  return best?.file;
}

/** Whether the file starts as every SQLite database does: unreadable then means damaged, not foreign. */
export function hasSqliteHeader(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(16);
      return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\0';
    } finally { closeSync(fd); }
  } catch { return false; }
}

function list(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}

export type Unusable = 'not-omni' | 'damaged';

/** The message a person gets for an unusable master. */
export function unusableDatabase(dbFile: string, kind: Unusable, detail?: string): UserError {
  const backup = newestBackup(dbFile);
  const restore = backup
    ? `The newest backup is ${backup}: with no omni running, copy it over ${dbFile} (keep the broken file aside).`
    : 'No backup was found beside it or in a backups/ folder.';
  if (kind === 'not-omni') {
    return new UserError(`${dbFile} is not an omni database${detail ? ` (${detail})` : ''}.`, {
      exitCode: ExitCode.usage,
      hint: `Check the path (--db, OMNI_DB or \`database:\` in config.yaml); \`omni init\` creates a new master. ${backup ? restore : ''}`.trim(),
    });
  }
  return new UserError(`The database ${dbFile} is damaged${detail ? ` (${detail})` : ''}.`, {
    exitCode: ExitCode.usage,
    hint: `${restore} Then run \`omni doctor\`; the next sync re-reads what the channels hold.`,
  });
}
