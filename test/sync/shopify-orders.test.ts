// Shopify orders are read to their last line: an order of 300 lines and a refund of 60 lines
// book every line. And what Shopify will not show (orders past 60 days without read_all_orders,
// a bulk read while another runs) is said or worked around. In-process on a fake clock.
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessWorld, type InProcessWorld } from '../support/inprocess-world.js';

let w: InProcessWorld | undefined;
afterEach(async () => { await w?.close(); w = undefined; });

const SKUS = ['MUG-STONE-350', 'TEA-EARL-100', 'TEA-SENCHA-100', 'POT-GLASS-1L', 'KETTLE-GOOSE', 'FILTER-V60-100'];
const WAREHOUSE = 'gid://shopify/Location/71234567001';

const movements = (x: InProcessWorld, like: string) => x.withDb((ws) => ws.db.$client.prepare(
  'SELECT count(*) AS n, coalesce(sum(delta), 0) AS units FROM stock_movements WHERE idempotency_key LIKE ?').get(like) as { n: number; units: number });

describe('Shopify orders, every line', () => {
  it('an order of 300 lines and a refund of 60 of them book every line', async () => {
    w = await inProcessWorld();
    expect((await w.sync(['shopify']))[0]!.status).toBe('ok'); // the cursor starts now
    w.clock.advance(60_000);
    const order = w.shopify.createOrder({ lineItems: Array.from({ length: 300 }, (_x, i) => ({ sku: SKUS[i % SKUS.length]!, quantity: 1 })), locationId: WAREHOUSE });
    const id = order.id.slice(order.id.lastIndexOf('/') + 1);
    const [sold] = await w.sync(['shopify']);
    expect(sold!.error).toBeUndefined();
    expect(await movements(w, `sale:shopify:${id}:%`)).toEqual({ n: 300, units: -300 });

    w.clock.advance(60_000);
    const refund = w.shopify.refund({ orderId: order.id, lines: order.lineItems.slice(0, 60).map((l) => ({ lineItemId: l.id })) });
    const [returned] = await w.sync(['shopify']);
    expect(returned!.error).toBeUndefined();
    const refundId = refund.id.slice(refund.id.lastIndexOf('/') + 1);
    expect(await movements(w, `return:shopify:${refundId}:%`)).toEqual({ n: 60, units: 60 });
  });

  it('says so when the last read is older than the 60 days of orders Shopify shows', async () => {
    w = await inProcessWorld();
    await w.sync(['shopify']);
    w.clock.advance(70 * 24 * 3600_000);
    const [r] = await w.sync(['shopify']);
    expect(r!.applied!.warnings.join('\n')).toMatch(/shopify: the last orders read was before .*only the last 60 days of orders \(unless it has the read_all_orders scope\)/);
  });
});

describe('Shopify catalog reads', () => {
  it('a bulk read Shopify refuses because another is running falls back to pages, and nothing is lost', async () => {
    w = await inProcessWorld({ shopify: '    bulk_threshold: 5\n    page_size: 3\n' });
    // another bulk query of this app is still running (e.g. left by a run that was killed)
    const res = await fetch(`${w.shopify.graphqlUrl}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-access-token': w.shopify.accessToken },
      body: JSON.stringify({ query: 'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }' }),
    });
    expect(((await res.json()) as { data: { bulkOperationRunQuery: { bulkOperation: unknown } } }).data.bulkOperationRunQuery.bulkOperation).not.toBeNull();
    const [r] = await w.sync(['shopify']);
    expect(r!.status).toBe('ok');
    expect(w.log.info.join('\n')).toMatch(/shopify: A bulk query operation for this app and shop is already in progress: .* Reading the catalog page by page instead\./);
    expect(r!.plan!.summary.listings).toBe(10);
    expect(r!.applied!.warnings.filter((x) => x.includes('incomplete'))).toEqual([]);
  });
});
