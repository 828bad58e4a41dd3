// `omni doctor`: a pass/fail list a shop owner can act on. Never throws for a failed check: every
// check runs and reports, so one broken thing does not hide the next.
import { existsSync } from 'node:fs';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { openDb, closeDb } from '../db/open.js';
import { pendingMigrations } from '../db/migrations.js';
import { ledgerMismatches } from '../db/stock.js';
import { isUserError } from '../core/errors.js';
import { configPath, databasePath } from './workspace.js';
import { checkChannel } from './channel-check.js';
import type { GlobalOptions } from '../cli/output.js';

export interface Check {
  name: string;
  status: 'pass' | 'fail' | 'warn';
  message: string;
  hint?: string;
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
  if (!existsSync(dbFile)) {
    checks.push({ name: 'database', status: 'fail', message: `${dbFile} does not exist`, hint: 'Run `omni init` in the config folder.' });
  } else {
    const db = openDb(dbFile, { migrate: false });
    try {
      const pending = pendingMigrations(db);
      checks.push(pending.length === 0
        ? { name: 'database migrations', status: 'pass', message: 'up to date' }
        : { name: 'database migrations', status: 'warn', message: `${pending.length} pending`, hint: 'Any writing command applies them; or run `omni init`.' });
      const integrity = (db.$client.pragma('integrity_check') as { integrity_check: string }[])[0]?.integrity_check;
      checks.push(integrity === 'ok'
        ? { name: 'database integrity', status: 'pass', message: 'ok' }
        : { name: 'database integrity', status: 'fail', message: String(integrity), hint: 'Restore the last backup of the database file.' });
      if (pending.length === 0) {
        const bad = ledgerMismatches(db);
        checks.push(bad.length === 0
          ? { name: 'stock ledger', status: 'pass', message: 'on-hand equals the ledger everywhere' }
          : { name: 'stock ledger', status: 'fail', message: `${bad.length} on-hand figure(s) differ from the ledger, e.g. ${bad[0]!.sku} at ${bad[0]!.location}`, hint: 'Please report this: it should never happen.' });
      }
    } finally { closeDb(db); }
  }

  for (const [name, channel] of Object.entries(loaded.config.channels)) {
    if (!channel.enabled) { checks.push({ name: `channel ${name}`, status: 'warn', message: 'disabled (enabled: false)' }); continue; }
    checks.push(await checkChannel(loaded.config, loaded.dir, name));
  }
  return checks;
}
