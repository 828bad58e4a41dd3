// The SQL pre-filter must never hide a change: for random masters and remembered listings, the plan
// from pre-filtered rows equals the plan from every row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import fc from 'fast-check';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { planInput } from '../../src/db/plan-input.js';
import { planChannel } from '../../src/core/plan.js';
import { tempDir, cleanup } from '../support/workspace.js';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = tempDir();
  db = openDb(path.join(dir, 'omni.sqlite'));
  syncLocations(db, [{ code: 'store', kind: 'store' }, { code: 'warehouse', kind: 'warehouse' }, { code: 'fba', kind: 'channel' }]);
});
afterAll(() => { closeDb(db); cleanup(dir); });

const sku = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F');
const product = fc.record({ sku, price: fc.option(fc.integer({ min: 0, max: 3000 })), hash: fc.constantFrom('h1', 'h2') });
const level = fc.record({ sku, location: fc.constantFrom('store', 'warehouse', 'fba'), onHand: fc.integer({ min: -5, max: 40 }) });
const listing = fc.record({ sku, quantity: fc.option(fc.integer({ min: 0, max: 60 })), price: fc.option(fc.integer({ min: 0, max: 3000 })), hash: fc.option(fc.constantFrom('h1', 'h2')) });
const rules = fc.record({
  stockFrom: fc.subarray(['store', 'warehouse', 'fba'], { minLength: 1 }),
  buffer: fc.integer({ min: 0, max: 10 }),
  allocation: fc.constantFrom(1, 0.8, 0.7, 0.5, 0.33),
});
const price = fc.record({ source: fc.constantFrom('master' as const, 'markup' as const), markup_percent: fc.constantFrom(0, 10, 15.5), round_to: fc.option(fc.constantFrom(99, 90), { nil: undefined }) });
const push = fc.record({ stock: fc.boolean(), price: fc.boolean(), content: fc.boolean() });

describe('plan input pre-filter', () => {
  it('gives the same plan as planning every row', () => {
    fc.assert(fc.property(fc.uniqueArray(product, { selector: (p) => p.sku }), fc.array(level), fc.uniqueArray(listing, { selector: (l) => l.sku }), rules, price, push, fc.boolean(),
      (products, levels, listings, r, p, pu, bundle) => {
        const c = db.$client;
        c.exec('DELETE FROM bundle_components; DELETE FROM channel_listings; DELETE FROM stock_levels; DELETE FROM products;');
        for (const x of products) c.prepare("INSERT INTO products (sku, title, price_minor, currency, content_hash) VALUES (?, ?, ?, 'EUR', ?)").run(x.sku, x.sku, x.price, x.hash);
        const known = new Set(products.map((x) => x.sku));
        for (const l of levels) if (known.has(l.sku)) c.prepare('INSERT OR REPLACE INTO stock_levels (sku, location, on_hand) VALUES (?, ?, ?)').run(l.sku, l.location, l.onHand);
        for (const l of listings) c.prepare("INSERT INTO channel_listings (channel, sku, seen_quantity, seen_price_minor, seen_content_hash) VALUES ('web', ?, ?, ?, ?)").run(l.sku, l.quantity, l.price, l.hash);
        if (bundle && products.length >= 3) {
          c.prepare('INSERT INTO bundle_components (bundle_sku, component_sku, quantity) VALUES (?, ?, 2)').run(products[0]!.sku, products[1]!.sku);
          c.prepare('INSERT INTO bundle_components (bundle_sku, component_sku, quantity) VALUES (?, ?, 1)').run(products[0]!.sku, products[2]!.sku);
        }
        const now = new Date(0);
        const plan = (prefilter: boolean) => {
          const input = planInput(db, 'web', r, p, { push: pu, prefilter });
          return planChannel(input.rows, { channel: 'web', push: pu, planCreates: true, listedTotal: input.listedTotal }, now);
        };
        const all = plan(false);
        const filtered = plan(true);
        expect(filtered.changes).toEqual(all.changes);
        expect(filtered.summary).toEqual(all.summary);
        expect(filtered.warnings).toEqual(all.warnings);
      }), { numRuns: 300 });
  });
});
