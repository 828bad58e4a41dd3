// The products and stock imports a chunk at a time (on PostgreSQL one read and a few writes per
// chunk): a file crossing many chunk edges books on PostgreSQL exactly what SQLite books one row
// per chunk (what the row-by-row import did): the same ledger (ids, keys, deltas), levels,
// products and their rowids, undo records, summaries, undo outcome and errors for bad rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { setBundle } from '../../src/db/bundles.js';
import { applyCount, applyMovement } from '../../src/db/ledger.js';
import { productBeforeRecorder } from '../../src/db/run-ledger.js';
import { importProducts } from '../../src/app/products-import.js';
import { importStock } from '../../src/app/stock-import.js';
import { asLocalRun } from '../../src/app/local-run.js';
import { undoRun } from '../../src/app/undo.js';
import type { Workspace } from '../../src/app/workspace.js';
import { tempDir, cleanup } from '../support/workspace.js';
import { ENGINES, masterTarget, type Engine } from '../support/postgres.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => cleanup(dir));

const csv = (name: string, lines: string[]) => { const f = path.join(dir, name); writeFileSync(f, `${lines.join('\n')}\n`); return f; };
const LOCATIONS = ['store', 'warehouse'];

let made = 0;
/** A new master (a new SQLite file each time: scenarios run more than once). */
function master(engine: Engine, name: string): Db {
  const db = openDb(masterTarget(engine, dir, `${name}-${++made}.sqlite`), { create: true });
  syncLocations(db, LOCATIONS.map((code) => ({ code, kind: code as 'store' | 'warehouse' })));
  return db;
}

/** What a master holds, without the times the server or the clock wrote (they differ by run). */
function snapshot(db: Db) {
  const all = (sql: string) => db.$client.prepare(sql).all();
  return {
    ledger: all('SELECT id, sku, location, delta, kind, idempotency_key, reason, ref, occurred_at FROM stock_movements ORDER BY id'),
    levels: all('SELECT sku, location, on_hand FROM stock_levels ORDER BY sku, location'),
    products: all(`SELECT rowid, sku, title, description, brand, barcode, price_minor, cost_minor, currency, attributes, content_hash, reorder_point, reorder_qty, archived
      FROM products ORDER BY rowid`),
    before: all('SELECT run_id, sku, before FROM run_product_changes ORDER BY run_id, sku'),
  };
}

/** Everything a scenario of imports and undos says and leaves, on one engine with one chunk size. */
async function scenario(engine: Engine, chunk: number) {
  const db = master(engine, `s-${engine}-${chunk}`);
  try {
    await importProducts(db, csv('seed.csv', ['sku,title,price,brand', ...Array.from({ length: 20 }, (_, i) => `P-${i},Product ${i},${i + 1}.50,Acme`)]), 'EUR');
    setBundle(db, 'P-19', [{ sku: 'P-0', quantity: 2 }]);
    // Before the stocktake: a count and a sale after its as-of, a count after it, a count that agrees.
    applyCount(db, { sku: 'P-1', location: 'store', counted: 10, asOf: '2026-01-01T00:00:00.000Z', idempotencyKey: 'pre:1', reason: 'pre' });
    applyMovement(db, { sku: 'P-1', location: 'store', delta: -3, kind: 'sale', occurredAt: '2026-01-10T00:00:00.000Z', idempotencyKey: 'pre:sale' });
    applyCount(db, { sku: 'P-2', location: 'store', counted: 5, asOf: '2026-02-01T00:00:00.000Z', idempotencyKey: 'pre:2', reason: 'pre' });
    applyCount(db, { sku: 'P-3', location: 'warehouse', counted: 4, asOf: '2026-01-01T00:00:00.000Z', idempotencyKey: 'pre:3', reason: 'pre' });

    const productLines = ['sku,title,price,brand,reorder_point'];
    for (let i = 0; i < 20; i++) productLines.push(i % 3 === 0 ? `P-${i},Product ${i},${i + 2}.00,,4` : `P-${i},Product ${i},${i + 1}.50,Acme,`);
    for (let i = 0; i < 12; i++) productLines.push(`N-${i},New ${i},,Other,${i}`);
    const products = await asLocalRun(db, 'import:products', 'products-import', new Date(), (run) =>
      importProducts(db, csv('products.csv', productLines), 'EUR', { beforeWrite: productBeforeRecorder(db, run.runId), chunk }),
    (x) => ({ status: 'ok', summary: { rows: x.rows, created: x.created, updated: x.updated, unchanged: x.unchanged } }));

    const stockLines = ['sku,location,quantity', 'P-1,store,12', 'P-2,store,9', 'P-3,warehouse,4', 'P-19,store,0'];
    for (let i = 4; i < 19; i++) stockLines.push(`P-${i},${LOCATIONS[i % 2]},${i % 5}`, `P-${i},${LOCATIONS[(i + 1) % 2]},${i}`);
    for (let i = 0; i < 12; i++) stockLines.push(`N-${i},store,${i * 7}`);
    const stockFile = csv('stock.csv', stockLines);
    const opts = { asOf: new Date('2026-01-05T00:00:00.000Z'), now: new Date('2026-03-01T00:00:00.000Z'), chunk };
    const stock = await asLocalRun(db, 'import:stock', 'stock-import', new Date(), () => importStock(db, stockFile, LOCATIONS, opts),
      (x) => ({ status: 'ok', summary: { rows: x.rows, changed: x.changed, superseded: x.superseded } }));
    const again = await importStock(db, stockFile, LOCATIONS, opts);
    const imported = snapshot(db);

    const runs = db.$client.prepare("SELECT id, job FROM sync_runs WHERE job LIKE 'import:%' ORDER BY id").all() as { id: number; job: string }[];
    // undoRun reads the master and the channels (none here) of its workspace.
    const ws = { db, config: { channels: {} } } as unknown as Workspace;
    // The products an undo restores come in the order the engine reads run_product_changes (no
    // ORDER BY there, as before): sorted here.
    const undos = runs.reverse().map((r) => {
      const u = undoRun(ws, r.id, { dryRun: false });
      return { ...u, products: [...u.products].sort((a, b) => a.sku.localeCompare(b.sku)) };
    });
    const strip = <T extends { file: string }>(s: T) => ({ ...s, file: path.basename(s.file) });
    return { products: strip(products), stock: strip(stock), again: strip(again), imported, undos, undone: snapshot(db) };
  } finally {
    closeDb(db);
  }
}

/** The error an import of bad rows throws, on one engine with one chunk size. */
async function badRows(engine: Engine, chunk: number) {
  const db = master(engine, `b-${engine}-${chunk}`);
  const caught = async (p: Promise<unknown>) => p.then(() => undefined, (e: { message: string; details?: string[] }) => ({ message: e.message, details: e.details }));
  try {
    await importProducts(db, csv('base.csv', ['sku,title', 'A,a', 'B,b', 'BUNDLE,kit']), 'EUR');
    setBundle(db, 'BUNDLE', [{ sku: 'A', quantity: 1 }]);
    const products = await caught(importProducts(db, csv('bad-products.csv', ['sku,title,price',
      'A,a,1.00', 'C,c,2.00', 'D,,1.00', 'D,d,x', 'D,d,3.00', 'E,e,1.00', 'C,again,1.00', 'E,again,1.00', 'D,thrice,1.00', ',no sku,1.00', 'A,again,2.00']), 'EUR', { chunk }));
    const stock = await caught(importStock(db, csv('bad-stock.csv', ['sku,location,quantity',
      'A,store,1', 'B,store,x', 'B,store,2', 'A,warehouse,1', 'NOPE,store,1', 'BUNDLE,store,3', 'A,store,4', 'B,store,5', 'B,attic,1', ',store,1']), LOCATIONS, { now: new Date(), chunk }));
    return { products, stock, ledger: snapshot(db).ledger.length, productCount: snapshot(db).products.length };
  } finally {
    closeDb(db);
  }
}

describe('imports a chunk at a time', () => {
  it('SQLite books the same whatever the chunk size (one row per chunk is the row-by-row import)', async () => {
    const one = await scenario('sqlite', 1);
    expect(one.products).toMatchObject({ rows: 32, created: 12, updated: 7, unchanged: 13 });
    expect(one.stock).toMatchObject({ rows: 46, superseded: 1 });
    expect(one.again).toMatchObject({ changed: 0, superseded: 1, unchanged: 45 });
    expect(one.undos.map((u) => u.counts)).toEqual([
      expect.objectContaining({ superseded: 0, productsRestored: 0 }), expect.objectContaining({ reversed: 0, productsRestored: 19 })]);
    expect(await scenario('sqlite', 7)).toEqual(one);
    expect(await badRows('sqlite', 3)).toEqual(await badRows('sqlite', 1));
  });

  it.skipIf(!ENGINES.includes('postgres'))('PostgreSQL books exactly what SQLite does, across chunk edges', async () => {
    const sqlite = await scenario('sqlite', 1);
    for (const chunk of [3, 7, 1000]) expect(await scenario('postgres', chunk)).toEqual(sqlite);
  });

  it.skipIf(!ENGINES.includes('postgres'))('bad rows across chunk edges: the same problems, in the same order, nothing written', async () => {
    const sqlite = await badRows('sqlite', 1);
    expect(sqlite.products!.details).toEqual([
      'bad-products.csv:4:title: empty title',
      'bad-products.csv:5:price: "x" is not a price (this file writes prices like 12.50)',
      'bad-products.csv:8:sku: duplicate sku "C" (first on row 3)',
      'bad-products.csv:9:sku: duplicate sku "E" (first on row 7)',
      'bad-products.csv:10:sku: duplicate sku "D" (first on row 6)',
      'bad-products.csv:11:sku: empty sku',
      'bad-products.csv:12:sku: duplicate sku "A" (first on row 2)',
    ]);
    expect(sqlite.stock!.details).toEqual([
      'bad-stock.csv:3:quantity: "x" is not a whole number of 0 or more',
      'bad-stock.csv:4: B at store again (first on row 3)',
      'bad-stock.csv:6:sku: unknown sku "NOPE" (add it with `omni products add` or `products import`)',
      'bad-stock.csv:7:sku: BUNDLE is a bundle: it holds no stock of its own (count its components)',
      'bad-stock.csv:8: A at store again (first on row 2)',
      'bad-stock.csv:9: B at store again (first on row 3)',
      'bad-stock.csv:10:location: unknown location "attic" (known: store, warehouse)',
      'bad-stock.csv:11:sku: empty sku',
    ]);
    expect(sqlite).toMatchObject({ ledger: 0, productCount: 3 });
    for (const chunk of [2, 3, 1000]) expect(await badRows('postgres', chunk)).toEqual(sqlite);
  });
});
