// Reading and re-pointing customers: the list, one customer with every channel identity, order
// and return, and the moves a merge or split makes. Merge decisions live in app/customers.ts.
import { and, asc, desc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from './open.js';
import { customers, customerIdentities, orders, orderLines, returns } from './schema.js';
import { customerMerges, type CustomerMerge } from './customer-merges.js';

export type Customer = typeof customers.$inferSelect;
export type Identity = typeof customerIdentities.$inferSelect;

export interface CustomerListRow {
  id: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  mergedInto: number | null;
  channels: string;
  orders: number;
}

export function listCustomers(db: Db, opts: { search?: string; includeMerged?: boolean; limit?: number } = {}): CustomerListRow[] {
  const conds = [];
  if (!opts.includeMerged) conds.push(isNull(customers.mergedInto));
  if (opts.search) {
    const s = `%${opts.search.toLowerCase()}%`;
    conds.push(or(like(sql`lower(${customers.name})`, s), like(customers.email, s), like(customers.phone, `%${opts.search}%`)));
  }
  return db.select({
    id: customers.id, name: customers.name, email: customers.email, phone: customers.phone, mergedInto: customers.mergedInto,
    channels: sql<string>`coalesce((SELECT group_concat(channel) FROM (SELECT DISTINCT i.channel FROM customer_identities i WHERE i.customer_id = customers.id ORDER BY i.channel) AS ch), '')`,
    orders: sql<number>`(SELECT count(*) FROM orders o WHERE o.customer_id = customers.id)`,
  }).from(customers).where(and(...conds)).orderBy(asc(customers.id)).limit(opts.limit ?? 10_000).all();
}

export function getCustomer(db: Db, id: number): Customer | undefined {
  return db.select().from(customers).where(eq(customers.id, id)).get();
}

/** The customer and every customer merged into it, directly or through a chain. */
export function mergedFamily(db: Db, id: number): number[] {
  const ids = [id];
  for (let i = 0; i < ids.length && i < 1000; i++) {
    for (const r of db.select({ id: customers.id }).from(customers).where(eq(customers.mergedInto, ids[i]!)).all()) {
      if (!ids.includes(r.id)) ids.push(r.id);
    }
  }
  return ids;
}

export function identitiesOf(db: Db, ids: readonly number[]): Identity[] {
  return db.select().from(customerIdentities).where(inArray(customerIdentities.customerId, [...ids]))
    .orderBy(asc(customerIdentities.channel), asc(customerIdentities.remoteId)).all();
}

export interface CustomerOrderRow {
  id: number; channel: string; remoteId: string; status: string; placedAt: string; currency: string; totalMinor: number; items: string;
}

export function ordersOf(db: Db, ids: readonly number[]): CustomerOrderRow[] {
  return db.select({
    id: orders.id, channel: orders.channel, remoteId: orders.remoteId, status: orders.status, placedAt: orders.placedAt,
    currency: orders.currency, totalMinor: orders.totalMinor,
    items: sql<string>`coalesce((SELECT group_concat(l.quantity || '× ' || l.sku, ', ') FROM order_lines l WHERE l.order_id = orders.id), '')`,
  }).from(orders).where(inArray(orders.customerId, [...ids])).orderBy(desc(orders.placedAt)).all();
}

export interface CustomerReturnRow {
  id: number; channel: string; orderRemoteId: string; sku: string; quantity: number; location: string | null; disposition: string; createdAt: string;
}

export function returnsOf(db: Db, ids: readonly number[]): CustomerReturnRow[] {
  return db.select({
    id: returns.id, channel: returns.channel, orderRemoteId: orders.remoteId, sku: returns.sku, quantity: returns.quantity,
    location: returns.location, disposition: returns.disposition, createdAt: returns.createdAt,
  }).from(returns).innerJoin(orderLines, eq(orderLines.id, returns.orderLineId)).innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(inArray(orders.customerId, [...ids])).orderBy(asc(returns.id)).all();
}

export function mergesOf(db: Db, id: number): CustomerMerge[] {
  return db.select().from(customerMerges).where(or(eq(customerMerges.sourceId, id), eq(customerMerges.targetId, id)))
    .orderBy(asc(customerMerges.id)).all();
}

export function openMergeOf(db: Db, sourceId: number): CustomerMerge | undefined {
  return db.select().from(customerMerges).where(and(eq(customerMerges.sourceId, sourceId), isNull(customerMerges.splitAt)))
    .orderBy(desc(customerMerges.id)).get();
}

export interface IdentityKey { channel: string; remoteId: string }

/** Re-point identities (by key) and orders (by id) to a customer. */
export function moveToCustomer(db: Db, customerId: number, identities: readonly IdentityKey[], orderIds: readonly number[]): void {
  for (const i of identities) {
    db.update(customerIdentities).set({ customerId })
      .where(and(eq(customerIdentities.channel, i.channel), eq(customerIdentities.remoteId, i.remoteId))).run();
  }
  if (orderIds.length > 0) db.update(orders).set({ customerId }).where(inArray(orders.id, [...orderIds])).run();
}

export function orderIdsOf(db: Db, customerId: number): number[] {
  return db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customerId)).all().map((r) => r.id);
}

export function setMergedInto(db: Db, id: number, target: number | null): void {
  db.update(customers).set({ mergedInto: target }).where(eq(customers.id, id)).run();
}

export function journalMerge(db: Db, m: { sourceId: number; targetId: number; identities: IdentityKey[]; orderIds: number[]; reason?: string | undefined; at: string }): number {
  return db.insert(customerMerges).values({
    sourceId: m.sourceId, targetId: m.targetId, identities: JSON.stringify(m.identities), orderIds: JSON.stringify(m.orderIds),
    reason: m.reason ?? null, mergedAt: m.at,
  }).returning({ id: customerMerges.id }).get().id;
}

export function journalSplit(db: Db, mergeId: number, at: string): void {
  db.update(customerMerges).set({ splitAt: at }).where(eq(customerMerges.id, mergeId)).run();
}
