// Products in the master.
import { asc, eq, like, or } from 'drizzle-orm';
import type { Db } from './open.js';
import { products } from './schema.js';
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
  const keep = <T>(given: T | undefined, old: T | null | undefined): T | null => (given === undefined ? old ?? null : given);
  const attributes = p.attributes ?? (existing ? JSON.parse(existing.attributes) as Record<string, unknown> : {});
  const merged = {
    title: p.title ?? existing?.title ?? p.sku,
    description: keep(p.description, existing?.description), brand: keep(p.brand, existing?.brand),
    barcode: keep(p.barcode, existing?.barcode), priceMinor: keep(p.priceMinor, existing?.priceMinor),
    costMinor: keep(p.costMinor, existing?.costMinor), reorderPoint: keep(p.reorderPoint, existing?.reorderPoint),
    reorderQty: keep(p.reorderQty, existing?.reorderQty),
  };
  const row = {
    sku: p.sku, ...merged, currency: p.currency, attributes: JSON.stringify(attributes),
    contentHash: contentHash({ title: merged.title, description: merged.description, brand: merged.brand, attributes }),
  };
  if (!existing) {
    db.insert(products).values(row).run();
    return 'created';
  }
  const same = (Object.keys(row) as (keyof typeof row)[]).every((k) => existing[k] === row[k]);
  if (same) return 'unchanged';
  db.update(products).set({ ...row, updatedAt: new Date().toISOString() }).where(eq(products.sku, p.sku)).run();
  return 'updated';
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
