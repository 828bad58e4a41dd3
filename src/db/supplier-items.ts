// Supplier items in the master, for the import: prepared statements on the raw better-sqlite3
// handle (a feed can have a million rows; drizzle's per-call query building would dominate).
// All of the import's SQL is here.
import type { Db } from './open.js';

export interface ExistingItem {
  rowid: number;
  sku: string | null;
  costMinor: number | null;
  stock: number | null;
  rowHash: string | null;
}

export interface ItemWrite {
  supplierSku: string;
  sku: string | null;
  barcode: string | null;
  title: string | null;
  costMinor: number | null;
  currency: string;
  stock: number | null;
  packSize: number;
  minOrder: number;
  leadTimeDays: number | null;
  rowHash: string;
}

export interface SupplierRecord {
  code: string;
  name: string;
  currency: string;
  leadTimeDays: number | null;
  dropshipLocation: string | null;
}

export type SupplierItemStatements = ReturnType<typeof supplierItemStatements>;

export function supplierItemStatements(db: Db, supplier: string, now: string) {
  const c = db.$client;
  const source = `supplier:${supplier}`;
  const find = c.prepare(`SELECT rowid, sku, cost_minor, stock, row_hash FROM supplier_items WHERE supplier = ? AND supplier_sku = ?`).raw();
  const insert = c.prepare(`INSERT INTO supplier_items (supplier, supplier_sku, sku, barcode, title, cost_minor, currency, stock, pack_size, min_order, lead_time_days, row_hash, last_seen_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const update = c.prepare(`UPDATE supplier_items SET sku = ?, barcode = ?, title = ?, cost_minor = ?, currency = ?, stock = ?, pack_size = ?, min_order = ?,
    lead_time_days = ?, row_hash = ?, last_seen_at = ? WHERE rowid = ?`);
  const alias = c.prepare(`SELECT sku FROM sku_aliases WHERE source = ? AND alias = ?`).pluck();
  const product = c.prepare(`SELECT 1 FROM products WHERE sku = ?`).pluck();
  const byBarcode = c.prepare(`SELECT sku FROM products WHERE barcode = ? ORDER BY sku LIMIT 1`).pluck();
  const addAlias = c.prepare(`INSERT INTO sku_aliases (source, alias, sku) VALUES (?, ?, ?) ON CONFLICT (source, alias) DO UPDATE SET sku = excluded.sku`);
  const level = c.prepare(`SELECT on_hand FROM stock_levels WHERE sku = ? AND location = ?`).pluck();

  return {
    /** Counts that let the import skip lookups that cannot match (a fresh master). */
    counts(): { items: number; aliases: number; products: number; barcodes: number; maxRowid: number } {
      return {
        items: c.prepare(`SELECT count(*) FROM supplier_items WHERE supplier = ?`).pluck().get(supplier) as number,
        aliases: c.prepare(`SELECT count(*) FROM sku_aliases WHERE source = ?`).pluck().get(source) as number,
        products: c.prepare(`SELECT count(*) FROM (SELECT 1 FROM products LIMIT 1)`).pluck().get() as number,
        barcodes: c.prepare(`SELECT count(*) FROM (SELECT 1 FROM products WHERE barcode IS NOT NULL LIMIT 1)`).pluck().get() as number,
        maxRowid: (c.prepare(`SELECT max(rowid) FROM supplier_items`).pluck().get() as number | null) ?? 0,
      };
    },
    find(supplierSku: string): ExistingItem | undefined {
      const r = find.get(supplier, supplierSku) as [number, string | null, number | null, number | null, string | null] | undefined;
      return r && { rowid: r[0], sku: r[1], costMinor: r[2], stock: r[3], rowHash: r[4] };
    },
    insert(w: ItemWrite): number {
      return Number(insert.run(supplier, w.supplierSku, w.sku, w.barcode, w.title, w.costMinor, w.currency, w.stock, w.packSize, w.minOrder, w.leadTimeDays, w.rowHash, now).lastInsertRowid);
    },
    update(rowid: number, w: ItemWrite): void {
      update.run(w.sku, w.barcode, w.title, w.costMinor, w.currency, w.stock, w.packSize, w.minOrder, w.leadTimeDays, w.rowHash, now, rowid);
    },
    aliasOf(supplierSku: string): string | undefined { return alias.get(source, supplierSku) as string | undefined; },
    productExists(sku: string): boolean { return product.get(sku) !== undefined; },
    productByBarcode(barcode: string): string | undefined { return byBarcode.get(barcode) as string | undefined; },
    addAlias(supplierSku: string, sku: string): void { addAlias.run(source, supplierSku, sku); },
    onHand(sku: string, location: string): number { return (level.get(sku, location) as number | undefined) ?? 0; },
    /** Every item of this supplier (for rows missing from the feed), streamed. */
    *items(): Generator<{ rowid: number; supplierSku: string; sku: string | null; title: string | null }> {
      const it = c.prepare(`SELECT rowid, supplier_sku, sku, title FROM supplier_items WHERE supplier = ?`).raw().iterate(supplier) as Iterable<[number, string, string | null, string | null]>;
      for (const r of it) yield { rowid: r[0], supplierSku: r[1], sku: r[2], title: r[3] };
    },
  };
}

/** True when the error is SQLite refusing a second row with the same primary key. */
export function isDuplicateKey(e: unknown): boolean {
  return (e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function getSupplierRecord(db: Db, code: string): SupplierRecord | undefined {
  const r = db.$client.prepare(`SELECT code, name, currency, lead_time_days, dropship_location FROM suppliers WHERE code = ?`).raw().get(code) as
    [string, string, string, number | null, string | null] | undefined;
  return r && { code: r[0], name: r[1], currency: r[2], leadTimeDays: r[3], dropshipLocation: r[4] };
}

/** Insert or update the supplier row; writes only when something differs. */
export function saveSupplierRecord(db: Db, s: SupplierRecord): boolean {
  const old = getSupplierRecord(db, s.code);
  if (old && old.name === s.name && old.currency === s.currency && old.leadTimeDays === s.leadTimeDays && old.dropshipLocation === s.dropshipLocation) return false;
  db.$client.prepare(`INSERT INTO suppliers (code, name, currency, lead_time_days, dropship_location) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, currency = excluded.currency, lead_time_days = excluded.lead_time_days, dropship_location = excluded.dropship_location`)
    .run(s.code, s.name, s.currency, s.leadTimeDays, s.dropshipLocation);
  return true;
}

export function locationExists(db: Db, code: string): boolean {
  return db.$client.prepare(`SELECT 1 FROM locations WHERE code = ?`).pluck().get(code) !== undefined;
}

/** The import's one transaction: opened and closed by hand because rows arrive asynchronously. */
export function beginImport(db: Db): { commit(): void; rollback(): void } {
  const c = db.$client;
  const oldCache = c.pragma('cache_size', { simple: true }) as number;
  c.pragma('cache_size = -16384'); // 16 MB: most of a big feed's primary-key index stays in memory
  c.exec('BEGIN IMMEDIATE');
  const restore = () => { c.pragma(`cache_size = ${oldCache}`); };
  return {
    commit: () => { c.exec('COMMIT'); restore(); },
    rollback: () => { if (c.inTransaction) c.exec('ROLLBACK'); restore(); },
  };
}
