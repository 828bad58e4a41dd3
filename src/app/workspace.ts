// A workspace is a config file and the master it names. Commands open it through here so the
// config rules, the migrations and the writer lock are applied the same way everywhere.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { configLine, loadConfig, type LoadedConfig } from '../config/load.js';
import { openDb, closeDb, type Db } from '../db/open.js';
import { syncLocations } from '../db/locations.js';
import { acquireWriterLock, type WriterLock } from '../db/lock.js';
import { isPostgresUrl, redactUrl, urlPassword } from '../db/pg/url.js';
import { pgClient } from '../db/open.js';
import { acquireScopeLocks } from '../db/pg/scope-lock.js';
import { redactor } from '../config/redact.js';
import type { GlobalOptions } from '../cli/output.js';
import { usageError } from '../core/errors.js';

export interface Workspace extends LoadedConfig {
  db: Db;
  dbFile: string;
  close(): void;
}

export function configPath(g: GlobalOptions): string {
  return path.resolve(g.config ?? process.env.OMNI_CONFIG ?? 'config.yaml');
}

/**
 * The master: a SQLite file path, or a PostgreSQL URL (--db, OMNI_DB, OMNI_DATABASE_URL or
 * `database:`, first set wins). A URL's password is registered with the redactor at once.
 */
export function databasePath(loaded: LoadedConfig, g: GlobalOptions): string {
  const chosen = g.db ?? process.env.OMNI_DB ?? process.env.OMNI_DATABASE_URL;
  const target = chosen ?? loaded.config.database;
  if (isPostgresUrl(target)) {
    redactor.add(urlPassword(target));
    return target.trim();
  }
  return chosen ? path.resolve(chosen) : path.resolve(loaded.dir, loaded.config.database);
}

/** The master as shown to people: a path, or a URL without its password. */
export function databaseLabel(dbFile: string): string {
  return isPostgresUrl(dbFile) ? redactUrl(dbFile) : dbFile;
}

export interface OpenWorkspaceOptions {
  /** Take the writer lock for the life of the workspace (any command that writes). */
  write?: boolean;
  /** Shown as the lock holder's command to a process that has to wait. */
  command?: string;
  onWait?: (holder: { pid: number; command: string; since: string }) => void;
  /**
   * On PostgreSQL, what this command writes: it waits only for writers of the same scope
   * ('channel:NAME', 'job:NAME'); the default is the whole master ('master'). SQLite has one writer.
   */
  scopes?: (loaded: LoadedConfig) => string[];
}

export async function openWorkspace(g: GlobalOptions, opts: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const loaded = loadConfig(configPath(g), process.env, { deferChannelSecrets: true });
  const dbFile = databasePath(loaded, g);
  if (isPostgresUrl(dbFile)) return openPgWorkspace(loaded, dbFile, opts);
  // Only `init` and `demo` make a master: a typo in --db or `database:` would otherwise show an
  // empty shop ("No stock booked yet"), or worse, book the next sale into a new empty master.
  if (!existsSync(dbFile)) {
    const from = g.db ? 'the --db path' : process.env.OMNI_DB ? 'OMNI_DB' : `\`database:\` at ${configLine(loaded.config, ['database'])}`;
    throw usageError(`No omni database at ${dbFile}.`, `Check ${from}; \`omni init\` in the config's folder creates a new master.`);
  }
  let lock: WriterLock | undefined;
  if (opts.write) {
    lock = await acquireWriterLock(dbFile, {
      timeoutMs: loaded.config.lock_timeout_seconds * 1000,
      command: opts.command ?? 'omni',
      ...(opts.onWait ? { onWait: opts.onWait } : {}),
    });
  }
  try {
    const db = openDb(dbFile);
    syncLocations(db, loaded.config.locations);
    return { ...loaded, db, dbFile, close: () => { closeDb(db); lock?.release(); } };
  } catch (e) {
    lock?.release();
    throw e;
  }
}

/** A PostgreSQL master: the server holds the data, so the lock is per scope and the file checks go. */
async function openPgWorkspace(loaded: LoadedConfig, url: string, opts: OpenWorkspaceOptions): Promise<Workspace> {
  const db = openDb(url);
  let lock: WriterLock | undefined;
  try {
    if (opts.write) {
      lock = await acquireScopeLocks(pgClient(db)!, opts.scopes?.(loaded) ?? ['master'], {
        timeoutMs: loaded.config.lock_timeout_seconds * 1000,
        command: opts.command ?? 'omni',
        ...(opts.onWait ? { onWait: opts.onWait } : {}),
      });
    }
    syncLocations(db, loaded.config.locations);
    return { ...loaded, db, dbFile: url, close: () => { lock?.release(); closeDb(db); } };
  } catch (e) {
    lock?.release();
    closeDb(db);
    throw e;
  }
}
