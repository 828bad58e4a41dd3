// omni watch plans only the skus that moved since a channel's last push. That is only right if
// (1) planning a set of skus gives exactly the full plan's changes for those skus, and (2) after
// any movements on a channel that was in step, the skus the ledger queue names (with the bundles
// made of them) hold every change the full plan finds. Both drawn at random here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import fc from 'fast-check';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { planInput } from '../../src/db/plan-input.js';
import { planChannel } from '../../src/core/plan.js';
import { applyMovement } from '../../src/db/ledger.js';
import { queueMark, skusMovedSince } from '../../src/db/watch-queue.js';
import type { ChannelRules } from '../../src/core/rules.js';
import { tempDir, cleanup } from '../support/workspace.js';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = tempDir();
  db = openDb(path.join(dir, 'omni.sqlite'), { create: true });
  syncLocations(db, [{ code: 'store', kind: 'store' }, { code: 'warehouse', kind: 'warehouse' }]);
});
afterAll(() => { closeDb(db); cleanup(dir); });

const SKUS = ['A', 'B', 'C', 'D', 'E', 'F'];
const rules = fc.record({
  stockFrom: fc.constantFrom(['store'], ['warehouse'], ['store', 'warehouse']),
  buffer: fc.integer({ min: 0, max: 4 }),
  allocation: fc.constantFrom(1, 0.8, 0.5),
  safetyQuantity: fc.constantFrom(undefined, 0, 2),
  maxQuantity: fc.constantFrom(undefined, 10),
  overrides: fc.constant([]),
}) as fc.Arbitrary<ChannelRules>;
const price = { source: 'master' as const, markup_percent: 0 };
const push = { stock: true, price: true, content: false };
const movement = fc.record({ sku: fc.constantFrom(...SKUS), location: fc.constantFrom('store', 'warehouse'), delta: fc.integer({ min: -8, max: 8 }).filter((d) => d !== 0) });

let keys = 0;
function seed(levels: { sku: string; location: string; delta: number }[], bundle: boolean): void {
  const c = db.$client;
  c.exec('DELETE FROM bundle_components; DELETE FROM channel_listings; DELETE FROM stock_movements; DELETE FROM stock_levels; DELETE FROM products;');
  for (const s of SKUS) c.prepare("INSERT INTO products (sku, title, price_minor, currency, content_hash) VALUES (?, ?, 1000, 'EUR', 'h')").run(s, s);
  // F is a bundle of two A and one B: it moves when they do, though it never has a movement itself.
  if (bundle) c.prepare("INSERT INTO bundle_components (bundle_sku, component_sku, quantity) VALUES ('F', 'A', 2), ('F', 'B', 1)").run();
  for (const m of levels) if (!(bundle && m.sku === 'F')) applyMovement(db, { ...m, kind: 'adjustment', idempotencyKey: `k${keys++}` }, { allowNegative: true });
}

const plan = (r: ChannelRules, skus?: readonly string[]) => {
  const input = planInput(db, 'web', r, price, { push, skus });
  return planChannel(input.rows, { channel: 'web', push, listedTotal: input.listedTotal }, new Date(0));
};

describe('watch: affected-sku planning', () => {
  it('plans exactly the full plan\'s changes for the skus asked for', () => {
    fc.assert(fc.property(fc.array(movement, { maxLength: 20 }), fc.boolean(), rules, fc.subarray(SKUS), fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 6, maxLength: 6 }),
      (levels, bundle, r, asked, seen) => {
        seed(levels, bundle);
        SKUS.forEach((s, i) => db.$client.prepare("INSERT INTO channel_listings (channel, channel_sku, sku, seen_quantity, seen_price_minor) VALUES ('web', ?, ?, ?, 1000)").run(s, s, seen[i]));
        const full = plan(r);
        const some = plan(r, asked);
        expect(some.changes).toEqual(full.changes.filter((c) => asked.includes(c.sku)));
        // The guards judge shares of the whole channel either way.
        expect(some.summary.listings).toBe(full.summary.listings);
      }), { numRuns: 200 });
  });

  it('after any movements on a channel in step, the ledger queue names every sku the full plan changes', () => {
    fc.assert(fc.property(fc.array(movement, { maxLength: 12 }), fc.array(movement, { minLength: 1, maxLength: 12 }), fc.boolean(), rules,
      (before, moves, bundle, r) => {
        seed(before, bundle);
        // In step: the channel shows what the master publishes (a full plan is empty).
        for (const s of SKUS) db.$client.prepare("INSERT INTO channel_listings (channel, channel_sku, sku, seen_quantity, seen_price_minor) VALUES ('web', ?, ?, 0, 1000)").run(s, s);
        for (const row of plan(r).changes) db.$client.prepare("UPDATE channel_listings SET seen_quantity = ? WHERE channel = 'web' AND channel_sku = ?").run(row.after, row.channelSku);
        expect(plan(r).changes).toEqual([]);
        const cursor = queueMark(db);
        for (const m of moves) if (!(bundle && m.sku === 'F')) applyMovement(db, { ...m, kind: 'sale', idempotencyKey: `k${keys++}` }, { allowNegative: true });
        const affected = skusMovedSince(db, cursor, queueMark(db));
        expect(plan(r, affected).changes).toEqual(plan(r).changes);
        if (bundle && moves.some((m) => m.sku === 'A' || m.sku === 'B')) expect(affected).toContain('F');
      }), { numRuns: 200 });
  });
});
