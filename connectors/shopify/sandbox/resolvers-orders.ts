// Reading orders: the `updated_at:>'…'` cursor query, line items, refunds and customers.
// Quantities after refunds are derived from the refunds, as Shopify's `currentQuantity` is.
import { fromMinor, idKey } from './ids.js';
import { GraphQLError } from 'graphql';
import { MAX_PAGE, paginate, type PageArgs } from './paging.js';
import { matches, parseSearch } from './search.js';
import type { CustomerRec, LineItemRec, OrderRec, RefundLineRec, RefundRec, ShopStore } from './store.js';
import { countOf } from './resolvers-catalog.js';
import type { ResolverMap, SandboxContext } from './context.js';

type Args = PageArgs & { query?: string | null; sortKey?: string };

const bag = (minor: number, currencyCode: string): Record<string, unknown> => {
  const money = { amount: fromMinor(minor), currencyCode };
  return { shopMoney: money, presentmentMoney: money };
};

export function refundedQuantity(order: OrderRec, lineItemId: string): number {
  return order.refunds.flatMap((r) => r.lines).filter((l) => l.lineItemId === lineItemId).reduce((n, l) => n + l.quantity, 0);
}

export function currentQuantity(store: ShopStore, li: LineItemRec): number {
  const order = store.orders.get(li.orderId);
  return order ? Math.max(0, li.quantity - refundedQuantity(order, li.id)) : li.quantity;
}

function orderKey(sortKey: string | undefined): (o: OrderRec) => [string, string] {
  const k = (o: OrderRec): string => {
    switch (sortKey) {
      case 'UPDATED_AT': return o.updatedAt;
      case 'CREATED_AT': case 'PROCESSED_AT': return o.createdAt;
      case 'ORDER_NUMBER': return o.name.replace(/\D/g, '').padStart(12, '0');
      case 'FINANCIAL_STATUS': return o.financialStatus;
      default: return idKey(o.id);
    }
  };
  return (o) => [k(o), idKey(o.id)];
}

function orderField(o: OrderRec, field: string): string | number | (string | null)[] | null | undefined {
  switch (field) {
    case 'updated_at': return o.updatedAt;
    case 'created_at': case 'processed_at': return o.createdAt;
    case 'name': return [o.name, o.name.replace(/^#/, '')];
    case 'id': return Number(idKey(o.id));
    case 'status': return o.cancelledAt ? ['cancelled', 'closed'] : ['open', 'not_closed'];
    case 'financial_status': return o.financialStatus.toLowerCase();
    case 'fulfillment_status': return o.fulfillmentStatus.toLowerCase();
    case 'sku': return o.lineItems.map((l) => l.sku);
    default: return undefined;
  }
}

function filterOrders(ctx: SandboxContext, query: string | null | undefined): OrderRec[] {
  const terms = parseSearch(query);
  return [...ctx.store.orders.values()].filter((o) => ctx.orderVisible(o) && matches(terms, (f) => orderField(o, f)));
}

function findRefund(ctx: SandboxContext, id: string): RefundRec | undefined {
  for (const o of ctx.store.orders.values()) {
    const r = o.refunds.find((x) => x.id === id);
    if (r) return ctx.orderVisible(o) ? r : undefined;
  }
  return undefined;
}

const orderTotal = (o: OrderRec, qty: (li: LineItemRec) => number): number => o.lineItems.reduce((n, li) => n + qty(li) * li.unitMinor, 0);

export const orderResolvers: ResolverMap = {
  QueryRoot: {
    order: (_s, a: { id: string }, ctx) => { const o = ctx.store.orders.get(a.id); return o && ctx.orderVisible(o) ? o : null; },
    orders: (_s, a: Args, ctx) => paginate(filterOrders(ctx, a.query), a, orderKey(a.sortKey), ctx.unbounded),
    ordersCount: (_s, a: { query?: string | null; limit?: number | null }, ctx) => countOf(filterOrders(ctx, a.query).length, a.limit),
    refund: (_s, a: { id: string }, ctx) => findRefund(ctx, a.id) ?? null,
  },
  Order: {
    processedAt: (o: OrderRec) => o.createdAt,
    closed: () => false,
    test: () => false,
    displayFinancialStatus: (o: OrderRec) => o.financialStatus,
    displayFulfillmentStatus: (o: OrderRec) => o.fulfillmentStatus,
    totalPriceSet: (o: OrderRec) => bag(orderTotal(o, (li) => li.quantity), o.currencyCode),
    currentTotalPriceSet: (o: OrderRec, _a, ctx) => bag(orderTotal(o, (li) => currentQuantity(ctx.store, li)), o.currencyCode),
    totalRefundedSet: (o: OrderRec) => bag(orderTotal(o, (li) => refundedQuantity(o, li.id)), o.currencyCode),
    customer: (o: OrderRec, _a, ctx) => (o.customerId ? ctx.store.customers.get(o.customerId) ?? null : null),
    lineItems: (o: OrderRec, a: Args, ctx) => paginate(o.lineItems, a, (li) => [idKey(li.id), idKey(li.id)], ctx.unbounded),
    refunds: (o: OrderRec, a: { first?: number | null }) => {
      if (a.first != null && (a.first < 0 || a.first > MAX_PAGE)) throw new GraphQLError(`The first argument must be between 0 and ${MAX_PAGE}.`, { extensions: { code: 'BAD_REQUEST' } });
      return a.first != null ? o.refunds.slice(0, a.first) : o.refunds;
    },
  },
  LineItem: {
    name: (li: LineItemRec) => li.title,
    currentQuantity: (li: LineItemRec, _a, ctx) => currentQuantity(ctx.store, li),
    refundableQuantity: (li: LineItemRec, _a, ctx) => currentQuantity(ctx.store, li),
    originalUnitPriceSet: (li: LineItemRec, _a, ctx) => bag(li.unitMinor, ctx.store.orders.get(li.orderId)?.currencyCode ?? ctx.store.shop.currencyCode),
    variant: (li: LineItemRec, _a, ctx) => (li.variantId ? ctx.store.variants.get(li.variantId) ?? null : null),
  },
  Refund: {
    processedAt: (r: RefundRec) => r.createdAt,
    updatedAt: (r: RefundRec) => r.createdAt,
    totalRefundedSet: (r: RefundRec, _a, ctx) => {
      const o = ctx.store.orders.get(r.orderId);
      const minor = r.lines.reduce((n, l) => n + l.quantity * (o?.lineItems.find((li) => li.id === l.lineItemId)?.unitMinor ?? 0), 0);
      return bag(minor, o?.currencyCode ?? ctx.store.shop.currencyCode);
    },
    refundLineItems: (r: RefundRec, a: Args, ctx) => {
      const o = ctx.store.orders.get(r.orderId);
      const rows = r.lines.map((l, i) => ({ ...l, refund: r, order: o, index: i }));
      return paginate(rows, a, (x) => [String(x.index).padStart(6, '0'), String(x.index)], ctx.unbounded);
    },
  },
  RefundLineItem: {
    id: () => null,
    lineItem: (l: RefundLineRec & { order?: OrderRec }) => l.order?.lineItems.find((li) => li.id === l.lineItemId),
    location: (l: RefundLineRec, _a, ctx) => (l.locationId ? ctx.store.locations.get(l.locationId) ?? null : null),
    restocked: (l: RefundLineRec) => l.restockType !== 'NO_RESTOCK',
    priceSet: (l: RefundLineRec & { order?: OrderRec }, _a, ctx) =>
      bag(l.order?.lineItems.find((li) => li.id === l.lineItemId)?.unitMinor ?? 0, l.order?.currencyCode ?? ctx.store.shop.currencyCode),
    subtotalSet: (l: RefundLineRec & { order?: OrderRec }, _a, ctx) =>
      bag(l.quantity * (l.order?.lineItems.find((li) => li.id === l.lineItemId)?.unitMinor ?? 0), l.order?.currencyCode ?? ctx.store.shop.currencyCode),
  },
  Customer: {
    displayName: (c: CustomerRec) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.phone || '',
    defaultEmailAddress: (c: CustomerRec) => (c.email ? { emailAddress: c.email } : null),
    defaultPhoneNumber: (c: CustomerRec) => (c.phone ? { phoneNumber: c.phone } : null),
  },
};
