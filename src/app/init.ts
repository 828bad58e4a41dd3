// `omni init`: a config.yaml from the documented example, and the database with its migrations.
// Idempotent: a second run changes nothing and says so.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { loadConfig } from '../config/load.js';
import { openDb, closeDb } from '../db/open.js';
import { pendingMigrations } from '../db/migrations.js';
import { syncLocations } from '../db/locations.js';

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

  const loaded = loadConfig(configFile);
  const dbFile = path.resolve(loaded.dir, loaded.config.database);
  const created = !existsSync(dbFile);
  const db = openDb(dbFile, { migrate: false, create: true });
  const pending = pendingMigrations(db).length;
  closeDb(db);
  const migrated = openDb(dbFile, { create: true });
  syncLocations(migrated, loaded.config.locations);
  closeDb(migrated);
  return { dir: abs, config: { path: configFile, written: writeConfig }, database: { path: dbFile, created, migrationsApplied: pending } };
}
