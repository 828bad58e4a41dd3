// Rows written while the next batch is read (PostgreSQL sends a full batch without waiting and
// settles it later: db/pg/supplier-batch.ts). Whatever the engine, a duplicate is reported on its
// own row with the first row's number, in file order among the other problems, and a refused file
// writes nothing; the batches here are 8 rows on PostgreSQL, so several are in flight in turn.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINES } from '../support/postgres.js';
import { items, setup, type TestWs } from './helpers.js';

let ws: TestWs | undefined;
afterEach(() => { ws?.close(); ws = undefined; });

const SHOP = `  shop:
    columns: { sku: sku, title: title, cost: cost, quantity: quantity }
`;

type Row = [sku: string, title: string, cost: string, quantity: number];
const row = (i: number): Row => [`P-${String(i).padStart(3, '0')}`, `Becher ${i}`, (1 + i / 100).toFixed(2), i % 5];

function feed(t: TestWs, rows: Row[], name = 'feed.csv'): string {
  const file = path.join(t.dir, name);
  writeFileSync(file, ['sku,title,cost,quantity', ...rows.map((r) => r.join(','))].join('\n'));
  return file;
}

describe.each(ENGINES)('pipelined batches on %s', (engine) => {
  const run = (t: TestWs, rows: Row[], o: Record<string, unknown> = {}) => t.run({ supplier: 'shop', source: feed(t, rows), pgInsertBatch: 8, ...o });

  it('a duplicate in a batch sent before is reported on its row, before a later bad row; nothing is written', async () => {
    ws = setup(SHOP, '', engine);
    const rows = Array.from({ length: 40 }, (_, i) => row(i));
    rows[17] = row(12); // file row 19 repeats row 14, whose batch is still being written when it is read
    rows[20] = row(3); // file row 22 repeats row 5, written batches ago
    rows[24] = [row(24)[0], 'bad', 'n/a', 1]; // file row 26: refused as it is read, after the two above
    const before = ws.snapshot();
    const s = await run(ws, rows);
    expect(s.status).toBe('invalid');
    expect(s.written).toBe(false);
    expect(s.problems.map((p) => [p.row, p.message])).toEqual([
      [19, 'duplicate sku "P-012" (first on row 14)'],
      [22, 'duplicate sku "P-003" (first on row 5)'],
      [26, '"n/a" is not a price (like 12.50)'],
    ]);
    expect(ws.snapshot()).toEqual(before);

    const partial = await run(ws, rows, { skipInvalid: true });
    expect(partial.status).toBe('partial');
    expect(partial.counts).toMatchObject({ rows: 40, valid: 37, rejected: 3, newItems: 37 });
    expect(items(ws.db)).toHaveLength(37);
    // the first row's content is kept
    expect(ws.db.$client.prepare(`SELECT title FROM supplier_items WHERE supplier_sku = 'P-012'`).pluck().get()).toBe('Becher 12');
  });

  it('on a second import, a new row repeated while its batch is in flight, and an old row repeated, are both refused', async () => {
    ws = setup(SHOP, '', engine);
    const old = Array.from({ length: 10 }, (_, i) => row(i));
    await run(ws, old);
    const before = ws.snapshot();
    const rows = [...old, ...Array.from({ length: 30 }, (_, i) => row(10 + i))];
    rows[19] = row(11); // file row 21 repeats row 13 (new in this file)
    rows[28] = row(2); // file row 30 repeats row 4 (an item from before)
    const s = await run(ws, rows);
    expect(s.problems.map((p) => [p.row, p.message])).toEqual([
      [21, 'duplicate sku "P-011" (first on row 13)'],
      [30, 'duplicate sku "P-002" (first on row 4)'],
    ]);
    expect(ws.snapshot()).toEqual(before);
    const partial = await run(ws, rows, { skipInvalid: true });
    expect(partial.counts).toMatchObject({ rows: 40, rejected: 2, newItems: 28, unchanged: 10, missing: 0 });
  });

  it('changed rows written in batches report their stored cost and stock, in file order', async () => {
    ws = setup(SHOP, '', engine);
    const rows = Array.from({ length: 30 }, (_, i) => row(i));
    await run(ws, rows);
    const changed = rows.map((r) => [...r] as Row);
    changed[17] = [rows[17]![0], rows[17]![1], '9.99', 0];
    changed[3] = [rows[3]![0], rows[3]![1], '2.00', 3];
    const s = await run(ws, changed);
    expect(s.counts).toMatchObject({ changedItems: 2, unchanged: 28, costChanges: 2, stockChanges: 1 });
    expect(s.costChanges).toEqual([
      { supplierSku: 'P-003', sku: null, before: 103, after: 200, percent: 94.2 },
      { supplierSku: 'P-017', sku: null, before: 117, after: 999, percent: 753.8 },
    ]);
    expect(s.stockChanges).toEqual([{ supplierSku: 'P-017', sku: null, before: 2, after: 0 }]);
    expect(items(ws.db).filter((r) => r.supplier_sku === 'P-017')).toMatchObject([{ cost_minor: 999, stock: 0 }]);
    const dry = await run(ws, rows, { dryRun: true });
    expect(dry.counts).toMatchObject({ changedItems: 2 });
    expect(items(ws.db).filter((r) => r.supplier_sku === 'P-017')).toMatchObject([{ cost_minor: 999, stock: 0 }]);
  });

  it('a file that breaks off after batches were sent writes nothing, and the next import on the same connection runs', async () => {
    ws = setup(SHOP, '', engine);
    const before = ws.snapshot();
    const file = path.join(ws.dir, 'broken.csv');
    const rows = Array.from({ length: 40 }, (_, i) => row(i));
    // The last batch sent is written, or (the second time) fails on a duplicate key, when the file breaks off.
    for (const last of [rows, [...rows.slice(0, 38), row(36), row(39)]]) {
      writeFileSync(file, ['sku,title,cost,quantity', ...last.map((r) => r.join(',')), 'P-999,"no closing quote,1.00,1'].join('\n'));
      const err = await ws.run({ supplier: 'shop', source: file, pgInsertBatch: 8 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ message: expect.stringContaining('nothing was imported') });
      expect(ws.snapshot()).toEqual(before);
    }
    const s = await run(ws, Array.from({ length: 20 }, (_, i) => row(i)));
    expect(s.counts).toMatchObject({ newItems: 20 });
    expect(items(ws.db)).toHaveLength(20);
  });
});
