// Products in the master.
import { asc, eq, like, or } from 'drizzle-orm';
import { pgClient, type Db } from './open.js';
import { products } from './schema.js';
import { PRODUCT_COLS, type ProductChange, type ProductImage } from './run-ledger.js';
import { pgInsertProducts, pgProductFlags, pgReadProducts, pgUpdateProducts } from './pg/import-batch.js';
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

/** Keeps the rows of products about to change as they were (run-ledger.ts' productBeforeRecorder), a chunk at a time. */
export type BeforeWrites = (changes: readonly ProductChange[]) => void;

/** A stored product as the upserter reads it: rowid, then COLS, then archived, created_at, updated_at. */
export type StoredRow = unknown[];

/**
 * upsertProduct for many rows (an import of a whole catalog), a chunk of rows at a time: the same
 * rules through prepared statements on SQLite, through one read and a few writes per chunk on
 * PostgreSQL (pg/import-batch.ts; there every statement is a round trip). `lookup` reads the
 * chunk's products once for both the import's duplicate check and the upsert that follows it, and
 * `upsert` hands `beforeWrite` the rows as they were.
 */
export function productUpserter(db: Db, beforeWrite?: BeforeWrites) {
  const c = db.$client;
  const pg = pgClient(db);
  const COLS = 'sku, title, description, brand, barcode, price_minor, cost_minor, currency, attributes, content_hash, reorder_point, reorder_qty';
  // rowid, then COLS, then archived: rows 2..13 are the undo image's columns in PRODUCT_COLS order.
  const get = pg ? undefined : c.prepare(`SELECT rowid, ${COLS}, archived, created_at, updated_at FROM products WHERE sku = ?`).raw();
  const insert = pg ? undefined : c.prepare(`INSERT INTO products (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const update = pg ? undefined : c.prepare(`UPDATE products SET title = ?, description = ?, brand = ?, barcode = ?, price_minor = ?, cost_minor = ?, currency = ?,
    attributes = ?, content_hash = ?, reorder_point = ?, reorder_qty = ?, updated_at = ? WHERE rowid = ?`);
  return {
    /** Each sku's stored row, by sku (skus not stored are left out). */
    lookup(skus: readonly string[]): Map<string, StoredRow> {
      if (pg) return pgReadProducts(pg, skus);
      const found = new Map<string, StoredRow>();
      for (const sku of skus) {
        const r = get!.get(sku) as StoredRow | undefined;
        if (r) found.set(sku, r);
      }
      return found;
    },
    /**
     * Writes `inputs` (each sku once) over their rows as `lookup` read them, in order; the outcome
     * and rowid of each. The before-images go first, then the new products (their rowids in the
     * order given), then the changed ones.
     */
    upsert(inputs: readonly ProductInput[], stored: ReadonlyMap<string, StoredRow>, now: string): { outcome: UpsertOutcome; rowid: number }[] {
      const out: { outcome: UpsertOutcome; rowid: number }[] = new Array(inputs.length);
      const before: ProductChange[] = [];
      const created: { i: number; values: unknown[] }[] = [];
      const changed: unknown[][] = [];
      for (let i = 0; i < inputs.length; i++) {
        const p = checkedProduct(inputs[i]!);
        const r = stored.get(p.sku);
        const existing: Product | undefined = r && {
          sku: r[1] as string, title: r[2] as string, description: r[3] as string | null, brand: r[4] as string | null, barcode: r[5] as string | null,
          priceMinor: r[6] as number | null, costMinor: r[7] as number | null, currency: r[8] as string, attributes: r[9] as string, contentHash: r[10] as string,
          reorderPoint: r[11] as number | null, reorderQty: r[12] as number | null, archived: r[13] === 1, createdAt: r[14] as string, updatedAt: r[15] as string,
        };
        const { row: w, same } = mergeProduct(p, existing);
        if (!same && beforeWrite) before.push({ sku: p.sku, before: r ? Object.fromEntries(PRODUCT_COLS.map((k, j) => [k, r[j + 2]])) as ProductImage : null });
        const values = [w.sku, w.title, w.description, w.brand, w.barcode, w.priceMinor, w.costMinor, w.currency, w.attributes, w.contentHash, w.reorderPoint, w.reorderQty];
        if (!existing) { created.push({ i, values }); continue; }
        const rowid = r![0] as number;
        out[i] = { outcome: same ? 'unchanged' : 'updated', rowid };
        if (!same) changed.push([...values.slice(1), rowid]);
      }
      if (before.length > 0) beforeWrite!(before);
      if (pg) {
        const ids = pgInsertProducts(pg, created.map((x) => x.values));
        for (const x of created) out[x.i] = { outcome: 'created', rowid: ids.get(x.values[0] as string)! };
        pgUpdateProducts(pg, changed, now);
      } else {
        for (const x of created) out[x.i] = { outcome: 'created', rowid: Number(insert!.run(...x.values).lastInsertRowid) };
        for (const u of changed) update!.run(...u.slice(0, 11), now, u[11]);
      }
      return out;
    },
  };
}

/**
 * Each sku's product rowid and whether it is a bundle, by sku (skus not stored are left out): the
 * stock import's check of a chunk of rows, in one read on PostgreSQL.
 */
export function productFlagsReader(db: Db): (skus: readonly string[]) => Map<string, [rowid: number, bundle: number]> {
  const pg = pgClient(db);
  if (pg) return (skus) => pgProductFlags(pg, skus);
  const get = db.$client.prepare('SELECT rowid, EXISTS (SELECT 1 FROM bundle_components b WHERE b.bundle_sku = p.sku) FROM products p WHERE p.sku = ?').raw();
  return (skus) => {
    const found = new Map<string, [number, number]>();
    for (const sku of skus) {
      const r = get.get(sku) as [number, number] | undefined;
      if (r) found.set(sku, r);
    }
    return found;
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
