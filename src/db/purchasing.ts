// Purchasing in the master: what to reorder (stock, open POs, sales, supplier terms), purchase
// orders and their lines, and receipts. Decisions live in app/purchasing/.
import { and, asc, desc, eq, gte, inArray, like, ne, sql } from 'drizzle-orm';
import type { Db } from './open.js';
import {
  products, stockLevels, locations, orders, orderLines, suppliers, supplierItems, purchaseOrders, purchaseOrderLines, receipts, skuAliases,
} from './schema.js';
import type { ReorderItem, SupplierOption } from '../app/purchasing/suggest.js';

export type Supplier = typeof suppliers.$inferSelect;
export type PurchaseOrder = typeof purchaseOrders.$inferSelect;
export type PoStatus = PurchaseOrder['status'];
export const OPEN_PO: PoStatus[] = ['draft', 'sent', 'partial'];

/** Everything the suggestion needs, per stock-holding product (no bundles, nothing archived). */
export function reorderItems(db: Db, salesSince: Date): ReorderItem[] {
  const prods = db.select().from(products)
    .where(sql`${products.archived} = 0 AND ${products.sku} NOT IN (SELECT bundle_sku FROM bundle_components)`).orderBy(asc(products.sku)).all();
  const sum = (rows: { sku: string; n: number }[]) => new Map(rows.map((r) => [r.sku, Number(r.n)]));
  // Dropship stock (supplier locations) is the supplier's, not ours to reorder against.
  const onHand = sum(db.select({ sku: stockLevels.sku, n: sql<number>`sum(${stockLevels.onHand})` }).from(stockLevels)
    .innerJoin(locations, eq(locations.code, stockLevels.location)).where(ne(locations.kind, 'supplier')).groupBy(stockLevels.sku).all());
  const onOrder = sum(db.$client.prepare(`
    SELECT l.sku AS sku, sum(max(l.quantity - coalesce((SELECT sum(r.quantity) FROM receipts r WHERE r.po_id = l.po_id AND r.sku = l.sku), 0), 0)) AS n
    FROM purchase_order_lines l JOIN purchase_orders p ON p.id = l.po_id
    WHERE p.status IN ('draft', 'sent', 'partial') GROUP BY l.sku`).all() as { sku: string; n: number }[]);
  const sold = sum(db.select({ sku: orderLines.sku, n: sql<number>`sum(${orderLines.quantity})` }).from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(gte(orders.placedAt, salesSince.toISOString()), ne(orders.status, 'cancelled'))).groupBy(orderLines.sku).all());
  const options = new Map<string, SupplierOption[]>();
  for (const r of db.select({ i: supplierItems, s: suppliers }).from(supplierItems).innerJoin(suppliers, eq(suppliers.code, supplierItems.supplier))
    .where(sql`${supplierItems.sku} IS NOT NULL`).all()) {
    const list = options.get(r.i.sku!) ?? [];
    list.push({
      supplier: r.i.supplier, supplierSku: r.i.supplierSku, costMinor: r.i.costMinor, currency: r.i.currency,
      packSize: r.i.packSize, minOrder: r.i.minOrder, leadTimeDays: r.i.leadTimeDays ?? r.s.leadTimeDays ?? 0,
    });
    options.set(r.i.sku!, list);
  }
  return prods.map((p) => ({
    sku: p.sku, title: p.title, onHand: onHand.get(p.sku) ?? 0, onOrder: onOrder.get(p.sku) ?? 0,
    reorderPoint: p.reorderPoint, reorderQty: p.reorderQty, sold: sold.get(p.sku) ?? 0, costMinor: p.costMinor, options: options.get(p.sku) ?? [],
  }));
}

export function getSupplier(db: Db, code: string): Supplier | undefined {
  return db.select().from(suppliers).where(eq(suppliers.code, code)).get();
}

export function listSuppliers(db: Db): Supplier[] {
  return db.select().from(suppliers).orderBy(asc(suppliers.code)).all();
}

export function supplierItem(db: Db, supplier: string, sku: string): typeof supplierItems.$inferSelect | undefined {
  return db.select().from(supplierItems).where(and(eq(supplierItems.supplier, supplier), eq(supplierItems.sku, sku))).get();
}

/** A code from a supplier's file → the master sku: master sku, supplier sku, barcode or alias. */
export function resolveSupplierCode(db: Db, supplier: string, code: string): string | undefined {
  if (db.select({ sku: products.sku }).from(products).where(eq(products.sku, code)).get()) return code;
  const item = db.select({ sku: supplierItems.sku }).from(supplierItems)
    .where(and(eq(supplierItems.supplier, supplier), eq(supplierItems.supplierSku, code))).get();
  if (item?.sku) return item.sku;
  const alias = db.select({ sku: skuAliases.sku }).from(skuAliases)
    .where(and(eq(skuAliases.source, `supplier:${supplier}`), eq(skuAliases.alias, code))).get();
  if (alias) return alias.sku;
  return db.select({ sku: products.sku }).from(products).where(eq(products.barcode, code)).get()?.sku;
}

export function nextPoNumber(db: Db, year: number): string {
  const last = db.select({ n: purchaseOrders.number }).from(purchaseOrders).where(like(purchaseOrders.number, `PO-${year}-%`))
    .orderBy(desc(purchaseOrders.number)).limit(1).get();
  const seq = last ? Number(last.n.slice(`PO-${year}-`.length)) + 1 : 1;
  return `PO-${year}-${String(Number.isFinite(seq) ? seq : 1).padStart(4, '0')}`;
}

export interface NewPoLine { sku: string; quantity: number; costMinor: number }

export function insertPurchaseOrder(db: Db, po: { number: string; supplier: string; currency: string; expectedAt: string | null; status: PoStatus; lines: readonly NewPoLine[] }): number {
  return db.transaction(() => {
    const id = db.insert(purchaseOrders).values({ number: po.number, supplier: po.supplier, status: po.status, currency: po.currency, expectedAt: po.expectedAt })
      .returning({ id: purchaseOrders.id }).get().id;
    for (const l of po.lines) db.insert(purchaseOrderLines).values({ poId: id, ...l }).run();
    return id;
  });
}

export interface PoLineView { sku: string; title: string | null; supplierSku: string | null; quantity: number; costMinor: number; received: number }
export interface PoView { po: PurchaseOrder; supplier: Supplier | undefined; lines: PoLineView[]; receipts: (typeof receipts.$inferSelect)[] }

export function getPurchaseOrder(db: Db, number: string): PoView | undefined {
  const po = db.select().from(purchaseOrders).where(eq(purchaseOrders.number, number)).get();
  if (!po) return undefined;
  const recs = db.select().from(receipts).where(eq(receipts.poId, po.id)).orderBy(asc(receipts.id)).all();
  const received = new Map<string, number>();
  for (const r of recs) received.set(r.sku, (received.get(r.sku) ?? 0) + r.quantity);
  const lines = db.select({ l: purchaseOrderLines, title: products.title, supplierSku: supplierItems.supplierSku }).from(purchaseOrderLines)
    .leftJoin(products, eq(products.sku, purchaseOrderLines.sku))
    .leftJoin(supplierItems, and(eq(supplierItems.supplier, po.supplier), eq(supplierItems.sku, purchaseOrderLines.sku)))
    .where(eq(purchaseOrderLines.poId, po.id)).orderBy(asc(purchaseOrderLines.id)).all()
    .map((r) => ({ sku: r.l.sku, title: r.title, supplierSku: r.supplierSku, quantity: r.l.quantity, costMinor: r.l.costMinor, received: received.get(r.l.sku) ?? 0 }));
  return { po, supplier: getSupplier(db, po.supplier), lines, receipts: recs };
}

export function listPurchaseOrders(db: Db, opts: { status?: PoStatus[] } = {}): (PurchaseOrder & { lines: number; totalMinor: number })[] {
  return db.select({
    po: purchaseOrders,
    lines: sql<number>`(SELECT count(*) FROM purchase_order_lines l WHERE l.po_id = purchase_orders.id)`,
    totalMinor: sql<number>`coalesce((SELECT sum(l.quantity * l.cost_minor) FROM purchase_order_lines l WHERE l.po_id = purchase_orders.id), 0)`,
  }).from(purchaseOrders).where(opts.status ? inArray(purchaseOrders.status, opts.status) : undefined)
    .orderBy(asc(purchaseOrders.number)).all().map((r) => ({ ...r.po, lines: r.lines, totalMinor: r.totalMinor }));
}

export function insertReceipt(db: Db, r: { poId: number; sku: string; quantity: number; location: string; movementKey: string }): boolean {
  return db.insert(receipts).values(r).onConflictDoNothing({ target: receipts.movementKey }).run().changes > 0;
}

export function findReceipt(db: Db, movementKey: string): typeof receipts.$inferSelect | undefined {
  return db.select().from(receipts).where(eq(receipts.movementKey, movementKey)).get();
}

export function receiptCount(db: Db, poId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(receipts).where(eq(receipts.poId, poId)).get()?.n ?? 0;
}

export function setPoStatus(db: Db, poId: number, status: PoStatus): void {
  db.update(purchaseOrders).set({ status }).where(eq(purchaseOrders.id, poId)).run();
}
