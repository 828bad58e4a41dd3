// What happens in the shop while omni is not looking: a sale (available → committed at the
// fulfilling location), a cancellation (a refund restocking the remaining units), a recount.
import type { LevelRec, OrderRec, RefundRec, ShopStore } from './store.js';
import { toMinor } from './ids.js';

export interface NewOrderInput {
  lineItems: { sku?: string; variantId?: string; quantity: number; price?: string }[];
  locationId?: string;
  customerId?: string;
  customer?: { email?: string | null; phone?: string | null; firstName?: string | null; lastName?: string | null };
  financialStatus?: string;
}

export class ControlError extends Error {}

function nextName(store: ShopStore): string {
  const max = Math.max(1000, ...[...store.orders.values()].map((o) => Number(o.name.replace(/\D/g, '')) || 0));
  return `#${max + 1}`;
}

function customerFor(store: ShopStore, input: NewOrderInput): string | null {
  if (input.customerId) {
    if (!store.customers.has(input.customerId)) throw new ControlError(`unknown customer ${input.customerId}`);
    return input.customerId;
  }
  const c = input.customer;
  if (!c) return null;
  const email = c.email?.trim().toLowerCase() || null;
  const known = email ? [...store.customers.values()].find((x) => x.email?.toLowerCase() === email) : undefined;
  if (known) return known.id;
  const id = store.newId('Customer');
  const at = store.stamp();
  store.customers.set(id, { __typename: 'Customer', id, email, phone: c.phone ?? null, firstName: c.firstName ?? null, lastName: c.lastName ?? null, createdAt: at, updatedAt: at });
  return id;
}

export function createOrder(store: ShopStore, input: NewOrderInput): OrderRec {
  if (!Array.isArray(input.lineItems) || !input.lineItems.length) throw new ControlError('an order needs lineItems');
  if (input.locationId && !store.locations.has(input.locationId)) throw new ControlError(`unknown location ${input.locationId}`);
  const lines = input.lineItems.map((l) => {
    const v = l.variantId ? store.variants.get(l.variantId) : l.sku ? store.variantBySku(l.sku) : undefined;
    if (!v) throw new ControlError(`unknown variant ${l.variantId ?? l.sku ?? '(none given)'}`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1) throw new ControlError(`quantity must be a positive integer for ${v.sku ?? v.id}`);
    return { v, quantity: l.quantity, unitMinor: l.price ? toMinor(l.price) : v.priceMinor };
  });
  // Shopify routes to a location that can fulfil; first in seed order with enough available.
  const locations = [...store.locations.values()].filter((l) => l.isActive);
  const canServe = (locId: string): boolean => lines.every((l) => (store.level(l.v.inventoryItemId, locId)?.q.available ?? 0) >= l.quantity);
  const locationId = input.locationId ?? locations.find((l) => canServe(l.id))?.id ?? locations[0]?.id ?? null;
  const at = store.stamp();
  const id = store.newId('Order');
  const order: OrderRec = {
    __typename: 'Order', id, name: nextName(store), createdAt: at, updatedAt: at, cancelledAt: null, currencyCode: store.shop.currencyCode,
    financialStatus: input.financialStatus ?? 'PAID', fulfillmentStatus: 'UNFULFILLED', customerId: customerFor(store, input), locationId, lineItems: [], refunds: [],
  };
  for (const l of lines) {
    order.lineItems.push(store.lineItem(id, store.newId('LineItem'), l.v.id, l.quantity, l.unitMinor));
    if (locationId) {
      const level = store.stock(l.v.inventoryItemId, locationId);
      store.adjust(level, 'available', -l.quantity);
      store.adjust(level, 'committed', l.quantity);
    }
  }
  store.orders.set(id, order);
  return order;
}

export function cancelOrder(store: ShopStore, id: string, restock = true): OrderRec {
  const order = store.orders.get(id);
  if (!order) throw new ControlError(`unknown order ${id}`);
  if (order.cancelledAt) throw new ControlError(`order ${order.name} is already cancelled`);
  const at = store.stamp();
  const locationId = order.locationId ?? [...store.locations.keys()][0] ?? null;
  const lines = order.lineItems.map((li) => ({ li, qty: li.quantity - order.refunds.flatMap((r) => r.lines).filter((x) => x.lineItemId === li.id).reduce((n, x) => n + x.quantity, 0) }))
    .filter((x) => x.qty > 0);
  for (const { li, qty } of lines) {
    const v = li.variantId ? store.variants.get(li.variantId) : undefined;
    if (!restock || !v || !locationId) continue;
    const level: LevelRec = store.stock(v.inventoryItemId, locationId);
    // Unfulfilled units go back from committed; fulfilled ones come back on hand.
    if (order.fulfillmentStatus === 'UNFULFILLED') store.adjust(level, 'committed', -Math.min(qty, level.q.committed));
    store.adjust(level, 'available', qty);
  }
  if (lines.length) {
    order.refunds.push({
      __typename: 'Refund', id: store.newId('Refund'), orderId: id, createdAt: at,
      lines: lines.map(({ li, qty }) => ({ lineItemId: li.id, quantity: qty, restockType: restock ? 'CANCEL' : 'NO_RESTOCK', locationId: restock ? locationId : null })),
    });
  }
  order.cancelledAt = at;
  order.updatedAt = at;
  order.financialStatus = order.financialStatus === 'PAID' || order.financialStatus === 'PARTIALLY_REFUNDED' ? 'REFUNDED' : 'VOIDED';
  return order;
}

export interface RefundInput {
  orderId: string;
  /** Lines refunded (all remaining units of each when quantity is left out). */
  lines: { lineItemId: string; quantity?: number }[];
  /** Put the units back at the order's location (RETURN) or not (NO_RESTOCK). Default true. */
  restock?: boolean;
}

/** A refund of some lines (a return): stock comes back when restocked; the order stays open. */
export function refundOrder(store: ShopStore, input: RefundInput): RefundRec {
  const order = store.orders.get(input.orderId);
  if (!order) throw new ControlError(`unknown order ${input.orderId}`);
  if (!Array.isArray(input.lines) || input.lines.length === 0) throw new ControlError('a refund needs lines');
  const restock = input.restock !== false;
  const locationId = order.locationId ?? [...store.locations.keys()][0] ?? null;
  const lines = input.lines.map((l) => {
    const li = order.lineItems.find((x) => x.id === l.lineItemId);
    if (!li) throw new ControlError(`order ${order.name} has no line ${l.lineItemId}`);
    const left = li.quantity - order.refunds.flatMap((r) => r.lines).filter((x) => x.lineItemId === li.id).reduce((n, x) => n + x.quantity, 0);
    const quantity = l.quantity ?? left;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > left) throw new ControlError(`line ${li.id} has ${left} unit(s) left to refund, not ${quantity}`);
    return { li, quantity };
  });
  for (const { li, quantity } of lines) {
    const v = li.variantId ? store.variants.get(li.variantId) : undefined;
    if (restock && v && locationId) store.adjust(store.stock(v.inventoryItemId, locationId), 'available', quantity);
  }
  const refund: RefundRec = {
    __typename: 'Refund', id: store.newId('Refund'), orderId: order.id, createdAt: store.stamp(),
    lines: lines.map(({ li, quantity }) => ({ lineItemId: li.id, quantity, restockType: restock ? 'RETURN' : 'NO_RESTOCK', locationId: restock ? locationId : null })),
  };
  order.refunds.push(refund);
  order.updatedAt = refund.createdAt;
  order.financialStatus = 'PARTIALLY_REFUNDED';
  return refund;
}

export interface SetQuantityInput { inventoryItemId?: string; sku?: string; locationId?: string; locationName?: string; name?: string; quantity: number }

export function setQuantity(store: ShopStore, input: SetQuantityInput): LevelRec {
  const itemId = input.inventoryItemId ?? (input.sku ? store.variantBySku(input.sku)?.inventoryItemId : undefined);
  if (!itemId || !store.items.has(itemId)) throw new ControlError(`unknown inventory item ${input.inventoryItemId ?? input.sku ?? '(none given)'}`);
  const loc = input.locationId ?? [...store.locations.values()].find((l) => l.name === input.locationName)?.id;
  if (!loc || !store.locations.has(loc)) throw new ControlError(`unknown location ${input.locationId ?? input.locationName ?? '(none given)'}`);
  if (!Number.isInteger(input.quantity)) throw new ControlError('quantity must be an integer');
  const name = input.name ?? 'available';
  if (!['available', 'committed', 'damaged', 'incoming', 'quality_control', 'reserved', 'safety_stock'].includes(name)) throw new ControlError(`cannot set ${name} directly`);
  const level = store.stock(itemId, loc);
  store.adjust(level, name as 'available', input.quantity - level.q[name as 'available']);
  return level;
}
