// Reading stock: on-hand per (sku, location), and the ledger's own sum for checks.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from './open.js';
import { stockLevels, stockMovements, products } from './schema.js';

export interface LevelRow {
  sku: string;
  location: string;
  onHand: number;
}

export function levelsForSku(db: Db, sku: string): LevelRow[] {
  return db.select({ sku: stockLevels.sku, location: stockLevels.location, onHand: stockLevels.onHand })
    .from(stockLevels).where(eq(stockLevels.sku, sku)).orderBy(asc(stockLevels.location)).all();
}

export function allLevels(db: Db): LevelRow[] {
  return db.select({ sku: stockLevels.sku, location: stockLevels.location, onHand: stockLevels.onHand })
    .from(stockLevels).orderBy(asc(stockLevels.sku), asc(stockLevels.location)).all();
}

/** The ledger summed per (sku, location): what on-hand must equal. Used by checks and tests. */
export function ledgerSums(db: Db): LevelRow[] {
  return db.select({
    sku: stockMovements.sku, location: stockMovements.location,
    onHand: sql<number>`cast(sum(${stockMovements.delta}) as integer)`,
  }).from(stockMovements).groupBy(stockMovements.sku, stockMovements.location)
    .orderBy(asc(stockMovements.sku), asc(stockMovements.location)).all();
}

/** Rows where the materialised on-hand disagrees with the ledger (should always be empty). */
export function ledgerMismatches(db: Db): { sku: string; location: string; onHand: number; ledger: number }[] {
  return db.$client.prepare(`
    SELECT l.sku, l.location, l.on_hand AS onHand, COALESCE(m.total, 0) AS ledger
    FROM stock_levels l
    LEFT JOIN (SELECT sku, location, SUM(delta) AS total FROM stock_movements GROUP BY sku, location) m
      ON m.sku = l.sku AND m.location = l.location
    WHERE l.on_hand <> COALESCE(m.total, 0)`).all() as { sku: string; location: string; onHand: number; ledger: number }[];
}

export interface LowStockRow {
  sku: string;
  title: string;
  total: number;
  reorderPoint: number;
  reorderQty: number | null;
}

/** Products whose total on-hand (all locations) is at or below their reorder point. */
export function lowStock(db: Db, defaultReorderPoint: number): LowStockRow[] {
  return db.select({
    sku: products.sku, title: products.title,
    total: sql<number>`cast(coalesce(sum(${stockLevels.onHand}), 0) as integer)`,
    reorderPoint: sql<number>`coalesce(${products.reorderPoint}, ${defaultReorderPoint})`,
    reorderQty: products.reorderQty,
  }).from(products)
    .leftJoin(stockLevels, eq(stockLevels.sku, products.sku))
    // A bundle holds no stock of its own: its components are what get reordered.
    .where(sql`${products.archived} = 0 AND ${products.sku} NOT IN (SELECT bundle_sku FROM bundle_components)`)
    .groupBy(products.sku)
    .having(sql`coalesce(sum(${stockLevels.onHand}), 0) <= coalesce(${products.reorderPoint}, ${defaultReorderPoint})`)
    .orderBy(asc(products.sku)).all();
}
