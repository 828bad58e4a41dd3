// Bundles in the ledger, on a real SQLite master: a sale, cancel and refund of a bundle move its
// components (keys per order line and component), a short component is booked and warned about,
// the same order pulled again moves nothing, and nested bundles are refused when defined.
// Channel-counted locations refuse hand moves. The CLI parts run the built CLI.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyOrders } from '../../src/db/orders.js';
import { setBundle } from '../../src/db/bundles.js';
import { upsertProduct } from '../../src/db/products.js';
import { levelsForSku, ledgerMismatches } from '../../src/db/stock.js';
import { cleanup, omni } from '../support/workspace.js';
import { order, shop, type Shop } from './fixtures.js';

let s: Shop | undefined;
afterEach(() => { if (s) { s.close(); cleanup(s.dir); s = undefined; } });

const at = (sh: Shop, sku: string) => Object.fromEntries(levelsForSku(sh.db, sku).map((l) => [l.location, l.onHand]));

/** A kit of 1 pot and 2 teas. */
function kit(sh: Shop): void {
  upsertProduct(sh.db, { sku: 'KIT', title: 'Tea kit', priceMinor: 4400, currency: 'EUR' });
  setBundle(sh.db, 'KIT', [{ sku: 'POT', quantity: 1 }, { sku: 'TEA', quantity: 2 }]);
}

describe('bundles in the ledger', () => {
  it('a sale moves each component once, from one place when one has them all; a cancel puts exactly those back', () => {
    s = shop(); kit(s);
    // POT: store 3; TEA: warehouse 50, so no one location has both: each comes from where it is
    const sale = order('9001', [['KIT', 2, 4400]], { status: 'open' });
    const r = applyOrders(s.db, 'shopify', [sale], ['warehouse', 'store']);
    expect(r.saleMovements).toBe(2);
    expect(at(s, 'POT')).toEqual({ store: 1 });
    expect(at(s, 'TEA')).toEqual({ warehouse: 46 });
    expect(at(s, 'KIT')).toEqual({});
    const keys = s.db.$client.prepare("SELECT idempotency_key, sku, location, delta FROM stock_movements WHERE kind = 'sale' ORDER BY sku").all();
    expect(keys).toEqual([
      { idempotency_key: 'sale:shopify:9001:L1:POT', sku: 'POT', location: 'store', delta: -2 },
      { idempotency_key: 'sale:shopify:9001:L1:TEA', sku: 'TEA', location: 'warehouse', delta: -4 },
    ]);
    // pulled again: nothing moves
    expect(applyOrders(s.db, 'shopify', [sale], ['warehouse', 'store']).saleMovements).toBe(0);
    // the bundle's definition changes later: the cancel still returns what was sold
    setBundle(s.db, 'KIT', [{ sku: 'POT', quantity: 1 }]);
    const c = applyOrders(s.db, 'shopify', [{ ...sale, status: 'cancelled' }], ['warehouse', 'store']);
    expect(c.cancelMovements).toBe(2);
    expect(applyOrders(s.db, 'shopify', [{ ...sale, status: 'cancelled' }], ['warehouse', 'store']).cancelMovements).toBe(0);
    expect(at(s, 'POT')).toEqual({ store: 3 });
    expect(at(s, 'TEA')).toEqual({ warehouse: 50 });
    expect(ledgerMismatches(s.db)).toEqual([]);
  });

  it('a refund with restock puts each component back where it came from, once', () => {
    s = shop(); kit(s);
    const sale = order('9002', [['KIT', 1, 4400]]);
    applyOrders(s.db, 'shopify', [sale], ['warehouse', 'store']);
    const refunded = { ...sale, refunds: [{ remoteId: 'RF1', lineKey: 'L1', sku: 'KIT', quantity: 1, restock: true }] };
    const r = applyOrders(s.db, 'shopify', [refunded], ['warehouse', 'store']);
    expect(r.returnMovements).toBe(2);
    expect(applyOrders(s.db, 'shopify', [refunded], ['warehouse', 'store']).returnMovements).toBe(0);
    expect(at(s, 'POT')).toEqual({ store: 3 });
    expect(at(s, 'TEA')).toEqual({ warehouse: 50 });
    // the return is recorded once, as the bundle the customer sent back
    expect(s.db.$client.prepare('SELECT sku, quantity FROM returns').all()).toEqual([{ sku: 'KIT', quantity: 1 }]);
  });

  it('a line booked on the bundle itself (before bundles moved their parts) is cancelled and returned the same way', () => {
    s = shop();
    upsertProduct(s.db, { sku: 'KIT', title: 'Tea kit', priceMinor: 4400, currency: 'EUR' });
    const old = order('8001', [['KIT', 1, 4400]]);
    applyOrders(s.db, 'shopify', [old], ['warehouse', 'store']); // KIT is not a bundle yet: booked on KIT
    setBundle(s.db, 'KIT', [{ sku: 'POT', quantity: 1 }, { sku: 'TEA', quantity: 2 }]);
    const r = applyOrders(s.db, 'shopify', [{ ...old, refunds: [{ remoteId: 'RF9', lineKey: 'L1', sku: 'KIT', quantity: 1, restock: true }] }], ['warehouse', 'store']);
    expect(r.returnMovements).toBe(1);
    expect(at(s, 'KIT')).toEqual({ warehouse: 0 }); // -1 then +1, on the bundle itself
    expect(at(s, 'POT')).toEqual({ store: 3 });
    expect(at(s, 'TEA')).toEqual({ warehouse: 50 });
  });

  it('a bundle sold while a component is short is booked anyway and warned about', () => {
    s = shop(); kit(s);
    const r = applyOrders(s.db, 'pos', [order('R-77', [['KIT', 4, 4400]])], ['store']);
    expect(at(s, 'POT')).toEqual({ store: -1 });
    expect(at(s, 'TEA')).toEqual({ store: -8, warehouse: 50 });
    expect(r.warnings).toEqual([
      'pos: order R-77: bundle KIT × 4 needs 4 POT but store had 3; booked anyway, count it',
      'pos: order R-77: bundle KIT × 4 needs 8 TEA but store had 0; booked anyway, count it',
    ]);
  });

  it('a channel-fulfilled (FBA) bundle sale moves nothing: Amazon\'s count does', () => {
    s = shop(); kit(s);
    const r = applyOrders(s.db, 'amazon', [order('302-1', [['KIT', 1, 4400]], { fulfilment: 'channel' })], ['warehouse']);
    expect(r.saleMovements).toBe(0);
    expect(at(s, 'POT')).toEqual({ store: 3 });
  });
});

describe('the CLI refuses what would lose units', () => {
  it('nested bundles, stock booked on a bundle, and hand moves at a channel-counted location (exit 2, with what to do)', () => {
    s = shop(); kit(s);
    upsertProduct(s.db, { sku: 'BIG', title: 'Big kit', currency: 'EUR' });
    s.close();
    const run = (...args: string[]) => omni(s!.dir, args);
    const nested = run('products', 'bundle', 'BIG', 'KIT:1', 'MUG:1');
    expect([nested.code, nested.stderr]).toEqual([2, expect.stringContaining('KIT is a bundle itself: a bundle cannot contain a bundle')]);
    const inside = run('products', 'bundle', 'POT', 'MUG:2');
    expect([inside.code, inside.stderr]).toEqual([2, expect.stringContaining('POT is a component of KIT')]);
    const onBundle = run('stock', 'adjust', 'KIT', '5', '-l', 'store');
    expect([onBundle.code, onBundle.stderr]).toEqual([2, expect.stringContaining('KIT is a bundle (1 × POT + 2 × TEA): it holds no stock of its own')]);

    const into = run('stock', 'transfer', 'MUG', '5', '--from', 'warehouse', '--to', 'amazon-fba');
    expect(into.code).toBe(2);
    expect(into.stderr).toContain('amazon-fba is counted by amazon');
    expect(into.stderr).toContain('Ship the units in at amazon');
    expect(into.stderr).not.toMatch(/\n\s+at /);
    const out = run('stock', 'transfer', 'MUG', '5', '--from', 'amazon-fba', '--to', 'warehouse');
    expect([out.code, out.stderr]).toEqual([2, expect.stringContaining('removal order')]);
    for (const args of [['stock', 'adjust', 'MUG', '5', '-l', 'amazon-fba'], ['stock', 'count', 'MUG', '5', '-l', 'amazon-fba']]) {
      const r = run(...args);
      expect([r.code, r.stderr], args.join(' ')).toEqual([2, expect.stringContaining('amazon-fba is counted by amazon')]);
    }
    writeFileSync(path.join(s.dir, 'counts.csv'), 'sku,location,quantity\nMUG,store,4\nMUG,amazon-fba,9\n');
    const imported = run('stock', 'import', 'counts.csv');
    expect([imported.code, imported.stderr]).toEqual([2, expect.stringContaining('counts.csv:3:location: amazon-fba is counted by amazon')]);
    // nothing moved
    const stock = (JSON.parse(run('--json', 'stock', 'MUG').stdout) as { lines: { locations: Record<string, number> }[] }).lines;
    expect(stock[0]!.locations).toEqual({ store: 10, warehouse: 30 });
  });
});
