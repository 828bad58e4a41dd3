// SQLite's full integrity check: every page, every index entry against its table. `quick_check`
// is faster but skips the index cross-checks, and a file cut short can pass it.
import { pgClient, type Db } from './open.js';

/** The problems SQLite reports (empty when the file is sound). */
export function integrityProblems(db: Db): string[] {
  // PostgreSQL checks its own pages (checksums, WAL); there is no per-file check to run from here.
  if (pgClient(db)) return [];
  const rows = db.$client.prepare('PRAGMA integrity_check(100)').pluck().all() as string[];
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}
