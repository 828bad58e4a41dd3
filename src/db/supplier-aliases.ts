// A supplier's own code for a master sku (sku_aliases with source `supplier:CODE`), as
// `omni suppliers map` writes it: read by deliveries, invoices and the next feed import alike.
import { and, eq } from 'drizzle-orm';
import type { Db } from './open.js';
import { skuAliases, suppliers, supplierItems } from './schema.js';

export function supplierKnown(db: Db, supplier: string): boolean {
  return db.select({ code: suppliers.code }).from(suppliers).where(eq(suppliers.code, supplier)).get() !== undefined;
}

/**
 * Maps `code` of `supplier` to `sku`: the alias, and the supplier's item with that supplier sku
 * (so purchasing sees the mapping before the next feed import). Returns the sku it mapped to before.
 */
export function mapSupplierCode(db: Db, supplier: string, code: string, sku: string): { previous: string | null } {
  const source = `supplier:${supplier}`;
  return db.transaction(() => {
    const before = db.select({ sku: skuAliases.sku }).from(skuAliases).where(and(eq(skuAliases.source, source), eq(skuAliases.alias, code))).get();
    db.insert(skuAliases).values({ source, alias: code, sku }).onConflictDoUpdate({ target: [skuAliases.source, skuAliases.alias], set: { sku } }).run();
    db.update(supplierItems).set({ sku }).where(and(eq(supplierItems.supplier, supplier), eq(supplierItems.supplierSku, code))).run();
    return { previous: before?.sku ?? null };
  });
}

/** Every code mapped for a supplier, by code. */
export function supplierCodeMappings(db: Db, supplier: string): { code: string; sku: string }[] {
  return db.select({ code: skuAliases.alias, sku: skuAliases.sku }).from(skuAliases).where(eq(skuAliases.source, `supplier:${supplier}`)).orderBy(skuAliases.alias).all();
}
