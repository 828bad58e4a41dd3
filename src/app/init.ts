// `omni init`: a config.yaml from the documented example, and the database with its migrations.
// Idempotent: a second run changes nothing and says so.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { loadConfig } from '../config/load.js';
import { openDb, closeDb } from '../db/open.js';
import { pendingMigrations, shippedMigrationCount as pendingCount } from '../db/migrations.js';
import { syncLocations } from '../db/locations.js';
import { isPostgresUrl, redactUrl } from '../db/pg/url.js';
import { databasePath } from './workspace.js';
import { loadWorkspaceEnv } from './schedule/env-file.js';

export interface InitResult {
  dir: string;
  config: { path: string; written: boolean };
  database: { path: string; created: boolean; migrationsApplied: number };
}

export function initWorkspace(dir: string, opts: { force?: boolean } = {}): InitResult {
  const abs = path.resolve(dir);
  mkdirSync(abs, { recursive: true }); // `omni init ~/shop` creates the folder
  const configFile = path.join(abs, 'config.yaml');
  const writeConfig = opts.force || !existsSync(configFile);
  if (writeConfig) copyFileSync(path.join(packageRoot(), 'config.example.yaml'), configFile);

  // The `database:` URL may take its password from omni.env, as every other command reads it.
  loadWorkspaceEnv(configFile);
  const loaded = loadConfig(configFile);
  // A PostgreSQL master lives in a database the server already has (CREATE DATABASE omni): init
  // creates omni's tables in it.
  const pg = isPostgresUrl(loaded.config.database) || isPostgresUrl(process.env.OMNI_DATABASE_URL);
  const dbFile = pg ? databasePath(loaded, {}) : path.resolve(loaded.dir, loaded.config.database);
  const db = openDb(dbFile, { migrate: false, create: true });
  const pending = pendingMigrations(db).length;
  const created = pg ? pending > 0 && pending === pendingCount() : !existsSync(dbFile);
  closeDb(db);
  const migrated = openDb(dbFile, { create: true });
  syncLocations(migrated, loaded.config.locations);
  closeDb(migrated);
  return { dir: abs, config: { path: configFile, written: writeConfig }, database: { path: pg ? redactUrl(dbFile) : dbFile, created, migrationsApplied: pending } };
}
