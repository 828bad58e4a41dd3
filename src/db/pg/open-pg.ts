// Opening a PostgreSQL master: one connection (pg/bridge.ts), omni's tables checked, the
// PostgreSQL migrations (migrations-pg/, generated from the same schema) applied under an advisory
// lock so several runners starting at once migrate once.
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PgDatabase } from './client.js';
import { redactUrl, scrubPassword } from './url.js';
import { packageRoot } from '../../package-root.js';
import { UserError, ExitCode } from '../../core/errors.js';

export function pgMigrationsFolder(): string {
  return path.join(packageRoot(), 'migrations-pg');
}

/** A fixed key for the migration lock: any bigint; no other omni lock uses it. */
const MIGRATION_LOCK = 7_212_345_678;

export function connectPg(url: string): PgDatabase {
  const client = new PgDatabase(url, redactUrl(url));
  try {
    client.native('SELECT 1');
  } catch (e) {
    client.close();
    throw new UserError(`Cannot reach the PostgreSQL database ${redactUrl(url)}: ${scrubPassword((e as Error).message, url)}`, {
      exitCode: ExitCode.usage,
      hint: 'Check the host, port, database name and user in `database:` (or OMNI_DATABASE_URL), that the server runs, and that the password is set (omni.env).',
    });
  }
  return client;
}

export function pgTables(client: PgDatabase): string[] {
  return (client.native(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`).rows ?? []).map((r) => String(r[0]));
}

export function assertOmniPg(client: PgDatabase, create: boolean): void {
  const tables = pgTables(client);
  if (tables.length === 0 && create) return;
  if (tables.length === 0) {
    throw new UserError(`The PostgreSQL database ${client.name} is empty: it is not an omni master yet.`, {
      exitCode: ExitCode.usage,
      hint: 'Run `omni init` with this `database:` to create omni\'s tables there, or `omni db copy --to` it from a SQLite master.',
    });
  }
  if (!tables.includes('__drizzle_migrations')) {
    throw new UserError(`The PostgreSQL database ${client.name} holds other tables (${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}), not omni's.`, {
      exitCode: ExitCode.usage,
      hint: 'Give omni a database of its own (CREATE DATABASE omni), so it never writes into another program\'s data.',
    });
  }
}

function appliedMigrations(client: PgDatabase): Set<number> {
  const has = client.native(`SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = '__drizzle_migrations'`).rows?.length;
  if (!has) return new Set();
  return new Set((client.native('SELECT created_at FROM "__drizzle_migrations"').rows ?? []).map((r) => Number(r[0])));
}

export function pendingPgMigrations(client: PgDatabase): string[] {
  const applied = appliedMigrations(client);
  return readMigrationFiles({ migrationsFolder: pgMigrationsFolder() }).filter((m) => !applied.has(m.folderMillis)).map((m) => m.hash.slice(0, 12));
}

/** Applies the pending migrations in one transaction; a second runner waits, then finds none. */
export function migratePg(client: PgDatabase): number {
  const shipped = readMigrationFiles({ migrationsFolder: pgMigrationsFolder() });
  client.native('BEGIN');
  try {
    client.native('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    client.native(`CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
    const applied = appliedMigrations(client);
    let n = 0;
    for (const m of shipped) {
      if (applied.has(m.folderMillis)) continue;
      for (const stmt of m.sql) if (stmt.trim()) client.native(stmt);
      client.native('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES ($1, $2)', [m.hash, m.folderMillis]);
      n++;
    }
    client.native('COMMIT');
    return n;
  } catch (e) {
    if (client.inTransaction) client.native('ROLLBACK');
    throw e;
  }
}
