// Which of the shipped migrations a database has not applied yet (for `init` and `doctor`).
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Db } from './open.js';
import { migrationsFolder, pgClient } from './open.js';
import { pendingPgMigrations, pgMigrationsFolder } from './pg/open-pg.js';

export function pendingMigrations(db: Db): string[] {
  const pg = pgClient(db);
  if (pg) return pendingPgMigrations(pg);
  const shipped = readMigrationFiles({ migrationsFolder: migrationsFolder() });
  const hasTable = db.$client.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'`).get();
  const applied = hasTable
    ? new Set((db.$client.prepare('SELECT created_at FROM __drizzle_migrations').all() as { created_at: number }[]).map((r) => Number(r.created_at)))
    : new Set<number>();
  return shipped.filter((m) => !applied.has(m.folderMillis)).map((m) => m.hash.slice(0, 12));
}

/** How many PostgreSQL migrations omni ships (all pending means a database omni never touched). */
export function shippedMigrationCount(): number {
  return readMigrationFiles({ migrationsFolder: pgMigrationsFolder() }).length;
}
