// `--create-new` over feeds longer than one insert batch: the products it writes in batches are
// the ones upsertProduct would write, duplicates inside a feed are refused wherever they fall,
// and products that were there before are never overwritten.
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/postgres.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { upsertProduct } from '../../src/db/products.js';
import { setup, type TestWs } from './helpers.js';
import { readPlanMark, savePlanMark, touchTriggersPresent } from '../../src/db/plan-marks.js';

let ws: TestWs | undefined;
let other: TestWs | undefined;
afterEach(() => { ws?.close(); other?.close(); ws = undefined; other = undefined; });

const SHOP = `  shop:
    columns: { sku: sku, title: title, cost: cost, quantity: quantity, barcode: ean, brand: brand, price: rrp }
`;

interface Row { sku: string; title: string; cost: string; quantity: number; ean: string; brand: string; rrp: string }
const row = (i: number): Row => ({ sku: `S-${String(i).padStart(4, '0')}`, title: `Becher "Nr. ${i}", 300 ml`, cost: (1 + i / 100).toFixed(2), quantity: i % 7, ean: String(4000000000000 + i), brand: i % 2 ? 'Acme' : '', rrp: i % 3 ? (5 + i / 10).toFixed(2) : '' });

function feed(t: TestWs, rows: Row[], name = 'feed.csv'): string {
  const file = path.join(t.dir, name);
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(file, ['sku,title,cost,quantity,ean,brand,rrp', ...rows.map((r) => [r.sku, q(r.title), r.cost, r.quantity, r.ean, r.brand, r.rrp].join(','))].join('\n'));
  return file;
}

const PRODUCT_COLUMNS = 'sku, title, description, brand, barcode, price_minor, cost_minor, currency, attributes, content_hash, reorder_point, reorder_qty, archived';

describe.each(ENGINES)('supplier import --create-new on %s', (engine) => {
  it('writes 200 products in batches exactly as upsertProduct would, each with its alias', async () => {
    ws = setup(SHOP, '', engine);
    other = setup(SHOP, '', engine);
    const rows = Array.from({ length: 200 }, (_, i) => row(i));
    const s = await ws.run({ supplier: 'shop', source: feed(ws, rows), createNew: true });
    expect(s.counts).toMatchObject({ rows: 200, newItems: 200, newProducts: 200, matched: 200, rejected: 0 });
    expect(s.newProducts[0]).toEqual({ sku: 'S-0000', title: 'Becher "Nr. 0", 300 ml', costMinor: 100, priceMinor: null });
    for (const r of rows) {
      upsertProduct(other.db, { sku: r.sku, title: r.title, description: null, brand: r.brand || null, barcode: r.ean,
        priceMinor: r.rrp ? Math.round(Number(r.rrp) * 100) : null, costMinor: Math.round(Number(r.cost) * 100), currency: 'EUR' });
    }
    const all = (t: TestWs) => t.db.$client.prepare(`SELECT ${PRODUCT_COLUMNS} FROM products ORDER BY sku`).all();
    expect(all(ws)).toEqual(all(other));
    expect(ws.db.$client.prepare(`SELECT count(*) AS n FROM sku_aliases WHERE source = 'supplier:shop' AND alias = sku`).get()).toEqual({ n: 200 });
    expect(ws.db.$client.prepare(`SELECT count(*) AS n FROM supplier_items WHERE sku = supplier_sku`).get()).toEqual({ n: 200 });
  });

  it('refuses a sku repeated inside one batch and across batches, naming the first row; nothing is written', async () => {
    ws = setup(SHOP, '', engine);
    const rows = Array.from({ length: 200 }, (_, i) => row(i));
    rows[20] = { ...row(10), title: 'again in the same batch' }; // file row 22 repeats row 12
    rows[150] = { ...row(5), title: 'again much later' }; // file row 152 repeats row 7
    const s = await ws.run({ supplier: 'shop', source: feed(ws, rows), createNew: true });
    expect(s.status).toBe('invalid');
    expect(s.problems.map((p) => [p.row, p.message])).toEqual([
      [22, 'duplicate sku "S-0010" (first on row 12)'],
      [152, 'duplicate sku "S-0005" (first on row 7)'],
    ]);
    expect(ws.db.$client.prepare('SELECT count(*) AS n FROM products').get()).toEqual({ n: 0 });

    const partial = await ws.run({ supplier: 'shop', source: feed(ws, rows), createNew: true, skipInvalid: true });
    expect(partial.status).toBe('partial');
    expect(partial.counts).toMatchObject({ rows: 200, rejected: 2, newItems: 198, newProducts: 198 });
    // the first row's content wins
    expect(ws.db.$client.prepare(`SELECT title FROM products WHERE sku = 'S-0010'`).pluck().get()).toBe('Becher "Nr. 10", 300 ml');
  });

  it('stamps every product it creates with the import\'s time, whichever way its batch was written', async () => {
    ws = setup(SHOP, '', engine);
    // Batches of 8 on PostgreSQL (64 on SQLite): full ones, a partial last one, and one refused on
    // a duplicate key and written again row by row (row 22 repeats row 12).
    const rows = Array.from({ length: 150 }, (_, i) => row(i));
    rows[20] = row(10);
    const now = new Date('2025-01-02T03:04:05.678Z');
    const s = await ws.run({ supplier: 'shop', source: feed(ws, rows), createNew: true, skipInvalid: true, pgInsertBatch: 8, now });
    expect(s.counts).toMatchObject({ newProducts: 149, rejected: 1 });
    expect(ws.db.$client.prepare('SELECT created_at, updated_at, count(*) AS n FROM products GROUP BY created_at, updated_at').all())
      .toEqual([{ created_at: now.toISOString(), updated_at: now.toISOString(), n: 149 }]);
  });

  it('never overwrites a product that was there, and gives an item that had none its product', async () => {
    ws = setup(SHOP, '', engine);
    upsertProduct(ws.db, { sku: 'S-0003', title: 'Mine', currency: 'EUR' });
    const rows = Array.from({ length: 70 }, (_, i) => row(i));
    const first = await ws.run({ supplier: 'shop', source: feed(ws, rows.slice(0, 60)) }); // no --create-new: items without products
    expect(first.counts).toMatchObject({ newItems: 60, newProducts: 0, unmatched: 60 });
    const s = await ws.run({ supplier: 'shop', source: feed(ws, rows), createNew: true });
    expect(s.counts).toMatchObject({ rows: 70, newItems: 10, changedItems: 59, unchanged: 1, newProducts: 69, matched: 69, unmatched: 1 });
    expect(s.warnings).toEqual(['row 5: a product "S-0003" exists but is not matched to this supplier\'s sku; not created (set match.identity: true, or add an alias)']);
    expect(ws.db.$client.prepare(`SELECT title FROM products WHERE sku = 'S-0003'`).pluck().get()).toBe('Mine');
    expect(ws.db.$client.prepare(`SELECT count(*) FROM supplier_items WHERE sku IS NOT NULL`).pluck().get()).toBe(69);
  });
});

describe.each(ENGINES)('seeding a catalog on %s: the products indexes built once at the end', (engine) => {
  // The plain indexes (PostgreSQL: without the keys' and rowid's own unique ones).
  const indexes = (t: TestWs) => t.db.$client.prepare(engine === 'sqlite'
    ? `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('products', 'supplier_items') AND sql IS NOT NULL ORDER BY name`
    : `SELECT indexname FROM pg_indexes WHERE tablename IN ('products', 'supplier_items') AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname`).pluck().all();
  const byBarcode = (t: TestWs) => t.db.$client.prepare(`EXPLAIN QUERY PLAN SELECT sku FROM products WHERE barcode = '4000000000007'`).all().map((r) => (r as { detail: string }).detail).join();

  it('are back, complete, after an import that set them aside', async () => {
    ws = setup(SHOP, '', engine);
    const before = indexes(ws);
    expect(before).toEqual(['products_archived', 'products_barcode', 'products_plan', 'supplier_items_sku']);
    const s = await ws.run({ supplier: 'shop', source: feed(ws, Array.from({ length: 300 }, (_, i) => row(i))), createNew: true, bulkIndexesAfter: 100 });
    expect(s.counts.newProducts).toBe(300);
    expect(indexes(ws)).toEqual(before);
    if (engine === 'postgres') {
      expect(ws.db.$client.prepare(`SELECT sku FROM products WHERE barcode = '4000000000299'`).pluck().get()).toBe('S-0299');
      return;
    }
    expect(byBarcode(ws)).toContain('products_barcode');
    expect(ws.db.$client.prepare(`SELECT sku FROM products INDEXED BY products_barcode WHERE barcode = '4000000000299'`).pluck().get()).toBe('S-0299');
    expect(ws.db.$client.prepare(`SELECT supplier_sku FROM supplier_items INDEXED BY supplier_items_sku WHERE sku = 'S-0150'`).pluck().get()).toBe('S-0150');
    expect(ws.db.$client.prepare(`SELECT count(*) FROM products INDEXED BY products_plan WHERE archived = 0`).pluck().get()).toBe(300);
    expect(ws.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('are back after an import that was refused or a dry run', async () => {
    ws = setup(SHOP, '', engine);
    const rows = Array.from({ length: 300 }, (_, i) => row(i));
    rows[250] = row(3);
    const bad = await ws.run({ supplier: 'shop', source: feed(ws, rows), createNew: true, bulkIndexesAfter: 100 });
    expect(bad.status).toBe('invalid');
    expect(indexes(ws)).toEqual(['products_archived', 'products_barcode', 'products_plan', 'supplier_items_sku']);
    const dry = await ws.run({ supplier: 'shop', source: feed(ws, rows.slice(0, 200)), createNew: true, dryRun: true, bulkIndexesAfter: 100 });
    expect(dry.counts.newProducts).toBe(200);
    expect(indexes(ws)).toEqual(['products_archived', 'products_barcode', 'products_plan', 'supplier_items_sku']);
    expect(ws.db.$client.prepare('SELECT count(*) FROM products').pluck().get()).toBe(0);
  });

  // The plan's touches of the products a seed creates after the set-aside: SQLite records none and
  // forgets the marks (every next plan reads everything); PostgreSQL keeps its trigger.
  const mark = { touch: { id: 0, snapshot: '' }, rules: 'r', pending: [], at: '2026-03-01T08:00:00.000Z' };
  const touches = (t: TestWs) => Number(t.db.$client.prepare('SELECT count(DISTINCT sku) FROM plan_touches').pluck().get());

  it('records the plan touches up to the set-aside only, then makes every next plan read everything (SQLite)', async () => {
    ws = setup(SHOP, '', engine);
    savePlanMark(ws.db, 'web', mark, new Date());
    const s = await ws.run({ supplier: 'shop', source: feed(ws, Array.from({ length: 300 }, (_, i) => row(i))), createNew: true, bulkIndexesAfter: 100 });
    expect(s.counts.newProducts).toBe(300);
    expect(touchTriggersPresent(ws.db)).toBe(true);
    if (engine === 'postgres') {
      expect(touches(ws)).toBe(300);
      expect(readPlanMark(ws.db, 'web')).toEqual(mark);
      return;
    }
    // products are written a batch (64) at a time: the set-aside comes after the batch that reached 100
    expect(touches(ws)).toBe(128);
    expect(readPlanMark(ws.db, 'web')).toBeUndefined();
    // the trigger is back: the next product is recorded
    upsertProduct(ws.db, { sku: 'LATER-1', title: 'Later', currency: 'EUR' });
    expect(ws.db.$client.prepare(`SELECT count(*) FROM plan_touches WHERE sku = 'LATER-1'`).pluck().get()).toBe(1);
  });

  it('keeps the plan marks and the touch trigger after a seed that was refused or a dry run', async () => {
    ws = setup(SHOP, '', engine);
    savePlanMark(ws.db, 'web', mark, new Date());
    const rows = Array.from({ length: 300 }, (_, i) => row(i));
    rows[250] = row(3);
    expect((await ws.run({ supplier: 'shop', source: feed(ws, rows), createNew: true, bulkIndexesAfter: 100 })).status).toBe('invalid');
    expect((await ws.run({ supplier: 'shop', source: feed(ws, rows.slice(0, 200)), createNew: true, dryRun: true, bulkIndexesAfter: 100 })).counts.newProducts).toBe(200);
    expect(touchTriggersPresent(ws.db)).toBe(true);
    expect(readPlanMark(ws.db, 'web')).toEqual(mark);
    expect(touches(ws)).toBe(0);
  });

  it('keeps the barcode index while barcode matching reads it', async () => {
    ws = setup(SHOP.replace('    columns:', '    match: { barcode_fallback: true }\n    columns:'), '', engine);
    upsertProduct(ws.db, { sku: 'MINE-7', title: 'Mine', barcode: '4000000000250', currency: 'EUR' });
    const s = await ws.run({ supplier: 'shop', source: feed(ws, Array.from({ length: 300 }, (_, i) => row(i))), createNew: true, bulkIndexesAfter: 100 });
    // row 250 (after the others were set aside) still finds MINE-7 by its barcode
    expect(s.counts).toMatchObject({ newProducts: 299, matched: 300 });
    expect(ws.db.$client.prepare(`SELECT sku FROM supplier_items WHERE supplier_sku = 'S-0250'`).pluck().get()).toBe('MINE-7');
  });
});

describe('re-import: the items missing from a feed, counted from the walk over the items', () => {
  // 3000 items span two pages of the walk (2048 a page); the counts must not depend on where the
  // feed stops, on its order, or on new items it adds between old ones.
  const sorted = (rows: Row[]) => [...rows].sort((a, b) => (a.sku < b.sku ? -1 : 1));
  it('counts the same missing items whether the feed stops early, runs backwards or adds items between', async () => {
    ws = setup(SHOP);
    const all = Array.from({ length: 3000 }, (_, i) => row(i * 2));
    expect((await ws.run({ supplier: 'shop', source: feed(ws, all) })).counts.newItems).toBe(3000);
    const ask = async (rows: Row[]) => (await ws!.run({ supplier: 'shop', source: feed(ws!, rows, 'again.csv'), accept: true, dryRun: true })).counts;
    // stops early: the walk read one page, the rest is counted after its last key
    expect(await ask(all.slice(0, 100))).toMatchObject({ unchanged: 100, missing: 2900 });
    // stops after the second page starts, and skips some on the way
    expect(await ask(all.filter((_r, i) => i < 2500 && i % 10 !== 0))).toMatchObject({ unchanged: 2250, missing: 750 });
    // backwards: every row looked up by its key, the walk never pages past the first
    expect(await ask([...all].reverse().filter((_r, i) => i % 3 !== 0))).toMatchObject({ unchanged: 2000, missing: 1000 });
    // new items (odd numbers) between the old ones are not counted as there before
    const mixed = sorted([...all.filter((_r, i) => i % 2 === 0), ...Array.from({ length: 3000 }, (_, i) => row(i * 2 + 1))]);
    expect(await ask(mixed)).toMatchObject({ unchanged: 1500, newItems: 3000, missing: 1500 });
    // everything again: none missing, the walk ran to the end
    expect(await ask(all)).toMatchObject({ unchanged: 3000, missing: 0 });
  });
});
