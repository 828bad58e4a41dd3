// Products in the master.
import { asc, eq, like, or } from 'drizzle-orm';
import type { Db } from './open.js';
import { products } from './schema.js';
import { contentHash } from '../core/content-hash.js';

export type Product = typeof products.$inferSelect;

export interface ProductInput {
  sku: string;
  title: string;
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

/** Insert or update one product; reports whether anything changed so re-imports are no-ops. */
export function upsertProduct(db: Db, p: ProductInput): UpsertOutcome {
  const attributes = JSON.stringify(p.attributes ?? {});
  const row = {
    sku: p.sku, title: p.title, description: p.description ?? null, brand: p.brand ?? null,
    barcode: p.barcode ?? null, priceMinor: p.priceMinor ?? null, costMinor: p.costMinor ?? null,
    currency: p.currency, attributes, reorderPoint: p.reorderPoint ?? null, reorderQty: p.reorderQty ?? null,
    contentHash: contentHash({ title: p.title, description: p.description, brand: p.brand, attributes: p.attributes }),
  };
  const existing = getProduct(db, p.sku);
  if (!existing) {
    db.insert(products).values(row).run();
    return 'created';
  }
  const same = (Object.keys(row) as (keyof typeof row)[]).every((k) => existing[k] === row[k]);
  if (same) return 'unchanged';
  db.update(products).set({ ...row, updatedAt: new Date().toISOString() }).where(eq(products.sku, p.sku)).run();
  return 'updated';
}
