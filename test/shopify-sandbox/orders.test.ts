// Orders: the seed's orders, a sale made through the control endpoint showing up in an
// `updated_at:>…` query (and taking stock), a cancellation restocking it, refunds and customers.
import { describe, expect, it } from 'vitest';
import { ORDERS_QUERY } from '../../connectors/shopify/queries.js';
import { MUG, WAREHOUSE, control, fakeClock, gql, sandbox } from './helpers.js';

interface OrderNode {
  id: string; name: string; updatedAt: string; cancelledAt: string | null; displayFinancialStatus: string;
  totalPriceSet: { shopMoney: { amount: string; currencyCode: string } };
  customer: { email: string | null; firstName: string | null } | null;
  lineItems: { edges: { node: { sku: string; quantity: number; currentQuantity?: number } }[] };
  refunds: { refundLineItems: { edges: { node: { quantity: number; restockType: string; lineItem: { sku: string } } }[] } }[];
}
interface Orders { orders: { edges: { node: OrderNode }[]; pageInfo: { hasNextPage: boolean } } }

const SINCE = `query($q: String) { orders(first: 10, query: $q, sortKey: UPDATED_AT) { edges { node {
  id name updatedAt cancelledAt displayFinancialStatus totalPriceSet { shopMoney { amount currencyCode } }
  customer { email firstName }
  lineItems(first: 10) { edges { node { sku quantity currentQuantity } } }
  refunds { refundLineItems(first: 10) { edges { node { quantity restockType lineItem { sku } } } } }
} } pageInfo { hasNextPage } } }`;

describe('orders', () => {
  it('reads the seed orders with refunds, sorted by updatedAt', async () => {
    const s = await sandbox({ now: fakeClock(Date.parse('2026-11-10T12:00:00Z')).now });
    const r = await gql<Orders>(s, SINCE, { q: "updated_at:>'2026-11-01T00:00:00Z'" });
    const nodes = r.body.data!.orders.edges.map((e) => e.node);
    expect(nodes.map((o) => o.name)).toEqual(['#1001', '#1002', '#1003']);
    const o2 = nodes[1]!;
    expect(o2.displayFinancialStatus).toBe('PARTIALLY_REFUNDED');
    expect(o2.totalPriceSet.shopMoney).toEqual({ amount: '60.8', currencyCode: 'EUR' });
    expect(o2.lineItems.edges.map((e) => e.node)).toEqual([{ sku: 'KETTLE-GOOSE', quantity: 1, currentQuantity: 1 }, { sku: 'FILTER-V60-100', quantity: 2, currentQuantity: 1 }]);
    expect(o2.refunds[0]?.refundLineItems.edges[0]?.node).toEqual({ quantity: 1, restockType: 'RETURN', lineItem: { sku: 'FILTER-V60-100' } });
    const later = await gql<Orders>(s, SINCE, { q: "updated_at:>'2026-11-05T10:12:00Z'" });
    expect(later.body.data!.orders.edges.map((e) => e.node.name)).toEqual(['#1003']);
  });

  it('shows a sale made during a sync in updated_at:> and takes the stock', async () => {
    const clock = fakeClock(Date.parse('2026-11-10T12:00:00Z'));
    const s = await sandbox({ now: clock.now });
    const cursor = '2026-11-10T11:59:00Z';
    expect((await gql<Orders>(s, SINCE, { q: `updated_at:>'${cursor}'` })).body.data!.orders.edges).toEqual([]);
    const made = await control(s, 'POST', '/orders', { lineItems: [{ sku: 'MUG-STONE-350', quantity: 3 }], customer: { email: 'new@example.com', firstName: 'Mia' } });
    expect(made.status).toBe(200);
    const r = await gql<Orders>(s, SINCE, { q: `updated_at:>'${cursor}'` });
    const [o] = r.body.data!.orders.edges.map((e) => e.node);
    expect(o).toMatchObject({ name: '#1004', updatedAt: '2026-11-10T12:00:00Z', cancelledAt: null, displayFinancialStatus: 'PAID', customer: { email: 'new@example.com', firstName: 'Mia' } });
    expect(o!.totalPriceSet.shopMoney.amount).toBe('44.7');
    expect(s.quantity('MUG-STONE-350', 'Warehouse')).toBe(297);
    expect(s.quantity('MUG-STONE-350', 'Warehouse', 'committed')).toBe(3);
    expect(s.quantity('MUG-STONE-350', 'Warehouse', 'on_hand')).toBe(300);

    clock.advance(60_000);
    const cancelled = await control(s, 'POST', '/orders/cancel', { id: o!.id });
    expect(cancelled.status).toBe(200);
    const again = await gql<Orders>(s, SINCE, { q: "updated_at:>'2026-11-10T12:00:30Z'" });
    const c = again.body.data!.orders.edges[0]!.node;
    expect(c).toMatchObject({ cancelledAt: '2026-11-10T12:01:00Z', updatedAt: '2026-11-10T12:01:00Z', displayFinancialStatus: 'REFUNDED' });
    expect(c.lineItems.edges[0]?.node.currentQuantity).toBe(0);
    expect(c.refunds[0]?.refundLineItems.edges[0]?.node).toMatchObject({ quantity: 3, restockType: 'CANCEL' });
    expect(s.quantity('MUG-STONE-350', 'Warehouse')).toBe(300);
  });

  it('takes the sale from the first location that has the units', async () => {
    const s = await sandbox();
    s.setQuantity({ sku: 'KETTLE-GOOSE', locationName: 'Warehouse', quantity: 0 });
    s.createOrder({ lineItems: [{ sku: 'KETTLE-GOOSE', quantity: 1 }] });
    expect(s.quantity('KETTLE-GOOSE', 'Shop')).toBe(1);
  });

  it('runs omni\'s ORDERS_QUERY', async () => {
    const s = await sandbox({ now: fakeClock(Date.parse('2026-11-10T12:00:00Z')).now });
    const r = await gql<Orders>(s, ORDERS_QUERY, { first: 1, after: null, query: "updated_at:>'2026-11-01T00:00:00Z'" });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.orders.pageInfo.hasNextPage).toBe(true);
  });

  it('control endpoints: set a quantity, read the state, refuse nonsense', async () => {
    const s = await sandbox();
    expect((await control(s, 'POST', '/inventory', { inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 7 })).status).toBe(200);
    const state = (await control(s, 'GET', '/state')).body as { inventoryLevels: { itemId: string; locationId: string; q: { available: number } }[] };
    expect(state.inventoryLevels.find((l) => l.itemId === MUG.item && l.locationId === WAREHOUSE)?.q.available).toBe(7);
    expect((await control(s, 'POST', '/orders', { lineItems: [{ sku: 'NOPE', quantity: 1 }] })).status).toBe(400);
    expect((await control(s, 'GET', '/nothing')).status).toBe(404);
    await control(s, 'POST', '/reset');
    expect(s.quantity('MUG-STONE-350', 'Warehouse')).toBe(300);
    expect((await control(s, 'GET', '/mutations')).body).toEqual({});
  });

  it('shows only the last 60 days of orders unless the app has read_all_orders', async () => {
    const at = Date.parse('2026-11-10T12:00:00Z');
    const later = fakeClock(at + 61 * 24 * 3600_000); // the seed orders (early November) are now 61+ days old
    const s = await sandbox({ now: later.now });
    const all = "updated_at:>'2026-01-01T00:00:00Z'";
    expect((await gql<Orders>(s, SINCE, { q: all })).body.data!.orders.edges).toEqual([]);
    expect((await gql<{ order: unknown }>(s, 'query($id: ID!) { order(id: $id) { id } }', { id: 'gid://shopify/Order/6012345670001' })).body.data!.order).toBeNull();
    const granted = await sandbox({ now: later.now, readAllOrders: true });
    expect((await gql<Orders>(granted, SINCE, { q: all })).body.data!.orders.edges).toHaveLength(3);
  });

  it('refuses an input array over 250 on any field, and `first` over 250 on a list', async () => {
    const s = await sandbox({ now: fakeClock(Date.parse('2026-11-10T12:00:00Z')).now });
    const ids = Array.from({ length: 251 }, (_x, i) => `gid://shopify/Product/${i + 1}`);
    const r = await gql(s, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(r.body.errors?.[0]).toMatchObject({ message: 'The input array size of 251 is greater than the maximum allowed of 250.', extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' } });
    const literal = await gql(s, `{ nodes(ids: [${ids.map((i) => JSON.stringify(i)).join(',')}]) { id } }`);
    expect(literal.body.errors?.[0]?.extensions?.code).toBe('MAX_INPUT_SIZE_EXCEEDED');
    const first = await gql(s, `{ orders(first: 1) { edges { node { refunds(first: 251) { id } } } } }`);
    expect(first.body.errors?.[0]?.message).toBe('The first argument must be between 0 and 250.');
  });
});
