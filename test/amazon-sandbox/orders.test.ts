import { afterEach, describe, expect, it } from 'vitest';
import { call, q, start, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.sb.close());

const search = (p: Record<string, string | number | undefined>): string => '/orders/2026-01-01/orders' + q(p);

describe('searchOrders', () => {
  it('returns orders updated since lastUpdatedAfter, oldest first, with items inside', async () => {
    h = await start();
    const r = await call(h, 'GET', search({ lastUpdatedAfter: '2026-11-19T12:00:00Z', marketplaceIds: h.sb.marketplaceId }));
    expect(r.status).toBe(200);
    expect(r.body.orders.map((o: any) => o.orderId)).toEqual(['028-1000003-4000003', '028-1000002-4000002', '028-1000004-4000004']);
    expect(r.body.orders[2].orderItems.map((i: any) => i.product.sellerSku)).toEqual(['POT-GLASS-1L', 'CUP-ESPRESSO-2']);
    expect(r.body.lastUpdatedBefore).toBe(new Date(h.clock.now()).toISOString());
    // Datasets only when asked for.
    expect(r.body.orders[0].buyer).toBeUndefined();
    expect(r.body.orders[0].fulfillment).toBeUndefined();
  });

  it('includes buyer, fulfillment and proceeds on request; e-mail only for merchant-fulfilled orders', async () => {
    h = await start();
    const r = await call(h, 'GET', search({ createdAfter: '2026-11-01T00:00:00Z', includedData: 'BUYER,FULFILLMENT,PROCEEDS' }));
    const by = Object.fromEntries(r.body.orders.map((o: any) => [o.orderId, o]));
    expect(by['028-1000003-4000003'].fulfillment).toMatchObject({ fulfillmentStatus: 'CANCELLED', fulfilledBy: 'MERCHANT' });
    expect(by['028-1000002-4000002'].fulfillment.fulfilledBy).toBe('AMAZON');
    expect(by['028-1000002-4000002'].buyer.buyerEmail).toBeUndefined();
    expect(by['028-1000001-4000001'].buyer.buyerEmail).toMatch(/@marketplace\.amazon\.de$/);
    expect(by['028-1000004-4000004'].proceeds.grandTotal).toEqual({ amount: '48.50', currencyCode: 'EUR' });
    expect(r.body.createdBefore).toBeDefined();
  });

  it('pages with paginationToken bound to the original parameters', async () => {
    h = await start();
    const base = { lastUpdatedAfter: '2026-11-01T00:00:00Z', marketplaceIds: h.sb.marketplaceId };
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const r = await call(h, 'GET', search({ ...base, maxResultsPerPage: 1, paginationToken: token }));
      expect(r.status).toBe(200);
      ids.push(...r.body.orders.map((o: any) => o.orderId));
      token = r.body.pagination?.nextToken;
    } while (token);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    const first = await call(h, 'GET', search({ ...base, maxResultsPerPage: 1 }));
    // "All other parameters must be provided with the same values" (model): a bare token is refused.
    const bare = await call(h, 'GET', search({ paginationToken: first.body.pagination.nextToken, marketplaceIds: h.sb.marketplaceId }));
    expect(bare.status).toBe(400);
  });

  it('requires exactly one of createdAfter and lastUpdatedAfter, and a before bound two minutes in the past', async () => {
    h = await start();
    expect((await call(h, 'GET', search({}))).status).toBe(400);
    expect((await call(h, 'GET', search({ createdAfter: '2026-11-01T00:00:00Z', lastUpdatedAfter: '2026-11-01T00:00:00Z' }))).status).toBe(400);
    const r = await call(h, 'GET', search({ lastUpdatedAfter: '2026-11-01T00:00:00Z', lastUpdatedBefore: new Date(h.clock.now() - 60_000).toISOString() }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe('InvalidInput');
    expect((await call(h, 'GET', search({ lastUpdatedAfter: '2026-11-01T00:00:00Z', maxResultsPerPage: 101 }))).status).toBe(400);
  });

  it('filters by fulfilledBy and fulfillmentStatuses', async () => {
    h = await start();
    const afn = await call(h, 'GET', search({ createdAfter: '2026-11-01T00:00:00Z', fulfilledBy: 'AMAZON' }));
    expect(afn.body.orders.map((o: any) => o.orderId)).toEqual(['028-1000002-4000002']);
    const cancelled = await call(h, 'GET', search({ createdAfter: '2026-11-01T00:00:00Z', fulfillmentStatuses: 'CANCELLED' }));
    expect(cancelled.body.orders.map((o: any) => o.orderId)).toEqual(['028-1000003-4000003']);
  });
});

describe('orders made in the sandbox', () => {
  it('takes MFN orders off the listing quantity and AFN orders off FBA stock; a cancel puts them back', async () => {
    h = await start();
    const mfn = h.sb.createOrder({ lines: [{ sku: 'KETTLE-GOOSE', quantity: 3 }] });
    expect(h.sb.store().listings.get('KETTLE-GOOSE')!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 1 }]);
    const res = await fetch(`${h.sb.url}/_sandbox/orders`, { method: 'POST', body: JSON.stringify({ fulfilledBy: 'AMAZON', lines: [{ sku: 'MUG-STONE-350', quantity: 5 }] }) });
    expect(res.status).toBe(201);
    expect(h.sb.store().fba.get('MUG-STONE-350')!.fulfillable).toBe(195);
    h.clock.advance(10 * 60_000);
    h.sb.cancelOrder(mfn.orderId);
    expect(h.sb.store().listings.get('KETTLE-GOOSE')!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 4 }]);
    const since = new Date(h.clock.now() - 60_000).toISOString();
    const r = await call(h, 'GET', search({ lastUpdatedAfter: since, includedData: 'FULFILLMENT,CANCELLATION' }));
    expect(r.body.orders).toHaveLength(1);
    expect(r.body.orders[0]).toMatchObject({ orderId: mfn.orderId, fulfillment: { fulfillmentStatus: 'CANCELLED' } });
    expect(r.body.orders[0].orderItems[0].cancellation.cancellationExecution.cancelledBy).toBe('BUYER');
    const g = await call(h, 'GET', `/orders/2026-01-01/orders/${mfn.orderId}?includedData=FULFILLMENT`);
    expect(g.body.order.fulfillment.fulfillmentStatus).toBe('CANCELLED');
    expect((await call(h, 'GET', '/orders/2026-01-01/orders/028-0000000-0000000')).status).toBe(404);
  });
});
