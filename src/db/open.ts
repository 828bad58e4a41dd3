// Opening the master: one SQLite file in WAL mode, foreign keys on, migrations applied on start.
// Only `init` and `demo` make a new one (`create`): anywhere else a missing file is a typo to
// report, not an empty shop to start. A file that is not omni's, or is damaged, is said so.
import path from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { packageRoot } from '../package-root.js';
import { UserError, usageError } from '../core/errors.js';
import { hasSqliteHeader, isDamageError, unusableDatabase } from './damage.js';
import { isPostgresUrl } from './pg/url.js';
import { assertOmniPg, connectPg, migratePg } from './pg/open-pg.js';
import type { PgDatabase } from './pg/client.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenOptions {
  /** Apply pending migrations (default true). `doctor` opens without, to report them. */
  migrate?: boolean;
  readonly?: boolean;
  /** Make a new master when the file is missing (only `init` and `demo`). */
  create?: boolean;
}

export function migrationsFolder(): string {
  return path.join(packageRoot(), 'migrations');
}

/** The master this process opened last: a damage error surfacing mid-command names it. */
let lastOpened: string | undefined;

/**
 * `file` is a SQLite file, or a PostgreSQL URL (postgres://…): the same Db either way, so nothing
 * above src/db knows which engine it talks to.
 */
export function openDb(file: string, opts: OpenOptions = {}): Db {
  if (isPostgresUrl(file)) return openPg(file, opts);
  const memory = file === ':memory:';
  if (!memory && !opts.create && !existsSync(file)) {
    throw usageError(`No omni database at ${path.resolve(file)}.`, 'Check the path (--db, OMNI_DB or `database:` in config.yaml); `omni init` creates a new master.');
  }
  if (!memory) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: !opts.create });
  } catch (e) {
    throw new UserError(`Cannot open the database ${file}: ${(e as Error).message}`, {
      hint: 'Check the path (`database:` in config.yaml or --db) and that you may write there. `omni init` creates it.',
    });
  }
  if (!memory) lastOpened = path.resolve(file);
  try {
    // Readers never wait for the writer in WAL; the writer lock (db/lock.ts) orders writers.
    if (!opts.readonly) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    if (!memory) assertOmniDatabase(sqlite, path.resolve(file), opts.create ?? false);
    const db = drizzle(sqlite, { schema }) as Db;
    if (opts.migrate ?? true) migrate(db, { migrationsFolder: migrationsFolder() });
    return db;
  } catch (e) {
    sqlite.close();
    throw asDamage(e) ?? e;
  }
}

function openPg(url: string, opts: OpenOptions): Db {
  const client = connectPg(url);
  try {
    assertOmniPg(client, opts.create ?? false);
    if (opts.migrate ?? true) migratePg(client);
    return drizzle(client as unknown as Database.Database, { schema }) as Db;
  } catch (e) {
    client.close();
    throw e;
  }
}

/** The PostgreSQL client behind `db`, or undefined for SQLite: for the few engine-specific statements. */
export function pgClient(db: Db): PgDatabase | undefined {
  const c = db.$client as unknown as { engine?: string };
  return c.engine === 'postgres' ? (c as unknown as PgDatabase) : undefined;
}

export function isPostgres(db: Db): boolean {
  return pgClient(db) !== undefined;
}

/**
 * A SQLite file with tables but without omni's migration journal belongs to something else:
 * migrating it would write omni's tables into another program's data.
 */
function assertOmniDatabase(sqlite: Database.Database, file: string, create: boolean): void {
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  if (tables.length === 0 && create) return;
  if (tables.length === 0) throw unusableDatabase(file, 'not-omni', 'it is empty');
  if (!tables.includes('__drizzle_migrations')) throw unusableDatabase(file, 'not-omni', `it holds other tables: ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}`);
}

/** A SQLite "corrupt" or "not a database" error as the person-facing message, else undefined. */
export function asDamage(e: unknown, file = lastOpened): UserError | undefined {
  if (!isDamageError(e) || !file) return undefined;
  const foreign = (e as { code: string }).code.startsWith('SQLITE_NOTADB') && !hasSqliteHeader(file);
  return unusableDatabase(file, foreign ? 'not-omni' : 'damaged', (e as Error).message);
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}
