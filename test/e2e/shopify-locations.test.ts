// Every Shopify location accounted for, against the Shopify sandbox over loopback: Shopify sells the
// sum over its locations, so with two mapped locations omni publishes at one and sets the other to
// 0 (compare-and-swapped); a location omni does not manage is left alone and warned about, by sync
// and doctor, with the units it adds to what Shopify sells.
import { afterEach, describe, expect, it } from 'vitest';
import { shopifyWorld, type ShopifyWorld } from '../support/shopify-workspace.js';
import { cleanup } from '../support/workspace.js';

let w: ShopifyWorld | undefined;
afterEach(async () => { if (w) { await w.sandbox.close(); cleanup(w.dir); w = undefined; } });

interface Report {
  channels: { status: string; warnings: string[]; summary: Record<string, number> }[];
  changes: { sku: string; location: string | null; action: string; before: string; after: string; outcome: string; why: string }[];
}
interface StockLine { sku: string; published: Record<string, number | null> }

const SKUS = ['MUG-STONE-350', 'TEA-EARL-100', 'TEA-SENCHA-100', 'POT-GLASS-1L', 'CUP-ESPRESSO-2', 'KETTLE-GOOSE', 'FILTER-V60-100', 'COFFEE-HOUSE-500', 'TOWEL-LINEN', 'GIFT-TEA-SET'];
/** What Shopify sells of a sku: the sum of `available` over every location. */
const sold = (x: ShopifyWorld, sku: string, locations = ['Warehouse', 'Shop']) => locations.reduce((n, l) => n + (x.sandbox.quantity(sku, l) ?? 0), 0);

describe('Shopify locations (sandbox)', () => {
  it('with two mapped locations, what Shopify sells equals what omni publishes, for every sku', async () => {
    w = await shopifyWorld();
    // the seed holds stock at both: Shopify sells 300 + 200 mugs where omni means 498
    expect(sold(w, 'MUG-STONE-350')).toBe(500);
    const r = await w.json<Report>(['sync', '--channel', 'shopify']);
    expect(r.channels[0]!.status).toBe('ok'); // zeroing the Shop location is not a zeroed listing for the guard
    const published = Object.fromEntries(((await w.json<{ lines: StockLine[] }>(['stock'])).lines).map((l) => [l.sku, l.published.shopify]));
    for (const sku of SKUS) expect(sold(w, sku), sku).toBe(published[sku]);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Shop')).toBe(0);
    const shop = r.changes.find((c) => c.sku === 'MUG-STONE-350' && c.location === 'store')!;
    expect(shop).toMatchObject({ action: 'stock', before: 200, after: 0, outcome: 'applied' });
    expect(shop.why).toContain('store gets 0');
    expect(w.sandbox.mutationCounts().inventorySetQuantities).toBe(1); // both locations in one call
    // a second run has nothing to send
    expect((await w.json<Report>(['sync', '--channel', 'shopify'])).changes).toEqual([]);

    // someone receives 5 mugs at the Shop location in Shopify admin: the next sync takes them back to 0
    w.sandbox.setQuantity({ sku: 'MUG-STONE-350', locationName: 'Shop', quantity: 5 });
    const again = await w.json<Report>(['sync', '--channel', 'shopify']);
    expect(again.changes.map((c) => [c.sku, c.location, c.before, c.after])).toEqual([['MUG-STONE-350', 'store', 5, 0]]);
    expect(sold(w, 'MUG-STONE-350')).toBe(published['MUG-STONE-350']);
  });

  it('a sale at the second location racing the push is stale there, and the next run converges', async () => {
    w = await shopifyWorld();
    const sandbox = w.sandbox;
    // a sale of a mug at the Shop location lands between omni's pull and its push
    sandbox.beforeRequest('inventorySetQuantities', () => { sandbox.createOrder({ lineItems: [{ sku: 'MUG-STONE-350', quantity: 1 }], locationId: 'gid://shopify/Location/71234567002' }); });
    const r = await w.run(['--json', 'sync', '--channel', 'shopify']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.changes.find((c) => c.sku === 'MUG-STONE-350' && c.location === 'store')).toMatchObject({ outcome: 'stale' });
    expect(report.changes.find((c) => c.sku === 'MUG-STONE-350' && c.location === null)).toMatchObject({ outcome: 'applied' });
    expect(w.sandbox.quantity('MUG-STONE-350', 'Shop')).toBe(199); // not ours to overwrite blindly
    expect((await w.run(['sync', '--channel', 'shopify'])).code).toBe(0);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Shop')).toBe(0);
    expect(sold(w, 'MUG-STONE-350')).toBe(300 + 200 - 1 - 2); // the sale came in from the warehouse, buffer 2
  });

  it('stock at a location omni does not manage is left alone and warned about by sync and doctor', async () => {
    w = await shopifyWorld();
    w.sandbox.addLocation('Pop-up market');
    w.sandbox.setQuantity({ sku: 'MUG-STONE-350', locationName: 'Pop-up market', quantity: 7 });
    w.sandbox.setQuantity({ sku: 'KETTLE-GOOSE', locationName: 'Pop-up market', quantity: 2 });
    const r = await w.run(['--json', 'sync', '--channel', 'shopify']);
    expect(r.code, r.stderr).toBe(0); // a warning, not a failure
    const report = JSON.parse(r.stdout) as Report;
    expect(report.channels[0]!.warnings).toContainEqual(expect.stringContaining(
      'shopify: location "Pop-up market" is not one omni manages and holds 9 unit(s) of 2 synced item(s) (MUG-STONE-350 7, KETTLE-GOOSE 2); shopify sells them on top of what omni publishes'));
    expect(report.changes.some((c) => c.location !== null && c.location !== 'store')).toBe(false);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Pop-up market')).toBe(7);
    expect(sold(w, 'MUG-STONE-350', ['Warehouse', 'Shop', 'Pop-up market'])).toBe(498 + 7);
    const doctor = await w.run(['doctor']);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/WARN\s+channel shopify: reached shop/);
    expect(doctor.stdout).toContain('Shopify location "Pop-up market"');
    expect(doctor.stdout).toContain('holds 9 unit(s) of 2 item(s) with a SKU (MUG-STONE-350 7, KETTLE-GOOSE 2)');
    // once that stock is moved away, doctor passes again
    w.sandbox.setQuantity({ sku: 'MUG-STONE-350', locationName: 'Pop-up market', quantity: 0 });
    w.sandbox.setQuantity({ sku: 'KETTLE-GOOSE', locationName: 'Pop-up market', quantity: 0 });
    expect((await w.run(['doctor'])).stdout).toMatch(/PASS\s+channel shopify/);
  });
});
