// `omni db copy --to TARGET`: the workspace's master into a new one — a PostgreSQL database (empty,
// made by the DBA) or a SQLite file that does not exist yet. The source is held with the writer
// lock for the whole copy, so nothing changes under it; the target is checked (row counts,
// on-hand = ledger, the same ledger sums) before the command reports success.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openWorkspace } from './workspace.js';
import { openDb, closeDb, type Db } from '../db/open.js';
import { copyTables, nonEmptyTables, verifyCopy, type TableCopy } from '../db/copy.js';
import { isPostgresUrl, redactUrl, urlPassword } from '../db/pg/url.js';
import { redactor } from '../config/redact.js';
import type { GlobalOptions } from '../cli/output.js';
import { UserError, ExitCode, usageError } from '../core/errors.js';

export interface DbCopyResult {
  from: string;
  to: string;
  tables: TableCopy[];
  rows: number;
  verified: { counts: boolean; ledger: boolean };
}

export async function copyMaster(g: GlobalOptions, to: string, log: (m: string) => void): Promise<DbCopyResult> {
  const ws = await openWorkspace(g, { write: true, command: 'omni db copy' });
  try {
    const target = isPostgresUrl(to) ? withEnv(to.trim()) : path.resolve(to);
    if (isPostgresUrl(target)) redactor.add(urlPassword(target));
    const label = isPostgresUrl(target) ? redactUrl(target) : target;
    const fromLabel = isPostgresUrl(ws.dbFile) ? redactUrl(ws.dbFile) : ws.dbFile;
    if (target === ws.dbFile) throw usageError('The copy would go onto the master itself.', 'Name another database with --to.');
    if (!isPostgresUrl(target) && existsSync(target)) {
      throw usageError(`${target} already exists.`, 'A copy goes into a new file: name one that does not exist, or move that one away first.');
    }
    let dest: Db;
    try {
      dest = openDb(target, { create: true });
    } catch (e) {
      if (!isPostgresUrl(target)) rmSync(target, { force: true });
      throw e;
    }
    let ok = false;
    try {
      const full = nonEmptyTables(dest);
      if (full.length > 0) {
        throw usageError(`${label} already holds data (${full.slice(0, 3).join(', ')}${full.length > 3 ? ', …' : ''}).`,
          'A copy goes only into an empty master: create a new database (CREATE DATABASE omni2) or name a new file.');
      }
      const tables = copyTables(ws.db, dest, (t) => { if (t.rows > 0) log(`${t.table}: ${t.rows} row(s)`); });
      const check = verifyCopy(ws.db, dest);
      if (check.countMismatches.length > 0 || check.ledgerMismatches > 0 || check.ledgerDifferences > 0) {
        const what = check.countMismatches.map((m) => `${m.table}: ${m.source} → ${m.target}`);
        throw new UserError(`The copy at ${label} does not match the master.`, {
          exitCode: ExitCode.failed,
          hint: 'Do not use the copy; drop it and run the copy again. The master is unchanged.',
          details: [...what, ...(check.ledgerMismatches ? [`${check.ledgerMismatches} on-hand figure(s) differ from the ledger`] : []), ...(check.ledgerDifferences ? [`${check.ledgerDifferences} ledger sum(s) differ`] : [])],
        });
      }
      ok = true;
      return { from: fromLabel, to: label, tables, rows: tables.reduce((n, t) => n + t.rows, 0), verified: { counts: true, ledger: true } };
    } finally {
      closeDb(dest);
      // A new file that did not become a whole copy is removed, so no half master is left to open.
      if (!ok && !isPostgresUrl(target)) for (const f of [target, `${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
    }
  } finally { ws.close(); }
}

/** `${NAME}` in the URL from the environment (omni.env included), so a password stays out of shell history. */
function withEnv(url: string): string {
  return url.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const v = process.env[name];
    if (!v) throw usageError(`--to uses \${${name}}, which is not set.`, `Put ${name}=… in omni.env beside config.yaml, or set it in the environment.`);
    return encodeURIComponent(v);
  });
}
