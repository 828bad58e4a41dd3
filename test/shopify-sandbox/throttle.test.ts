// Calculated query cost and the leaky bucket, with a hand-driven clock: drain, get THROTTLED
// (HTTP 200, no data, the cost extension), let time pass, succeed.
import { describe, expect, it } from 'vitest';
import { fakeClock, gql, sandbox } from './helpers.js';

const BIG = '{ products(first: 90) { edges { node { id title } } } }';

describe('query cost and throttling', () => {
  it('prices connections by first and refunds what was not returned', async () => {
    const s = await sandbox({ now: fakeClock().now });
    const r = await gql(s, BIG);
    // 2 + 90 × 1 requested; 2 + 10 × 1 returned (the seed has 10 products).
    expect(r.body.extensions?.cost).toEqual({ requestedQueryCost: 92, actualQueryCost: 12, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1988, restoreRate: 100 } });
    const nested = await gql(s, '{ products(first: 5) { edges { node { id variants(first: 4) { edges { node { id inventoryItem { id } } } } } } } }');
    // Requested: 2 + 5 × (product 1 + variants (2 + 4 × (variant 1 + inventoryItem 1))).
    // Actual: the 5 products returned have one variant each.
    expect(nested.body.extensions?.cost.requestedQueryCost).toBe(2 + 5 * (1 + 2 + 4 * 2));
    expect(nested.body.extensions?.cost.actualQueryCost).toBe(2 + 5 * (1 + 2 + 1 * 2));
  });

  it('throttles when the bucket cannot pay, and recovers as it restores', async () => {
    const clock = fakeClock();
    const s = await sandbox({ now: clock.now, bucket: { maximumAvailable: 100, restoreRate: 10 } });
    const first = await gql(s, BIG);
    expect(first.body.data).toBeTruthy();
    expect(first.body.extensions?.cost.throttleStatus.currentlyAvailable).toBe(100 - 92 + 80);
    const throttled = await gql(s, BIG);
    expect(throttled.status).toBe(200);
    expect(throttled.body.data).toBeUndefined();
    expect(throttled.body.errors).toEqual([{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: expect.any(String) } }]);
    expect(throttled.body.extensions?.cost).toEqual({ requestedQueryCost: 92, actualQueryCost: null, throttleStatus: { maximumAvailable: 100, currentlyAvailable: 88, restoreRate: 10 } });
    clock.advance(300); // 88 + 3 = 91 < 92
    expect((await gql(s, BIG)).body.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    clock.advance(1000);
    const after = await gql(s, BIG);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.extensions?.cost.throttleStatus.currentlyAvailable).toBe(100 - 92 + 80);
  });

  it('throttles mutations at 10 points each', async () => {
    const clock = fakeClock();
    const s = await sandbox({ now: clock.now, bucket: { maximumAvailable: 25, restoreRate: 5 } });
    const m = 'mutation { productUpdate(product: { id: "gid://shopify/Product/8812345670001", vendor: "X" }) { userErrors { message } } }';
    expect((await gql(s, m)).body.errors).toBeUndefined();
    expect((await gql(s, m)).body.errors).toBeUndefined();
    expect((await gql(s, m)).body.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    expect(s.mutationCounts()).toEqual({ productUpdate: 2 });
    clock.advance(1000);
    expect((await gql(s, m)).body.errors).toBeUndefined();
  });

  it('refuses a single query above the 1000-point ceiling', async () => {
    const s = await sandbox();
    const r = await gql(s, '{ products(first: 250) { edges { node { variants(first: 250) { edges { node { id } } } } } } }');
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', maxCost: 1000 });
  });

  it('can have its bucket set through the control endpoint', async () => {
    const s = await sandbox({ now: fakeClock().now });
    await fetch(`${s.url}/_sandbox/bucket`, { method: 'POST', body: JSON.stringify({ currentlyAvailable: 0 }) });
    expect((await gql(s, '{ shop { name } }')).body.errors?.[0]?.message).toBe('Throttled');
  });
});
