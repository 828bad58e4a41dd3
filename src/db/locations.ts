// Locations are declared in config.yaml and mirrored into the master, so the ledger can
// reference them. A location removed from config is kept (its history stays explained).
import { asc, eq } from 'drizzle-orm';
import { ExitCode, UserError } from '../core/errors.js';
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

/**
 * A location counted by a channel or supplier (FBA, dropship) takes its number from them at every
 * sync or import: a move into or out of it by hand would be overwritten and the units lost without
 * a trace. Refused (exit 2) with what to do instead. `action` reads "an adjustment at" / "a count at" / "a transfer
 * into" / "a transfer out of" / "a return into" / "a receipt into".
 */
export function assertOwnedLocation(db: Db, code: string, action: string): void {
  const loc = db.select().from(locations).where(eq(locations.code, code)).get();
  if (!loc?.managedBy) return; // an unknown location is the ledger's to report
  const supplier = db.$client.prepare('SELECT code FROM suppliers WHERE dropship_location = ?').pluck().get(code) as string | undefined;
  const owner = loc.managedBy;
  const hint = supplier || db.$client.prepare('SELECT 1 FROM suppliers WHERE code = ?').get(owner)
    ? `The supplier's feed sets it: import it with \`omni import supplier ${supplier ?? owner}\`.`
    : action.includes('out of')
      ? `Ask ${owner} to send the units back (a removal order); when they arrive, book them in where they land, e.g. \`omni stock adjust SKU +N -l warehouse -r "back from ${owner}"\`. ${owner}'s count at the next sync takes them off ${code}.`
      : `Ship the units in at ${owner} (e.g. an inbound shipment) and book them out of where they leave, e.g. \`omni stock adjust SKU -N -l warehouse -r "sent to ${owner}"\`. The next \`omni sync --channel ${owner}\` books ${owner}'s count at ${code}.`;
  throw new UserError(`${code} is counted by ${owner}: omni takes its number from ${owner} at every sync, so ${action} ${code} by hand would be overwritten and the units lost. Nothing was changed.`,
    { exitCode: ExitCode.usage, hint });
}
