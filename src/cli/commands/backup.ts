import path from 'node:path';
import { Output, type GlobalOptions } from '../output.js';
import { openWorkspace, configPath } from '../../app/workspace.js';
import { loadConfig } from '../../config/load.js';
import { assertBackupEngine, backupMaster, defaultBackupDir } from '../../db/backup.js';
import { usageError } from '../../core/errors.js';

export async function run(_a: unknown[], o: { to?: string; keep?: string }, g: GlobalOptions): Promise<number> {
  const keep = Number(o.keep ?? '7');
  if (!Number.isInteger(keep) || keep < 1 || keep > 10_000) throw usageError(`--keep must be a whole number from 1; got "${o.keep}".`, 'Example: `omni backup --keep 14`.');
  assertBackupEngine(loadConfig(configPath(g), process.env, { deferChannelSecrets: true }).config.database);
  // No writer lock: SQLite's online backup copies a consistent state while other omni runs write.
  const ws = await openWorkspace(g);
  try {
    const dir = o.to ? path.resolve(o.to) : defaultBackupDir(ws.dbFile);
    const r = await backupMaster(ws.db, ws.dbFile, { dir, keep, now: new Date() });
    new Output(g).result('backup', r, () => `Backed up ${ws.dbFile} to ${r.file} (${Math.ceil(r.bytes / 1024)} KB, checked).`
      + ` ${r.kept.length} backup(s) kept${r.removed.length ? `, ${r.removed.length} older one(s) removed` : ''}.`
      + `\nTo restore: stop omni's jobs, copy the backup over ${ws.dbFile}, run \`omni doctor\`.`);
  } finally { ws.close(); }
  return 0;
}
