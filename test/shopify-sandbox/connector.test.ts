// The real Shopify connector, unchanged, pointed at the sandbox: only its endpoint differs from
// a live shop. Pull listings, push stock (one applied, one raced by a sale), push a price.
import { describe, expect, it } from 'vitest';
import { createShopifyConnector } from '../../connectors/shopify/index.js';
import { shopifyConfigSchema } from '../../connectors/shopify/config.js';
import type { Change, ChangeOutcome, Logger } from '../../src/core/connector.js';
import { EARL, MUG, SHOP, WAREHOUSE, sandbox } from './helpers.js';

const log: Logger = { info: () => {}, debug: () => {}, warn: () => {} };

function change(sku: string, action: Change['action'], before: number | null, after: number, target: Change['target']): Change {
  return { channel: 'shopify', sku, channelSku: sku, action, before, after, key: `${sku}:${action}:${before}:${after}`, reason: 'test', target };
}

async function all(it: AsyncIterable<ChangeOutcome>): Promise<ChangeOutcome[]> {
  const out: ChangeOutcome[] = [];
  for await (const o of it) out.push(o);
  return out;
}

describe('the Shopify connector against the sandbox', () => {
  it('pulls listings and pushes stock and prices', async () => {
    const s = await sandbox();
    const config = shopifyConfigSchema.parse({
      shop: 'omni-demo', access_token: s.accessToken, endpoint: s.url, location_map: { warehouse: WAREHOUSE, store: SHOP },
      stock_from: ['warehouse', 'store'], page_size: 4,
    });
    const c = createShopifyConnector(config, 'shopify');
    expect(await c.check!()).toMatchObject({ ok: true });
    const snap = await c.pull({ cursors: {}, known: new Map(), now: () => new Date('2026-11-10T12:00:00Z'), log });
    expect(snap.listings).toHaveLength(10);
    expect(snap.listings.find((l) => l.sku === 'MUG-STONE-350')).toMatchObject({ remoteId: MUG.product, remoteVariantId: MUG.variant, inventoryItemId: MUG.item, quantity: 300, priceMinor: 1490 });

    s.createOrder({ lineItems: [{ sku: 'TEA-EARL-100', quantity: 1 }], locationId: WAREHOUSE }); // a sale races the push
    const before = s.mutationCounts();
    expect(before).toEqual({});
    const outcomes = await all(c.push!({ runId: 7, now: () => new Date(), log }, [
      change('MUG-STONE-350', 'stock', 300, 280, { remoteId: MUG.product, remoteVariantId: MUG.variant, inventoryItemId: MUG.item }),
      change('TEA-EARL-100', 'stock', 96, 90, { remoteId: EARL.product, remoteVariantId: EARL.variant, inventoryItemId: EARL.item }),
      change('MUG-STONE-350', 'price', 1490, 1590, { remoteId: MUG.product, remoteVariantId: MUG.variant, inventoryItemId: MUG.item }),
    ]));
    expect(outcomes.map((o) => [o.key.split(':')[0], o.outcome])).toEqual([['TEA-EARL-100', 'stale'], ['MUG-STONE-350', 'applied'], ['MUG-STONE-350', 'applied']]);
    expect(s.quantity('MUG-STONE-350', 'Warehouse')).toBe(280);
    expect(s.quantity('TEA-EARL-100', 'Warehouse')).toBe(95);
    expect(s.mutationCounts()).toEqual({ inventorySetQuantities: 2, productVariantsBulkUpdate: 1 });
  });

  it("watch's cheap reads reuse the locations of the last read; a full read asks Shopify again", async () => {
    const s = await sandbox();
    const config = shopifyConfigSchema.parse({
      shop: 'omni-demo', access_token: s.accessToken, endpoint: s.url, location_map: { warehouse: WAREHOUSE, store: SHOP }, stock_from: ['warehouse', 'store'],
    });
    const c = createShopifyConnector(config, 'shopify');
    const asked = () => s.requests().filter((r) => r.rootFields.includes('locations')).length;
    const ctx = (scope: 'full' | 'changes') => ({ cursors: { orders_updated_at: '2026-11-10T11:00:00Z' }, known: new Map(), now: () => new Date('2026-11-10T12:00:00Z'), log, scope });
    await c.pull(ctx('changes')); // nothing read yet: asked
    await c.pull(ctx('changes'));
    await c.pull(ctx('changes'));
    expect(asked()).toBe(1);
    await c.pull(ctx('full'));
    expect(asked()).toBe(2);
  });
});
