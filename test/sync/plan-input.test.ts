// The SQL pre-filter must never hide a change: for random masters, listings and rules, the plan
// from pre-filtered rows equals the plan from every row. The pre-filter decides stock (stock_from,
// buffer, allocation, safety_quantity, max_quantity, per-sku and per-brand overrides), secondary
// locations, price (markup, round_to) and content in SQL, so the remembered values are drawn near
// what the master wants (equal, off by one, random) to exercise both sides of each test. Listings
// are (channel, channel sku): several may match one master sku, some match none (never planned).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { planInput } from '../../src/db/plan-input.js';
import { planChannel } from '../../src/core/plan.js';
import { publishedQuantity, publishedBundleQuantity } from '../../src/core/allocation.js';
import { rulesFor, type ChannelRules } from '../../src/core/rules.js';
import { derive } from '../../src/core/derivation.js';
import { channelPrice } from '../../src/core/price.js';
import { tempDir, cleanup } from '../support/workspace.js';
import { ENGINES, masterTarget } from '../support/postgres.js';

// The same pre-filter on both engines: one suite, run once per engine.
describe.each(ENGINES)('on %s', (engine) => {
let dir: string;
let db: Db;
beforeAll(() => {
  dir = tempDir();
  db = openDb(masterTarget(engine, dir), { create: true });
  syncLocations(db, [{ code: 'store', kind: 'store' }, { code: 'warehouse', kind: 'warehouse' }, { code: 'fba', kind: 'channel' }]);
});
afterAll(() => { closeDb(db); cleanup(dir); });

const SKUS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
const sku = fc.constantFrom(...SKUS);
const product = fc.record({
  sku, price: fc.option(fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(100, 200, 1000, 1099, 1100, 0, -5))),
  hash: fc.constantFrom('h1', 'h2'), archived: fc.constantFrom(false, false, false, true), brand: fc.constantFrom('Nord', 'Berg', null),
});
const level = fc.record({ sku, location: fc.constantFrom('store', 'warehouse', 'fba'), onHand: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.constantFrom(100, 200, 300)) });
const near = fc.constantFrom('same', 'same', 'plus', 'minus', 'random', 'null');
// A listing's channel sku: the master sku itself, another name for it (mapped), or a name that
// matches nothing (unmatched: master null).
const listing = fc.record({
  channelSku: fc.constantFrom(...SKUS, 'AMZ-A', 'AMZ-B', 'FBA-A', 'SH-C', 'X1', 'X2'), master: fc.option(sku),
  q: near, qRandom: fc.integer({ min: -3, max: 60 }), p: near, pRandom: fc.integer({ min: 0, max: 3000 }),
  hash: fc.option(fc.constantFrom('h1', 'h2')), remote: fc.constantFrom('{}', '{"channelFulfilled":true}', '{"x":1}', '{"elsewhere":{"store":0}}', '{"elsewhere":{"store":4}}'),
});
const override = fc.record({
  target: fc.oneof(fc.record({ skus: fc.subarray(SKUS, { minLength: 1, maxLength: 3 }) }), fc.record({ brand: fc.constantFrom('Nord', 'Berg', 'Other') })),
  buffer: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  allocation: fc.option(fc.constantFrom(1, 0.8, 0.29, 0.5, 0), { nil: undefined }),
  safetyQuantity: fc.option(fc.constantFrom(0, 1, 5, 30), { nil: undefined }),
  maxQuantity: fc.option(fc.constantFrom(0, 3, 10, 150), { nil: undefined }),
}).map(({ target, ...keys }) => ({ ...target, ...keys }));
const rules = fc.record({
  // Duplicates allowed: a location named twice counts twice (core/allocation.ts).
  stockFrom: fc.array(fc.constantFrom('store', 'warehouse', 'fba'), { minLength: 1, maxLength: 4 }),
  buffer: fc.integer({ min: 0, max: 10 }),
  allocation: fc.constantFrom(1, 0.8, 0.7, 0.5, 0.33, 0.29, 0.57, 0.1, 0),
  safetyQuantity: fc.constantFrom(undefined, 0, 0, 1, 3, 10, 250),
  maxQuantity: fc.constantFrom(undefined, undefined, 0, 5, 20, 100),
  overrides: fc.oneof(fc.constant([]), fc.array(override, { maxLength: 3 })),
}) as fc.Arbitrary<ChannelRules>;
const price = fc.record({
  source: fc.constantFrom('master' as const, 'markup' as const),
  markup_percent: fc.constantFrom(0, 10, 15.5, 12.5, 50, -50, -100, 33.3),
  round_to: fc.option(fc.constantFrom(99, 90, 0, 50), { nil: undefined }),
});
const push = fc.record({ stock: fc.boolean(), price: fc.boolean(), content: fc.boolean() });

function pick(mode: string, exact: number | null, random: number): number | null {
  if (mode === 'null') return null;
  if (mode === 'random' || exact === null) return random;
  return exact + (mode === 'plus' ? 1 : mode === 'minus' ? -1 : 0);
}

function reset(): void {
  db.$client.exec('DELETE FROM bundle_components; DELETE FROM channel_listings; DELETE FROM stock_levels; DELETE FROM products;');
}

describe('plan input pre-filter', () => {
  it('gives the same plan as planning every row, for every rule', () => {
    fc.assert(fc.property(fc.uniqueArray(product, { selector: (p) => p.sku }), fc.array(level), fc.uniqueArray(listing, { selector: (l) => l.channelSku }), rules, price, push, fc.boolean(),
      fc.subarray(['amazon', 'zalando']),
      (products, levels, listings, r, p, pu, bundle, otherChannels) => {
        const c = db.$client;
        reset();
        for (const x of products) c.prepare("INSERT INTO products (sku, title, brand, price_minor, currency, content_hash, archived) VALUES (?, ?, ?, ?, 'EUR', ?, ?)").run(x.sku, x.sku, x.brand, x.price, x.hash, x.archived ? 1 : 0);
        const known = new Map<string, (typeof products)[number]>(products.map((x) => [x.sku, x]));
        const onHand = new Map<string, Record<string, number>>();
        for (const l of levels) {
          if (!known.has(l.sku)) continue;
          c.prepare('INSERT OR REPLACE INTO stock_levels (sku, location, on_hand) VALUES (?, ?, ?)').run(l.sku, l.location, l.onHand);
          onHand.set(l.sku, { ...onHand.get(l.sku), [l.location]: l.onHand });
        }
        const bundles = new Map<string, { sku: string; quantity: number }[]>();
        if (bundle && products.length >= 3) {
          bundles.set(products[0]!.sku, [{ sku: products[1]!.sku, quantity: 2 }, { sku: products[2]!.sku, quantity: 1 }]);
          for (const [b, comps] of bundles) for (const x of comps) c.prepare('INSERT INTO bundle_components (bundle_sku, component_sku, quantity) VALUES (?, ?, ?)').run(b, x.sku, x.quantity);
        }
        const want = (s: string) => {
          const eff = rulesFor(r, s, known.get(s)?.brand ?? null);
          const comps = bundles.get(s);
          return comps ? publishedBundleQuantity(comps, (x) => onHand.get(x) ?? {}, eff) : publishedQuantity(onHand.get(s) ?? {}, eff);
        };
        // A listing matched to a sku the master lacks is unmatched (the matcher only matches products).
        const matched = listings.map((l) => ({ ...l, master: l.master !== null && known.has(l.master) ? l.master : null }));
        for (const l of matched) {
          const master = l.master ? known.get(l.master) : undefined;
          const q = pick(l.q, master ? want(master.sku) : null, l.qRandom);
          const pr = pick(l.p, master ? channelPrice(master.price, p) : null, l.pRandom);
          const elsewhere = (JSON.parse(l.remote) as { elsewhere?: Record<string, number> }).elsewhere;
          c.prepare("INSERT INTO channel_listings (channel, channel_sku, sku, seen_quantity, seen_elsewhere, seen_price_minor, seen_content_hash, remote) VALUES ('web', ?, ?, ?, ?, ?, ?, ?)")
            .run(l.channelSku, l.master, q, elsewhere ? Object.values(elsewhere).filter((n) => n !== 0).length : null, pr, l.hash, l.remote);
        }
        // Other channels' listings (sorting before and after 'web') are not this channel's.
        for (const other of otherChannels) {
          for (const x of products.slice(0, 3)) c.prepare('INSERT INTO channel_listings (channel, channel_sku, sku, seen_quantity) VALUES (?, ?, ?, 1)').run(other, x.sku, x.sku);
        }
        const now = new Date(0);
        const plan = (prefilter: boolean) => {
          // The pre-filtered rows are read back two at a time on PostgreSQL: chunk edges in every case.
          const input = planInput(db, 'web', r, p, { push: pu, prefilter, pgChunk: prefilter ? 2 : undefined });
          return planChannel(input.rows, { channel: 'web', push: pu, planCreates: true, listedTotal: input.listedTotal }, now);
        };
        // Matched listings of unarchived products are counted; unmatched ones never are.
        expect(planInput(db, 'web', r, p, { push: pu }).listedTotal).toBe(matched.filter((l) => l.master !== null && !known.get(l.master)!.archived).length);
        const all = plan(false);
        const filtered = plan(true);
        expect(filtered.changes).toEqual(all.changes);
        expect(filtered.summary).toEqual(all.summary);
        expect(filtered.warnings).toEqual(all.warnings);
        // No unmatched listing is ever planned (so never pushed to).
        const unmatched = new Set(matched.filter((l) => l.master === null).map((l) => l.channelSku));
        expect(all.changes.filter((x) => unmatched.has(x.channelSku) && x.action !== 'create')).toEqual([]);
        // And it is tight: a listed, non-bundle row that comes through has a change, or a quantity
        // the channel did not report (the planner warns or, channel-fulfilled, leaves it).
        const changed = new Set(filtered.changes.map((x) => x.channelSku));
        const through = [...planInput(db, 'web', r, p, { push: pu }).rows];
        const loose = through.filter((x) => x.remote && !bundles.has(x.sku) && !changed.has(x.remote.sku) && !(pu.stock && x.remote.quantity === undefined));
        expect(loose.map((x) => x.remote!.sku)).toEqual([]);
        // What the rows want is core/allocation.ts under core/rules.ts, and core/price.ts, applied to
        // the master; the report's "why" is the same derivation.
        for (const x of planInput(db, 'web', r, p, { push: pu, prefilter: false }).rows) {
          expect(x.desiredQuantity).toBe(want(x.sku));
          if (!bundles.has(x.sku)) expect(x.why).toBe(derive(onHand.get(x.sku) ?? {}, rulesFor(r, x.sku, known.get(x.sku)!.brand)).short);
          expect(x.desiredPriceMinor).toBe(channelPrice(known.get(x.sku)!.price, p));
        }
      }), { numRuns: 600 });
  });

  it('always lets bundles through: their quantity comes from the components, not their own levels', () => {
    const c = db.$client;
    reset();
    for (const s of ['KIT', 'PART']) c.prepare("INSERT INTO products (sku, title, price_minor, currency, content_hash) VALUES (?, ?, 100, 'EUR', 'h')").run(s, s);
    c.prepare("INSERT INTO stock_levels (sku, location, on_hand) VALUES ('PART', 'store', 6)").run();
    c.prepare("INSERT INTO bundle_components (bundle_sku, component_sku, quantity) VALUES ('KIT', 'PART', 2)").run();
    // KIT has no levels of its own (0), and the channel shows 0: only the bundle rule says 3.
    c.prepare("INSERT INTO channel_listings (channel, channel_sku, sku, seen_quantity, seen_price_minor) VALUES ('web', 'KIT', 'KIT', 0, 100), ('web', 'PART', 'PART', 6, 100)").run();
    const push = { stock: true, price: true, content: false };
    const input = planInput(db, 'web', { stockFrom: ['store'], buffer: 0, allocation: 1 }, { source: 'master', markup_percent: 0 }, { push });
    const plan = planChannel(input.rows, { channel: 'web', push, listedTotal: input.listedTotal }, new Date(0));
    expect(plan.changes.map((x) => [x.sku, x.action, x.before, x.after])).toEqual([['KIT', 'stock', 0, 3]]);
    expect(plan.summary).toMatchObject({ listings: 2, unchanged: 1, stock: 1 });
  });

  it('prices in SQL exactly as core/price.ts, so equal prices are left out', () => {
    // Rounding ties and float products: x.5 after markup, 15.5 % of odd prices, round_to at the edge.
    const c = db.$client;
    reset();
    const prices = [0, 1, 3, 99, 100, 101, 150, 199, 1000, 1001, 1099, 1100, 2999, 12345, 98765];
    for (const [i, minor] of prices.entries()) c.prepare("INSERT INTO products (sku, title, price_minor, currency, content_hash) VALUES (?, 't', ?, 'EUR', 'h')").run(`S${i}`, minor);
    for (const rule of [
      { source: 'markup' as const, markup_percent: 15.5 }, { source: 'markup' as const, markup_percent: 50 },
      { source: 'markup' as const, markup_percent: 33.3, round_to: 99 }, { source: 'master' as const, markup_percent: 0, round_to: 0 },
      { source: 'markup' as const, markup_percent: -100, round_to: 50 },
    ]) {
      c.exec('DELETE FROM channel_listings');
      for (const [i, minor] of prices.entries()) {
        c.prepare("INSERT INTO channel_listings (channel, channel_sku, sku, seen_quantity, seen_price_minor) VALUES ('web', ?, ?, 0, ?)").run(`S${i}`, `S${i}`, channelPrice(minor, rule));
      }
      const input = planInput(db, 'web', { stockFrom: ['store'], buffer: 0, allocation: 1 }, rule, { push: { stock: true, price: true, content: false } });
      expect([...input.rows].map((x) => x.sku)).toEqual([]);
    }
  });

  it('publishes quantities in SQL exactly as core/allocation.ts (safety and max at their edges), so equal quantities are left out', () => {
    // pool × allocation just under an integer in floating point: 100 × 0.29 = 28.999…, 100 × 0.57 = 56.999…
    const c = db.$client;
    reset();
    const pools = [0, 1, 7, 10, 50, 100, 101, 200, 1000];
    for (const [i, n] of pools.entries()) {
      c.prepare("INSERT INTO products (sku, title, price_minor, currency, content_hash) VALUES (?, 't', NULL, 'EUR', 'h')").run(`Q${i}`);
      c.prepare("INSERT INTO stock_levels (sku, location, on_hand) VALUES (?, 'store', ?), (?, 'warehouse', -3)").run(`Q${i}`, n, `Q${i}`);
    }
    // safety_quantity and max_quantity exactly at pools the products have: 7, 10, 50, 100
    const limits: [number | undefined, number | undefined][] = [[undefined, undefined], [7, undefined], [10, 50], [0, 7], [50, 100], [100, 0]];
    for (const allocation of [0.29, 0.57, 0.7, 0.33, 1]) {
      for (const [buffer, [safetyQuantity, maxQuantity]] of [0, 3].flatMap((b) => limits.map((l) => [b, l] as const))) {
        const r = { stockFrom: ['store', 'warehouse'], buffer, allocation, safetyQuantity, maxQuantity };
        c.exec('DELETE FROM channel_listings');
        for (const [i, n] of pools.entries()) {
          c.prepare("INSERT INTO channel_listings (channel, channel_sku, sku, seen_quantity) VALUES ('web', ?, ?, ?)").run(`Q${i}`, `Q${i}`, publishedQuantity({ store: n, warehouse: -3 }, r));
        }
        const input = planInput(db, 'web', r, { source: 'master', markup_percent: 0 }, { push: { stock: true, price: true, content: false } });
        expect([...input.rows].map((x) => x.sku)).toEqual([]);
      }
    }
  });
});
});
