// Pulled orders into the master: one row per (channel, order), one per line, and ledger movements
// whose keys (sale:CHANNEL:ORDER:LINE) make a repeated pull of the same order a no-op.
import { and, eq } from 'drizzle-orm';
import type { Db } from './open.js';
import { orders, orderLines, products, returns } from './schema.js';
import { applyMovement } from './ledger.js';
import { levelsForSku } from './stock.js';
import { resolveCustomer } from './customers.js';
import { pickFulfilLocation } from '../core/allocation.js';
import type { RemoteOrder } from '../core/connector.js';

export interface OrderApplyResult {
  newOrders: number;
  saleMovements: number;
  cancelMovements: number;
  returnMovements: number;
  warnings: string[];
}

export function applyOrders(db: Db, channel: string, pulled: readonly RemoteOrder[], fulfilFrom: readonly string[]): OrderApplyResult {
  const result: OrderApplyResult = { newOrders: 0, saleMovements: 0, cancelMovements: 0, returnMovements: 0, warnings: [] };
  for (const o of pulled) {
    db.transaction(() => applyOne(db, channel, o, fulfilFrom, result));
  }
  return result;
}

function applyOne(db: Db, channel: string, o: RemoteOrder, fulfilFrom: readonly string[], result: OrderApplyResult): void {
  const customerId = o.customer ? resolveCustomer(db, channel, o.customer) ?? null : null;
  const existing = db.select().from(orders).where(and(eq(orders.channel, channel), eq(orders.remoteId, o.remoteId))).get();
  // A pulled order without lines carries only refunds (a POS refund in a later export): it must
  // not overwrite the stored total and status of the sale it refers to.
  const refundOnly = o.lines.length === 0;
  const orderId = existing
    ? (db.update(orders).set({
      status: refundOnly ? existing.status : o.status, remoteUpdatedAt: o.updatedAt, name: o.name ?? existing.name,
      totalMinor: refundOnly ? existing.totalMinor : o.totalMinor, customerId: existing.customerId ?? customerId,
    })
      .where(eq(orders.id, existing.id)).run(), existing.id)
    : db.insert(orders).values({
      channel, remoteId: o.remoteId, name: o.name ?? null, status: o.status, fulfilment: o.fulfilment, customerId, currency: o.currency,
      totalMinor: o.totalMinor, placedAt: o.placedAt, remoteUpdatedAt: o.updatedAt,
    }).returning({ id: orders.id }).get().id;
  if (!existing) result.newOrders++;

  for (const line of o.lines) {
    let row = db.select().from(orderLines).where(and(eq(orderLines.orderId, orderId), eq(orderLines.lineKey, line.lineKey))).get();
    const known = db.select({ sku: products.sku }).from(products).where(eq(products.sku, line.sku)).get();
    if (!row) {
      // An order seen first when already cancelled never took stock; a channel-fulfilled one
      // (FBA) takes it from the channel's own count, which the next count pull reflects.
      const takesStock = known && o.fulfilment === 'merchant' && o.status !== 'cancelled';
      const levels = Object.fromEntries(levelsForSku(db, line.sku).map((l) => [l.location, l.onHand]));
      const location = takesStock ? pickFulfilLocation(levels, fulfilFrom, line.quantity) ?? null : null;
      row = db.insert(orderLines).values({ orderId, lineKey: line.lineKey, sku: line.sku, quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, location })
        .returning().get();
      if (!known) result.warnings.push(`${channel}: order ${o.remoteId}: sku "${line.sku}" is not in the master; the line is recorded but moves no stock`);
      if (location) {
        const level = levels[location] ?? 0;
        const m = applyMovement(db, { sku: line.sku, location, delta: -line.quantity, kind: 'sale', idempotencyKey: `sale:${channel}:${o.remoteId}:${line.lineKey}`, ref: `${channel} order ${o.remoteId}`, occurredAt: o.stockMovedAt }, { allowNegative: true });
        if (m.applied) result.saleMovements++;
        if (level < line.quantity) result.warnings.push(`${channel}: order ${o.remoteId}: ${line.sku} sold ${line.quantity} but ${location} had ${level}; count it`);
      }
    }
    if (o.status === 'cancelled' && row.location) {
      const m = applyMovement(db, { sku: row.sku, location: row.location, delta: row.quantity, kind: 'cancel', idempotencyKey: `cancel:${channel}:${o.remoteId}:${line.lineKey}`, ref: `${channel} order ${o.remoteId} cancelled` });
      if (m.applied) result.cancelMovements++;
    }
  }

  for (const refund of o.refunds ?? []) {
    const line = db.select().from(orderLines).where(and(eq(orderLines.orderId, orderId), eq(orderLines.lineKey, refund.lineKey))).get();
    // A refund that names no known line (a POS refund receipt) goes back where this channel sells from.
    const known = db.select({ sku: products.sku }).from(products).where(eq(products.sku, refund.sku)).get();
    const restockAt = refund.restock ? (line ? line.location : (known && o.fulfilment === 'merchant' ? fulfilFrom[0] ?? null : null)) : null;
    const inserted = db.insert(returns).values({
      orderLineId: line?.id ?? null, channel, remoteId: `${refund.remoteId}:${refund.lineKey}`, sku: refund.sku, quantity: refund.quantity,
      location: restockAt, disposition: refund.restock ? 'restock' : 'damaged', refundMinor: refund.amountMinor ?? null,
    }).onConflictDoNothing().run();
    if (inserted.changes > 0 && restockAt && o.status !== 'cancelled') {
      const m = applyMovement(db, { sku: refund.sku, location: restockAt, delta: refund.quantity, kind: 'return', idempotencyKey: `return:${channel}:${refund.remoteId}:${refund.lineKey}`, ref: `${channel} refund ${refund.remoteId}` });
      if (m.applied) result.returnMovements++;
    }
  }
}
