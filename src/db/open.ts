// Opening the master: one SQLite file in WAL mode, foreign keys on, migrations applied on start.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { packageRoot } from '../package-root.js';
import { UserError } from '../core/errors.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenOptions {
  /** Apply pending migrations (default true). `doctor` opens without, to report them. */
  migrate?: boolean;
  readonly?: boolean;
}

export function migrationsFolder(): string {
  return path.join(packageRoot(), 'migrations');
}

export function openDb(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (e) {
    throw new UserError(`Cannot open the database ${file}: ${(e as Error).message}`, {
      hint: 'Check the path (`database:` in config.yaml or --db) and that you may write there. `omni init` creates it.',
    });
  }
  // Readers never wait for the writer in WAL; the writer lock (db/lock.ts) orders writers.
  if (!opts.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema }) as Db;
  if (opts.migrate ?? true) migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}
