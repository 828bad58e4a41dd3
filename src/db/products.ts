// Products in the master.
import { asc, eq, like, or } from 'drizzle-orm';
import { isPostgres, type Db } from './open.js';
import { products } from './schema.js';
import { PRODUCT_COLS, type ProductImage } from './run-ledger.js';
import { contentHash } from '../core/content-hash.js';
import { usageError } from '../core/errors.js';
import { isSaneMoney, isSaneQuantity, moneyProblem, quantityProblem } from '../core/bounds.js';
import { capText, cleanOptionalText, skuProblem } from '../core/text.js';

export type Product = typeof products.$inferSelect;

/** What to write; on an update, undefined fields keep their value (null clears). */
export interface ProductInput {
  sku: string;
  /** Required to create a product. */
  title?: string | undefined;
  description?: string | null | undefined;
  brand?: string | null | undefined;
  barcode?: string | null | undefined;
  priceMinor?: number | null | undefined;
  costMinor?: number | null | undefined;
  currency: string;
  attributes?: Record<string, unknown> | undefined;
  reorderPoint?: number | null | undefined;
  reorderQty?: number | null | undefined;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export function getProduct(db: Db, sku: string): Product | undefined {
  return db.select().from(products).where(eq(products.sku, sku)).get();
}

export function listProducts(db: Db, opts: { search?: string; limit?: number } = {}): Product[] {
  const q = db.select().from(products);
  const filtered = opts.search
    ? q.where(or(like(products.sku, `%${opts.search}%`), like(products.title, `%${opts.search}%`), eq(products.barcode, opts.search)))
    : q;
  return filtered.orderBy(asc(products.sku)).limit(opts.limit ?? 10_000).all();
}

/**
 * Insert or update one product; reports whether anything changed so re-imports are no-ops. On an
 * update a field left undefined keeps its value: `products add SKU -p 9.90` or a CSV without a
 * barcode column must not wipe the barcode supplier matching relies on.
 */
export function upsertProduct(db: Db, input: ProductInput): UpsertOutcome {
  const p = checkedProduct(input);
  const existing = getProduct(db, p.sku);
  const { row, same } = mergeProduct(p, existing);
  if (!existing) {
    db.insert(products).values(row).run();
    return 'created';
  }
  if (same) return 'unchanged';
  db.update(products).set({ ...row, updatedAt: new Date().toISOString() }).where(eq(products.sku, p.sku)).run();
  return 'updated';
}

type ProductRow = Omit<Product, 'archived' | 'createdAt' | 'updatedAt'>;

/** The row to write for `p` over `existing` (undefined fields keep their value), and whether it changes nothing. */
function mergeProduct(p: ProductInput, existing: Product | undefined): { row: ProductRow; same: boolean } {
  const keep = <T>(given: T | undefined, old: T | null | undefined): T | null => (given === undefined ? old ?? null : given);
  const attributes = p.attributes ?? (existing ? JSON.parse(existing.attributes) as Record<string, unknown> : {});
  const merged = {
    title: p.title ?? existing?.title ?? p.sku,
    description: keep(p.description, existing?.description), brand: keep(p.brand, existing?.brand),
    barcode: keep(p.barcode, existing?.barcode), priceMinor: keep(p.priceMinor, existing?.priceMinor),
    costMinor: keep(p.costMinor, existing?.costMinor), reorderPoint: keep(p.reorderPoint, existing?.reorderPoint),
    reorderQty: keep(p.reorderQty, existing?.reorderQty),
  };
  const row: ProductRow = {
    sku: p.sku, ...merged, currency: p.currency, attributes: JSON.stringify(attributes),
    contentHash: contentHash({ title: merged.title, description: merged.description, brand: merged.brand, attributes }),
  };
  const same = existing !== undefined && (Object.keys(row) as (keyof ProductRow)[]).every((k) => existing[k] === row[k]);
  return { row, same };
}

/**
 * upsertProduct for many rows (an import of a whole catalog): the same rules through prepared
 * statements, without building a query per row. `lookup` reads a product once for both the
 * import's duplicate check and the upsert that follows it (on PostgreSQL every read is a round
 * trip), and hands `beforeWrite` the row as it was.
 */
export function productUpserter(db: Db, beforeWrite?: (sku: string, before: ProductImage | null) => void) {
  const c = db.$client;
  const COLS = 'sku, title, description, brand, barcode, price_minor, cost_minor, currency, attributes, content_hash, reorder_point, reorder_qty';
  // rowid, then COLS, then archived: rows 2..13 are the undo image's columns in PRODUCT_COLS order.
  const get = c.prepare(`SELECT rowid, ${COLS}, archived, created_at, updated_at FROM products WHERE sku = ?`).raw();
  // PostgreSQL numbers the explicit rowid column (schema-pg.ts) and says which number it gave.
  const insert = c.prepare(`INSERT INTO products (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)${isPostgres(db) ? ' RETURNING rowid' : ''}`);
  const update = c.prepare(`UPDATE products SET title = ?, description = ?, brand = ?, barcode = ?, price_minor = ?, cost_minor = ?, currency = ?,
    attributes = ?, content_hash = ?, reorder_point = ?, reorder_qty = ?, updated_at = ? WHERE rowid = ?`);
  /** The last product looked up (its sku and row), for the upsert of the same sku that follows. */
  let looked: { sku: string; row: unknown[] | undefined } | undefined;
  const read = (sku: string): unknown[] | undefined => {
    if (looked?.sku === sku) return looked.row;
    const row = get.get(sku) as unknown[] | undefined;
    looked = { sku, row };
    return row;
  };
  return {
    /** The product's rowid, or undefined; its row is kept for an upsert of the same sku next. */
    lookup(sku: string): number | undefined { return read(sku)?.[0] as number | undefined; },
    upsert(input: ProductInput, now: string): { outcome: UpsertOutcome; rowid: number } {
      const p = checkedProduct(input);
      const r = read(p.sku);
      looked = undefined; // written below: a later lookup reads afresh
      const existing: Product | undefined = r && {
        sku: r[1] as string, title: r[2] as string, description: r[3] as string | null, brand: r[4] as string | null, barcode: r[5] as string | null,
        priceMinor: r[6] as number | null, costMinor: r[7] as number | null, currency: r[8] as string, attributes: r[9] as string, contentHash: r[10] as string,
        reorderPoint: r[11] as number | null, reorderQty: r[12] as number | null, archived: r[13] === 1, createdAt: r[14] as string, updatedAt: r[15] as string,
      };
      const { row: w, same } = mergeProduct(p, existing);
      if (!same && beforeWrite) beforeWrite(p.sku, r ? Object.fromEntries(PRODUCT_COLS.map((k, i) => [k, r[i + 2]])) as ProductImage : null);
      if (!existing) {
        const info = insert.run(w.sku, w.title, w.description, w.brand, w.barcode, w.priceMinor, w.costMinor, w.currency, w.attributes, w.contentHash, w.reorderPoint, w.reorderQty);
        return { outcome: 'created', rowid: Number(info.lastInsertRowid) };
      }
      const rowid = r![0] as number;
      if (same) return { outcome: 'unchanged', rowid };
      update.run(w.title, w.description, w.brand, w.barcode, w.priceMinor, w.costMinor, w.currency, w.attributes, w.contentHash, w.reorderPoint, w.reorderQty, now, rowid);
      return { outcome: 'updated', rowid };
    },
  };
}

/**
 * The last line of defence for what every way in (CLI, imports, channel pulls) checks with its own
 * file:row:column: no control character in a sku, none but tab and newline in text, no number
 * beyond the sane bounds (core/bounds.ts).
 */
function checkedProduct(p: ProductInput): ProductInput {
  const bad = skuProblem(p.sku);
  if (bad || p.sku === '') throw usageError(`The sku "${capText(p.sku, 60)}" ${bad ?? 'is empty'}.`, 'Nothing was changed.');
  for (const [field, v] of [['price', p.priceMinor], ['cost', p.costMinor]] as const) {
    if (typeof v === 'number' && !isSaneMoney(v)) throw usageError(`The ${field} of ${p.sku} (${v} minor units) ${moneyProblem(v)}.`, 'Nothing was changed.');
  }
  for (const [field, v] of [['reorder point', p.reorderPoint], ['reorder quantity', p.reorderQty]] as const) {
    if (typeof v === 'number' && !isSaneQuantity(v)) throw usageError(`The ${field} of ${p.sku} (${v}) ${quantityProblem(v)}.`, 'Nothing was changed.');
  }
  return {
    ...p, title: cleanOptionalText(p.title), description: cleanOptionalText(p.description),
    brand: cleanOptionalText(p.brand), barcode: cleanOptionalText(p.barcode),
  };
}
