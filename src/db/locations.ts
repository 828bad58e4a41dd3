// Locations are declared in config.yaml and mirrored into the master, so the ledger can
// reference them. A location removed from config is kept (its history stays explained).
import { asc } from 'drizzle-orm';
import type { Db } from './open.js';
import { locations } from './schema.js';
import type { LocationConfig } from '../config/schema.js';

export type Location = typeof locations.$inferSelect;

export function syncLocations(db: Db, declared: readonly LocationConfig[]): void {
  db.transaction((tx) => {
    for (const l of declared) {
      const row = { code: l.code, name: l.name ?? l.code, kind: l.kind, managedBy: l.managed_by ?? null };
      tx.insert(locations).values(row).onConflictDoUpdate({ target: locations.code, set: row }).run();
    }
  });
}

export function listLocations(db: Db): Location[] {
  return db.select().from(locations).orderBy(asc(locations.code)).all();
}
