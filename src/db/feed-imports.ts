// The last accepted import of each feed (`supplier:acme`, `pos:till`): what the breakers compare a
// new file with.
import { eq } from 'drizzle-orm';
import type { Db } from './open.js';
import { feedImports } from './schema.js';
import type { FeedFacts } from '../core/breakers.js';

export function lastFeedImport(db: Db, feed: string): (FeedFacts & { importedAt: string }) | undefined {
  const r = db.select().from(feedImports).where(eq(feedImports.feed, feed)).get();
  return r ? { rows: r.rows, header: r.header, importedAt: r.importedAt } : undefined;
}

export function recordFeedImport(db: Db, feed: string, facts: FeedFacts, now: Date, runId: number | null = null): void {
  const row = { feed, rows: facts.rows, header: facts.header, runId, importedAt: now.toISOString() };
  db.insert(feedImports).values(row).onConflictDoUpdate({ target: feedImports.feed, set: row }).run();
}

/** Items of a supplier's feed with stock above zero (before an import). */
export function stockedSupplierItems(db: Db, supplier: string): number {
  return db.$client.prepare('SELECT count(*) FROM supplier_items WHERE supplier = ? AND stock > 0').pluck().get(supplier) as number;
}

/** For a POS count export: how many skus at `location` are in stock, and how many of them the counts set to zero. */
export function zeroedByCounts(db: Db, location: string, counts: readonly { sku: string; location: string; quantity: number }[]): { stocked: number; zeroed: number } {
  const c = db.$client;
  const stocked = c.prepare('SELECT count(*) FROM stock_levels WHERE location = ? AND on_hand > 0').pluck().get(location) as number;
  const level = c.prepare('SELECT on_hand FROM stock_levels WHERE sku = ? AND location = ?').pluck();
  let zeroed = 0;
  for (const x of counts) if (x.location === location && x.quantity === 0 && ((level.get(x.sku, location) as number | undefined) ?? 0) > 0) zeroed++;
  return { stocked, zeroed };
}
