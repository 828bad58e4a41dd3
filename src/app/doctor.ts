// `omni doctor`: a pass/fail list a shop owner can act on. Never throws for a failed check: every
// check runs and reports, so one broken thing does not hide the next.
import { existsSync, statSync } from 'node:fs';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { openDb, closeDb, asDamage, type Db } from '../db/open.js';
import { integrityProblems } from '../db/integrity.js';
import { newestBackup, unusableDatabase } from '../db/damage.js';
import { capText } from '../core/text.js';
import { pendingMigrations } from '../db/migrations.js';
import { ledgerMismatches } from '../db/stock.js';
import { isUserError } from '../core/errors.js';
import { configPath, databasePath } from './workspace.js';
import { isPostgresUrl } from '../db/pg/url.js';
import { checkChannel } from './channel-check.js';
import type { GlobalOptions } from '../cli/output.js';

export interface Check {
  name: string;
  status: 'pass' | 'fail' | 'warn';
  message: string;
  hint?: string;
}

/**
 * Migrations, a full integrity check (quick_check misses a bad index or a page past the end) and
 * the ledger. A file that is not omni's, or is damaged, is one failed check with the newest backup.
 */
function databaseChecks(dbFile: string): Check[] {
  const checks: Check[] = [];
  let db: Db;
  try {
    db = openDb(dbFile, { migrate: false });
  } catch (e) {
    if (!isUserError(e)) throw e;
    return [{ name: 'database', status: 'fail', message: e.message, ...(e.hint ? { hint: e.hint } : {}) }];
  }
  try {
    const pending = pendingMigrations(db);
    checks.push(pending.length === 0
      ? { name: 'database migrations', status: 'pass', message: 'up to date' }
      : { name: 'database migrations', status: 'warn', message: `${pending.length} pending`, hint: 'Any writing command applies them; or run `omni init`.' });
    const problems = integrityProblems(db);
    if (problems.length > 0) {
      const damaged = unusableDatabase(dbFile, 'damaged');
      checks.push({ name: 'database integrity', status: 'fail', message: `${problems.length} problem(s), e.g. ${capText(problems[0]!, 200)}`, ...(damaged.hint ? { hint: damaged.hint } : {}) });
      return checks;
    }
    checks.push({ name: 'database integrity', status: 'pass', message: isPostgresUrl(dbFile) ? 'ok (PostgreSQL checks its own pages)' : 'ok (full integrity_check)' });
    if (pending.length === 0) {
      const bad = ledgerMismatches(db);
      checks.push(bad.length === 0
        ? { name: 'stock ledger', status: 'pass', message: 'on-hand equals the ledger everywhere' }
        : { name: 'stock ledger', status: 'fail', message: `${bad.length} on-hand figure(s) differ from the ledger, e.g. ${bad[0]!.sku} at ${bad[0]!.location}`, hint: 'Please report this: it should never happen.' });
    }
  } catch (e) {
    const damage = asDamage(e, dbFile);
    if (!damage) throw e;
    checks.push({ name: 'database integrity', status: 'fail', message: damage.message, ...(damage.hint ? { hint: damage.hint } : {}) });
  } finally { closeDb(db); }
  return checks;
}

/** Where the newest backup is (doctor names it so a damaged master can be restored at once). */
function backupCheck(dbFile: string): Check {
  const newest = newestBackup(dbFile);
  if (!newest) return { name: 'backup', status: 'warn', message: 'no backup beside the master or in backups/', hint: 'Run `omni backup`, and schedule it nightly (`omni backup --help`).' };
  return { name: 'backup', status: 'pass', message: `newest: ${newest} (${statSync(newest).mtime.toISOString()})` };
}

export async function runDoctor(g: GlobalOptions): Promise<Check[]> {
  const checks: Check[] = [];
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(configPath(g));
    checks.push({ name: 'config', status: 'pass', message: `${loaded.file} is valid` });
  } catch (e) {
    if (!isUserError(e)) throw e;
    checks.push({ name: 'config', status: 'fail', message: [e.message, ...e.details].join('\n      '), ...(e.hint ? { hint: e.hint } : {}) });
    return checks;
  }

  const dbFile = databasePath(loaded, g);
  if (!isPostgresUrl(dbFile) && !existsSync(dbFile)) {
    checks.push({ name: 'database', status: 'fail', message: `${dbFile} does not exist`, hint: 'Run `omni init` in the config folder.' });
  } else {
    checks.push(...databaseChecks(dbFile));
    checks.push(backupCheck(dbFile));
  }

  for (const [name, channel] of Object.entries(loaded.config.channels)) {
    if (!channel.enabled) { checks.push({ name: `channel ${name}`, status: 'warn', message: 'disabled (enabled: false)' }); continue; }
    checks.push(await checkChannel(loaded.config, loaded.dir, name));
  }
  return checks;
}
