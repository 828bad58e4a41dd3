// What an import does to the master: matching, re-imports, missing rows, dropship counts,
// new products, and a dry run that leaves every table as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/postgres.js';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { upsertProduct } from '../../src/db/products.js';
import { onHand } from '../../src/db/ledger.js';
import { ACME, fixture, items, setup, type TestWs } from './helpers.js';

let ws: TestWs | undefined;
afterEach(() => { ws?.close(); ws = undefined; });

const product = (t: TestWs, sku: string, barcode: string | null = null) => upsertProduct(t.db, { sku, title: sku, barcode, currency: 'EUR' });

describe.each(ENGINES)('supplier import into the master on %s', (engine) => {
  it('--dry-run reports what would change and writes nothing', async () => {
    ws = setup(ACME, '', engine);
    await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    const before = ws.snapshot();
    const s = await ws.run({ supplier: 'acme', source: fixture('acme-next.csv'), dryRun: true, createNew: true });
    expect(s).toMatchObject({ status: 'ok', written: false, dryRun: true });
    // Creating the products links every item to one, so each row changes.
    expect(s.counts).toMatchObject({ rows: 5, newItems: 1, changedItems: 4, unchanged: 0, missing: 1, costChanges: 1, stockChanges: 1, newProducts: 5 });
    expect(s.costChanges).toEqual([{ supplierSku: 'AC-101', sku: 'AC-101', before: 360, after: 396, percent: 10 }]);
    expect(s.stockChanges).toEqual([{ supplierSku: 'AC-104', sku: 'AC-104', before: 300, after: 0 }]);
    expect(s.missing).toEqual([{ rowid: expect.any(Number), supplierSku: 'AC-103', sku: null, title: 'Tea towel, linen (2-pack)' }]);
    expect(ws.snapshot()).toEqual(before);
  });

  it('re-importing the same file changes nothing; a new feed writes only changed rows and keeps missing ones', async () => {
    ws = setup(ACME, '', engine);
    await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    const first = ws.snapshot();
    const again = await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(again.counts).toMatchObject({ rows: 5, unchanged: 5, newItems: 0, changedItems: 0, missing: 0 });
    expect(ws.snapshot()).toEqual(first);
    const next = await ws.run({ supplier: 'acme', source: fixture('acme-next.csv'), now: new Date('2026-03-09T07:00:00Z') });
    expect(next.counts).toMatchObject({ newItems: 1, changedItems: 2, unchanged: 2, missing: 1 });
    const seen = ws.db.$client.prepare('SELECT supplier_sku, last_seen_at FROM supplier_items ORDER BY supplier_sku').all();
    expect(seen).toEqual([
      { supplier_sku: 'AC-100', last_seen_at: '2026-03-02T07:00:00.000Z' },
      { supplier_sku: 'AC-101', last_seen_at: '2026-03-09T07:00:00.000Z' },
      { supplier_sku: 'AC-102', last_seen_at: '2026-03-02T07:00:00.000Z' },
      { supplier_sku: 'AC-103', last_seen_at: '2026-03-02T07:00:00.000Z' }, // missing: kept
      { supplier_sku: 'AC-104', last_seen_at: '2026-03-09T07:00:00.000Z' },
      { supplier_sku: 'AC-105', last_seen_at: '2026-03-09T07:00:00.000Z' },
    ]);
  });

  it('matches by alias, then identity, then barcode, as configured', async () => {
    ws = setup(ACME.replace('    columns:', '    match: { identity: true, barcode_fallback: true }\n    columns:'), '', engine);
    product(ws, 'MUG-300'); product(ws, 'AC-101'); product(ws, 'TEAPOT', '4006381333955');
    ws.db.$client.prepare("INSERT INTO sku_aliases (source, alias, sku) VALUES ('supplier:acme', 'AC-100', 'MUG-300')").run();
    const s = await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(s.counts).toMatchObject({ matched: 3, unmatched: 2 });
    expect(items(ws.db).map((r) => [r.supplier_sku, r.sku])).toEqual([['AC-100', 'MUG-300'], ['AC-101', 'AC-101'], ['AC-102', 'TEAPOT'], ['AC-103', null], ['AC-104', null]]);
  });

  it('a re-import links an item to a product made since, and a changed cost keeps an item\'s product', async () => {
    ws = setup(ACME.replace('    columns:', '    match: { identity: true }\n    columns:'), '', engine);
    product(ws, 'AC-101');
    await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    product(ws, 'AC-100'); // made by hand after the first import: AC-100's row is the same, its sku is new
    const s = await ws.run({ supplier: 'acme', source: fixture('acme-next.csv'), now: new Date('2026-03-09T07:00:00Z') });
    expect(s.costChanges).toEqual([{ supplierSku: 'AC-101', sku: 'AC-101', before: 360, after: 396, percent: 10 }]);
    expect(items(ws.db).map((r) => [r.supplier_sku, r.sku, r.cost_minor])).toEqual([
      ['AC-100', 'AC-100', 310], ['AC-101', 'AC-101', 396], ['AC-102', null, 1250], ['AC-103', null, 400], ['AC-104', null, 195], ['AC-105', null, 280],
    ]);
    const bySku = ws.db.$client.prepare('SELECT supplier_sku FROM supplier_items WHERE sku = ? ORDER BY supplier_sku').pluck();
    expect([bySku.all('AC-100'), bySku.all('AC-101')]).toEqual([['AC-100'], ['AC-101']]); // the sku index agrees
  });

  it('without identity or barcode matching only aliases match', async () => {
    ws = setup(ACME, '', engine);
    product(ws, 'AC-101'); product(ws, 'TEAPOT', '4006381333955');
    const s = await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(s.counts).toMatchObject({ matched: 0, unmatched: 5 });
  });

  it('--create-new creates missing products with the feed content and an alias', async () => {
    ws = setup(ACME, '', engine);
    const s = await ws.run({ supplier: 'acme', source: fixture('acme.csv'), createNew: true });
    expect(s.counts).toMatchObject({ newProducts: 5, matched: 5 });
    const p = ws.db.$client.prepare("SELECT sku, title, brand, barcode, price_minor, cost_minor FROM products WHERE sku = 'AC-100'").get();
    expect(p).toEqual({ sku: 'AC-100', title: 'Mug "Classic", 300 ml', brand: 'Acme', barcode: '4006381333931', price_minor: 990, cost_minor: 310 });
    expect(ws.db.$client.prepare("SELECT count(*) AS n FROM sku_aliases WHERE source = 'supplier:acme'").get()).toEqual({ n: 5 });
    const again = await ws.run({ supplier: 'acme', source: fixture('acme.csv'), createNew: true });
    expect(again.counts).toMatchObject({ newProducts: 0, unchanged: 5, matched: 5 });
  });

  it('a dropship location gets the feed stock as ledger counts; re-import is a no-op', async () => {
    ws = setup(ACME.replace('    columns:', '    dropship_location: acme-drop\n    create_new: true\n    columns:'),
      '  - { code: acme-drop, kind: supplier, managed_by: acme }\n', engine);
    const s = await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(s.counts.dropshipCounts).toBe(4); // AC-102 has 0 on hand already
    expect(onHand(ws.db, 'AC-100', 'acme-drop')).toBe(120);
    const moves = ws.db.$client.prepare("SELECT sku, delta, kind, idempotency_key FROM stock_movements WHERE sku = 'AC-100'").all();
    expect(moves).toEqual([{ sku: 'AC-100', delta: 120, kind: 'count', idempotency_key: expect.stringMatching(/^supplier:acme:AC-100:[0-9a-f]{16}:2026-03-02T07:00:00.000Z$/) }]);
    const before = ws.snapshot();
    const again = await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(again.counts.dropshipCounts).toBe(0);
    expect(ws.snapshot()).toEqual(before);
    await ws.run({ supplier: 'acme', source: fixture('acme-next.csv') });
    expect(onHand(ws.db, 'AC-104', 'acme-drop')).toBe(0);
    expect(ws.db.$client.prepare("SELECT sum(delta) AS n FROM stock_movements WHERE sku = 'AC-104'").get()).toEqual({ n: 0 });
    // the supplier's number wins at every import, even when a feed's exact bytes come back (5 → 120 → 5)
    const low = path.join(ws.dir, 'acme-low.csv');
    writeFileSync(low, readFileSync(fixture('acme.csv'), 'utf8').replace('Acme,3.10,9.90,120,', 'Acme,3.10,9.90,5,'));
    const at = (d: number) => new Date(Date.UTC(2026, 2, 10 + d, 7));
    await ws.run({ supplier: 'acme', source: low, now: at(0) });
    expect(onHand(ws.db, 'AC-100', 'acme-drop')).toBe(5);
    await ws.run({ supplier: 'acme', source: fixture('acme.csv'), now: at(1) });
    expect(onHand(ws.db, 'AC-100', 'acme-drop')).toBe(120);
    const back = await ws.run({ supplier: 'acme', source: low, now: at(2) });
    expect(onHand(ws.db, 'AC-100', 'acme-drop')).toBe(5);
    expect(back.counts.dropshipCounts).toBe(1);
  });

  it('refuses a dropship location that is not configured', async () => {
    // checked when config.yaml is loaded, with the line, before any import starts
    expect(() => setup(ACME.replace('    columns:', '    dropship_location: nowhere\n    columns:'))).toThrow(expect.objectContaining({
      exitCode: 2,
      details: [expect.stringMatching(/^config\.yaml:\d+: suppliers\.acme\.dropship_location: unknown location "nowhere" \(defined: warehouse\)$/)],
    }));
  });
});
