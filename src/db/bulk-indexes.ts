// Secondary indexes set aside while an import adds many rows, and built again from their own SQL
// before it commits. Seeding a catalog from a 1M-row feed inserted each product's barcode at a
// random place in `products_barcode` (a catalog sorted by sku is not sorted by barcode): with the
// index kept, the products insert took 3/4 of the import; building it once from sorted keys at
// the end is a fraction of that. Only plain (non-unique) indexes are set aside: unique ones and
// primary keys enforce rules the import relies on; and only indexes with random keys: building
// one (a scan of the whole table) costs more than appending to it row by row. Everything happens inside the import's
// transaction, so a rollback brings the indexes back as they were.
import { pgClient, type Db } from './open.js';
import { SMALL_PAGE_CACHE_KIB, withPageCache } from './page-cache.js';

export interface SetAside {
  /** The indexes set aside, by name. */
  readonly names: readonly string[];
  /** Builds them again (call before the commit). */
  restore(): void;
}

/**
 * Drops the named plain indexes (those that exist) and returns how to build them again. Must run
 * inside a transaction. Worth it only for an index whose keys arrive in random order: one that
 * grows at its end (a key that rises with the rowid) costs less kept than rebuilt.
 */
export function setIndexesAside(db: Db, names: readonly string[]): SetAside {
  const c = db.$client;
  if (!c.inTransaction) throw new Error('setIndexesAside needs a transaction');
  // PostgreSQL keeps an index's definition in pg_indexes (its DROP locks the table until the commit).
  const find = pgClient(db)
    ? c.prepare(`SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?`)
    : c.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name = ? AND sql IS NOT NULL`);
  const indexes = names.map((n) => find.get(n) as { name: string; sql: string } | undefined)
    .filter((i): i is { name: string; sql: string } => i !== undefined && !/^\s*CREATE\s+UNIQUE\b/i.test(i.sql));
  for (const i of indexes) c.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  const build = () => { for (const i of indexes) c.exec(i.sql); };
  return {
    names: indexes.map((i) => i.name),
    // SQLite sorts an index's keys in memory up to the page cache's size (an import's 16 MB)
    // before it spills sorted runs to a temporary file: with a small cache for the builds, a 1M
    // seed's peak RSS (at its end) fell from 167–170 to 147–150 MB, for a few more runs to merge.
    restore: () => withPageCache(db, SMALL_PAGE_CACHE_KIB, build),
  };
}

/** The highest rowid of `table` (0 when empty): a cheap upper bound of its row count. */
export function maxRowid(db: Db, table: string): number {
  return (db.$client.prepare(`SELECT max(rowid) FROM "${table.replace(/"/g, '""')}"`).pluck().get() as number | null) ?? 0;
}
