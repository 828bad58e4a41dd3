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
