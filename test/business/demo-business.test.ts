import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { copyFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/load.js';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { applyCount } from '../../src/db/ledger.js';
import { importProducts } from '../../src/app/products-import.js';
import { fixturesDir } from '../../src/app/demo.js';
import { seedBusinessDemo } from '../../src/app/demo-business.js';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { tempDir, cleanup } from '../support/workspace.js';

let dir: string;
let db: Db;
afterEach(() => { closeDb(db); cleanup(dir); });

describe('demo: one business', () => {
  it('seeds an online customer returning in the shop, and prints a suggested PO', async () => {
    dir = tempDir();
    copyFileSync(path.join(fixturesDir(), 'config.yaml'), path.join(dir, 'config.yaml'));
    const { config } = loadConfig(path.join(dir, 'config.yaml'));
    db = openDb(path.join(dir, 'omni.sqlite'), { create: true });
    syncLocations(db, config.locations);
    await importProducts(db, path.join(fixturesDir(), 'products.csv'), 'EUR');
    for (const r of parse(readFileSync(path.join(fixturesDir(), 'stock.csv'), 'utf8'), { columns: true }) as Record<string, string>[]) {
      applyCount(db, { sku: r.sku!, location: r.location!, counted: Number(r.quantity), idempotencyKey: `seed:${r.sku}:${r.location}` });
    }
    const d = seedBusinessDemo(db, config, new Date('2026-05-10T09:00:00Z'));
    expect(d.customer.identities.map((i) => i.channel)).toEqual(['pos', 'shopify']);
    expect(d.customer.orders.map((o) => `${o.channel}:${o.remoteId}`)).toEqual(['pos:POS-2207', 'shopify:1001']);
    expect(d.customer.returns).toEqual([expect.objectContaining({ channel: 'shopify', location: 'store', quantity: 1 })]);
    expect(d.returned.onHand).toBe(201);
    expect(d.suggestion.purchaseOrders.map((p) => [p.supplier, p.lines.map((l) => [l.sku, l.quantity])])).toEqual([
      ['nordkeramik', [['CUP-ESPRESSO-2', 24]]],
      ['roesterei-hansen', [['COFFEE-HOUSE-500', 40]]],
    ]);
    expect(d.lines.join('\n')).toContain('nordkeramik: 24 × CUP-ESPRESSO-2 = 187.20 EUR, expected 2026-05-22');
  });
});
