// Reading orders across channels: the filtered list and one order with its lines and returns.
import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './open.js';
import { orders, orderLines, returns, customers } from './schema.js';

export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type ReturnRow = typeof returns.$inferSelect;

export interface OrderFilter {
  channel?: string | undefined;
  status?: Order['status'] | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  /** Customer ids (a customer and those merged into it). */
  customerIds?: readonly number[] | undefined;
  sku?: string | undefined;
  limit?: number | undefined;
}

export interface OrderListRow {
  id: number; channel: string; remoteId: string; name: string | null; status: Order['status']; fulfilment: Order['fulfilment'];
  placedAt: string; currency: string; totalMinor: number; customerId: number | null; customer: string | null; units: number; skus: string;
}

export function listOrders(db: Db, f: OrderFilter = {}): OrderListRow[] {
  const conds: SQL[] = [];
  if (f.channel) conds.push(eq(orders.channel, f.channel));
  if (f.status) conds.push(eq(orders.status, f.status));
  if (f.since) conds.push(gte(orders.placedAt, f.since.toISOString()));
  if (f.until) conds.push(lt(orders.placedAt, f.until.toISOString()));
  if (f.customerIds) conds.push(inArray(orders.customerId, [...f.customerIds]));
  if (f.sku) conds.push(sql`EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = orders.id AND l.sku = ${f.sku})`);
  return db.select({
    id: orders.id, channel: orders.channel, remoteId: orders.remoteId, name: orders.name, status: orders.status, fulfilment: orders.fulfilment,
    placedAt: orders.placedAt, currency: orders.currency, totalMinor: orders.totalMinor, customerId: orders.customerId,
    customer: sql<string | null>`coalesce(${customers.name}, ${customers.email}, ${customers.phone})`,
    units: sql<number>`coalesce((SELECT sum(l.quantity) FROM order_lines l WHERE l.order_id = orders.id), 0)`,
    skus: sql<string>`coalesce((SELECT group_concat(DISTINCT l.sku) FROM order_lines l WHERE l.order_id = orders.id), '')`,
  }).from(orders).leftJoin(customers, eq(customers.id, orders.customerId))
    .where(and(...conds)).orderBy(desc(orders.placedAt), desc(orders.id)).limit(f.limit ?? 1000).all();
}

/** By the channel's id, or by the name the shop knows it by ("1004", "#1004"). */
export function findOrder(db: Db, channel: string, ref: string): Order | undefined {
  const byId = db.select().from(orders).where(and(eq(orders.channel, channel), eq(orders.remoteId, ref))).get();
  if (byId) return byId;
  const name = ref.startsWith('#') ? ref : `#${ref}`;
  return db.select().from(orders).where(and(eq(orders.channel, channel), or(eq(orders.name, ref), eq(orders.name, name)))).get();
}

export interface LineWithReturns extends OrderLine { returned: number }

export function linesOf(db: Db, orderId: number): LineWithReturns[] {
  return db.select({
    id: orderLines.id, orderId: orderLines.orderId, lineKey: orderLines.lineKey, sku: orderLines.sku, channelSku: orderLines.channelSku, quantity: orderLines.quantity,
    unitPriceMinor: orderLines.unitPriceMinor, location: orderLines.location,
    returned: sql<number>`coalesce((SELECT sum(r.quantity) FROM returns r WHERE r.order_line_id = order_lines.id), 0)`,
  }).from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.id)).all();
}

export function returnsOfOrder(db: Db, orderId: number): ReturnRow[] {
  return db.select({ r: returns }).from(returns).innerJoin(orderLines, eq(orderLines.id, returns.orderLineId))
    .where(eq(orderLines.orderId, orderId)).orderBy(asc(returns.id)).all().map((x) => x.r);
}

export function channelsWithOrders(db: Db): string[] {
  return db.selectDistinct({ c: orders.channel }).from(orders).orderBy(asc(orders.channel)).all().map((r) => r.c);
}

/** Record one return; false when a return with the same (channel, remote id) is already there. */
export function insertReturn(db: Db, r: typeof returns.$inferInsert): { inserted: boolean; id: number | null } {
  const row = db.insert(returns).values(r).onConflictDoNothing().returning({ id: returns.id }).get();
  return { inserted: row !== undefined, id: row?.id ?? null };
}

export function findReturn(db: Db, channel: string, remoteId: string): ReturnRow | undefined {
  return db.select().from(returns).where(and(eq(returns.channel, channel), eq(returns.remoteId, remoteId))).get();
}
