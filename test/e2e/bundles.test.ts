// A bundle holds no stock: a bundle sold on Shopify, on Amazon and at the till (POS export) takes
// its components off, once, through re-pulls, cancels and returns; every channel then publishes
// the lower numbers. Real CLI, real SQLite, both sandboxes over loopback, a real POS export file.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { channelsWorld, type ChannelsWorld } from '../support/channels-workspace.js';
import { cleanup, ROOT } from '../support/workspace.js';
import type { AmazonSeed } from '../../connectors/amazon/sandbox/index.js';

let w: ChannelsWorld | undefined;
afterEach(async () => { if (w) { await w.close(); cleanup(w.dir); w = undefined; } });

interface StockLine { sku: string; total: number; locations: Record<string, number>; published: Record<string, number | null> }
const PARTS = ['POT-GLASS-1L', 'TEA-EARL-100', 'TEA-SENCHA-100'];

/** The shipped Amazon seller, which also sells the gift set as a merchant-fulfilled offer. */
function amazonSeed(): AmazonSeed {
  const seed = JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'amazon', 'seed.json'), 'utf8')) as AmazonSeed;
  seed.listings.push({ sku: 'GIFT-TEA-SET', asin: 'B0SBXGIFT1', itemName: 'Tea gift set', productType: 'GROCERY', fulfillment: 'MFN', quantity: 1, price: '44.00', createdDate: '2025-09-01T09:00:00Z', lastUpdatedDate: '2026-11-01T09:00:00Z' });
  return seed;
}

const POS = `  pos:
    type: pos-file
    preset: generic
    location: store
    stock_from: [store]
    fulfil_from: [store]
    sales_file: exports/sales-*.csv
    import_file: to-pos/pos-import-{date}.csv
`;
let tick = Date.now() / 1000 - 1000;
function dropSales(dir: string, name: string, rows: string[]): void {
  mkdirSync(path.join(dir, 'exports'), { recursive: true });
  const file = path.join(dir, 'exports', name);
  writeFileSync(file, ['receipt,date,time,sku,quantity,price', ...rows].join('\n') + '\n');
  tick += 10;
  utimesSync(file, tick, tick);
}

async function levels(x: ChannelsWorld): Promise<Record<string, StockLine>> {
  return Object.fromEntries(((await x.json<{ lines: StockLine[] }>(['stock'])).lines).map((l) => [l.sku, l]));
}

const amazonQty = (x: ChannelsWorld, sku: string) =>
  (x.amazon.store().listings.get(sku)?.attributes.fulfillment_availability as { fulfillment_channel_code: string; quantity?: number }[] | undefined)
    ?.find((f) => f.fulfillment_channel_code === 'DEFAULT')?.quantity;

describe('bundles in the ledger (Shopify, Amazon and POS)', () => {
  // one story told in order on a slow shared machine: more than the default minute
  it('a bundle sold anywhere lowers each component once, cancels and returns put them back, every channel publishes the lower numbers', { timeout: 240_000 }, async () => {
    w = await channelsWorld({ sandbox: { seed: amazonSeed() }, channels: POS });
    dropSales(w.dir, 'sales-0.csv', []);
    const first = await w.run(['sync', '--all']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const start = await levels(w);
    // the master's bundle holds nothing of its own
    expect(start['GIFT-TEA-SET']!.total).toBe(0);

    // Shopify: one set from the warehouse
    w.shopify.createOrder({ lineItems: [{ sku: 'GIFT-TEA-SET', quantity: 1 }], locationId: 'gid://shopify/Location/71234567001' });
    // Amazon, merchant-fulfilled: two sets
    const amazonOrder = w.amazon.createOrder({ fulfilledBy: 'MERCHANT', lines: [{ sku: 'GIFT-TEA-SET', quantity: 2 }] });
    // the till: one set sold in the shop
    dropSales(w.dir, 'sales-1.csv', ['R-1,2026-11-23,10:00,GIFT-TEA-SET,1,44.00']);
    const r = await w.run(['sync', '--all']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await w.run(['sync', '--all'])).code).toBe(0); // everything pulled again: nothing twice
    const after = await levels(w);
    for (const part of PARTS) {
      expect(after[part]!.locations.warehouse, part).toBe(start[part]!.locations.warehouse! - 3);
      expect(after[part]!.locations.store, part).toBe(start[part]!.locations.store! - 1);
    }
    expect(after['GIFT-TEA-SET']!.total).toBe(0);
    // every channel publishes the lower numbers: teapots are the scarce part (9 + 3 at first)
    expect(after['POT-GLASS-1L']!.locations).toMatchObject({ warehouse: 6, store: 2 });
    expect(w.shopify.quantity('POT-GLASS-1L', 'Warehouse')).toBe(6 + 2 - 2); // buffer 2
    expect(w.shopify.quantity('GIFT-TEA-SET', 'Warehouse')).toBe(6 + 2 - 2); // the bundle: what its teapots allow
    expect(amazonQty(w, 'POT-GLASS-1L')).toBe(4); // floor(6 × 80%)
    expect(amazonQty(w, 'GIFT-TEA-SET')).toBe(4);
    expect(amazonQty(w, 'TEA-SENCHA-100')).toBe(Math.floor((30 - 3) * 0.8));
    const posFiles = readdirSync(path.join(w.dir, 'to-pos')).sort();
    const posImport = readFileSync(path.join(w.dir, 'to-pos', posFiles.at(-1)!), 'utf8');
    expect(posImport).toMatch(/POT-GLASS-1L,[^\n]*,2\r?\n/); // the shop's teapots: 3 - 1
    // sales reports still see the set that was sold
    const orders = (await w.json<{ orders: { channel: string; skus: string; units: number }[] }>(['orders', 'list', '--sku', 'GIFT-TEA-SET'])).orders;
    expect(orders.map((o) => [o.channel, o.units]).sort()).toEqual([['amazon', 2], ['pos', 1], ['shopify', 1]]);

    // Amazon cancels its order: both sets' parts go back, once
    w.amazon.cancelOrder(amazonOrder.orderId);
    expect((await w.run(['sync', '--all'])).code).toBe(0);
    expect((await w.run(['sync', '--all'])).code).toBe(0);
    const cancelled = await levels(w);
    for (const part of PARTS) expect(cancelled[part]!.locations.warehouse, part).toBe(start[part]!.locations.warehouse! - 1);
    expect(amazonQty(w, 'POT-GLASS-1L')).toBe(Math.floor(8 * 0.8));

    // the Shopify set comes back to the shop: its parts are restocked there
    const shopifyOrder = ((await w.json<{ orders: { remoteId: string; channel: string }[] }>(['orders', 'list', '--channel', 'shopify'])).orders)[0]!;
    const back = await w.json<{ applied: boolean }>(['returns', 'add', '--order', `shopify:${shopifyOrder.remoteId}`, '--sku', 'GIFT-TEA-SET', '--qty', '1', '--to', 'store', '-k', 'gift-back']);
    expect(back.applied).toBe(true);
    await w.json(['returns', 'add', '--order', `shopify:${shopifyOrder.remoteId}`, '--sku', 'GIFT-TEA-SET', '--qty', '1', '--to', 'store', '-k', 'gift-back']);
    const returned = await levels(w);
    for (const part of PARTS) expect(returned[part]!.locations.store, part).toBe(start[part]!.locations.store!);
  });
});
