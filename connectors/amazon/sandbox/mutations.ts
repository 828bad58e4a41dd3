// Things that happen on Amazon's side without the connector: a buyer orders, an order is
// cancelled or shipped, FBA receives or loses stock. Control endpoints and test helpers use these.
import { buildOrder, type Order } from './order-build.js';
import { iso } from './http-util.js';
import { merchantQuantity, setMerchantQuantity, type Store } from './store.js';

export interface NewOrder {
  fulfilledBy?: 'MERCHANT' | 'AMAZON';
  lines: { sku: string; quantity: number; unitPrice?: string }[];
  buyer?: { name: string; email?: string };
  status?: 'PENDING' | 'UNSHIPPED' | 'SHIPPED';
  orderId?: string;
}

/** A new order, with the quantity it takes out of the listing (MFN) or FBA stock (AFN). */
export function createOrder(store: Store, o: NewOrder, now: number): Order {
  const n = store.nextId();
  const orderId = o.orderId ?? `028-${String(3_000_000 + n).padStart(7, '0')}-${String(1_000_000 + n * 7).padStart(7, '0')}`;
  if (store.orders.has(orderId)) throw new Error(`order ${orderId} exists`);
  const fulfilledBy = o.fulfilledBy ?? 'MERCHANT';
  if (!o.lines.length) throw new Error('an order needs at least one line');
  for (const line of o.lines) {
    const l = store.listings.get(line.sku);
    if (!l) throw new Error(`unknown sku ${line.sku}`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new Error(`quantity for ${line.sku} must be a whole number of 1 or more`);
  }
  for (const line of o.lines) takeStock(store, line.sku, fulfilledBy, line.quantity, now);
  const at = iso(now);
  const order = buildOrder({
    orderId, createdTime: at, lastUpdatedTime: at, fulfilledBy, status: o.status ?? 'UNSHIPPED',
    buyer: o.buyer ? { city: 'Berlin', postalCode: '10115', ...o.buyer } : { name: 'Sandbox Buyer', email: `${orderId.replaceAll('-', '')}@marketplace.amazon.de`, city: 'Berlin', postalCode: '10115' },
    items: o.lines.map((line, i) => ({
      orderItemId: String(40_000_000_000_000 + n * 100 + i), sku: line.sku, quantity: line.quantity,
      unitPrice: line.unitPrice ?? priceOf(store, line.sku),
    })),
  }, store);
  store.orders.set(orderId, order);
  return order;
}

/** Cancel an order: status CANCELLED, items carry the cancellation, stock goes back. */
export function cancelOrder(store: Store, orderId: string, now: number, reason = 'Buyer cancelled'): Order {
  const o = store.orders.get(orderId);
  if (!o) throw new Error(`unknown order ${orderId}`);
  if (o.fulfillment?.fulfillmentStatus === 'CANCELLED') return o;
  if (o.fulfillment?.fulfillmentStatus === 'SHIPPED') throw new Error(`order ${orderId} has shipped and cannot be cancelled`);
  const by = o.fulfillment?.fulfilledBy ?? 'MERCHANT';
  for (const i of o.orderItems) {
    if (i.product.sellerSku) takeStock(store, i.product.sellerSku, by, -i.quantityOrdered, now);
    i.cancellation = { cancellationExecution: { cancelledBy: 'BUYER', cancelReason: reason } };
    i.fulfillment = { quantityFulfilled: 0, quantityUnfulfilled: 0 };
    if (i.proceeds) i.proceeds = { proceedsTotal: { ...i.proceeds.proceedsTotal, amount: '0.00' }, breakdowns: [] };
  }
  if (o.fulfillment) o.fulfillment.fulfillmentStatus = 'CANCELLED';
  if (o.proceeds) o.proceeds = { grandTotal: { ...o.proceeds.grandTotal, amount: '0.00' }, breakdowns: [] };
  o.lastUpdatedTime = iso(now);
  return o;
}

export function shipOrder(store: Store, orderId: string, now: number): Order {
  const o = store.orders.get(orderId);
  if (!o) throw new Error(`unknown order ${orderId}`);
  if (o.fulfillment?.fulfillmentStatus === 'CANCELLED') throw new Error(`order ${orderId} is cancelled`);
  if (o.fulfillment) o.fulfillment.fulfillmentStatus = 'SHIPPED';
  for (const i of o.orderItems) i.fulfillment = { quantityFulfilled: i.quantityOrdered, quantityUnfulfilled: 0 };
  o.lastUpdatedTime = iso(now);
  return o;
}

export function setFbaQuantity(store: Store, sku: string, fulfillable: number, now: number): void {
  const f = store.fba.get(sku);
  if (!f) throw new Error(`sku ${sku} has no FBA inventory`);
  if (!Number.isInteger(fulfillable) || fulfillable < 0) throw new Error('fulfillable must be a whole number of 0 or more');
  f.fulfillable = fulfillable;
  f.lastUpdatedTime = iso(now);
}

function takeStock(store: Store, sku: string, by: 'MERCHANT' | 'AMAZON', quantity: number, now: number): void {
  if (by === 'AMAZON') {
    const f = store.fba.get(sku);
    if (!f) throw new Error(`sku ${sku} has no FBA inventory`);
    f.fulfillable = Math.max(0, f.fulfillable - quantity);
    f.lastUpdatedTime = iso(now);
    return;
  }
  const l = store.listings.get(sku)!;
  const q = merchantQuantity(l);
  if (q === undefined) throw new Error(`sku ${sku} is not merchant-fulfilled`);
  setMerchantQuantity(l, Math.max(0, q - quantity));
  l.lastUpdatedDate = iso(now);
}

function priceOf(store: Store, sku: string): string {
  const offers = (store.listings.get(sku)?.attributes.purchasable_offer ?? []) as { our_price?: { schedule?: { value_with_tax?: number }[] }[] }[];
  return (offers[0]?.our_price?.[0]?.schedule?.[0]?.value_with_tax ?? 0).toFixed(2);
}
