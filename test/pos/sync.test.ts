// End to end through the real engine: the built CLI, a real master (a SQLite file, or the same master
// copied to PostgreSQL), the fixtures' exports.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cleanup, omni as omniIn, workspace, ROOT, type CliResult } from '../support/workspace.js';
import { ENGINES, type Engine } from '../support/postgres.js';
import { moveMasterTo } from '../support/engine-master.js';
import { openDb, closeDb, pgClient } from '../../src/db/open.js';
import { isPostgresUrl } from '../../src/db/pg/url.js';

const FIX = path.join(ROOT, 'fixtures/pos');
const LOCS = `database: omni.sqlite
timezone: Europe/Berlin
currency: EUR
lock_timeout_seconds: 5
locations:
  - { code: store, kind: store }
  - { code: warehouse, kind: warehouse }
channels:
  pos:
`;
const SEED: Record<string, number> = { 'MUG-STONE-350': 200, 'TEA-EARL-100': 24, 'KETTLE-GOOSE': 2, 'FILTER-V60-100': 40, 'TEA-SENCHA-100': 12, 'POT-GLASS-1L': 3, 'COFFEE-HOUSE-500': 10, 'TOWEL-LINEN': 14 };

/** Each workspace's master: its SQLite file, or the PostgreSQL URL it was moved to. */
const masters = new Map<string, string>();
const omni = (dir: string, args: readonly string[]): CliResult => {
  const master = masters.get(dir);
  return omniIn(dir, args, master && isPostgresUrl(master) ? { OMNI_DATABASE_URL: master } : {});
};
function omniJson<T>(dir: string, args: readonly string[]): T {
  const r = omni(dir, ['--json', ...args]);
  if (r.code !== 0) throw new Error(`omni ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Seeded on SQLite (products and counts), then, for PostgreSQL, the master moved there whole. */
function setup(channel: string, engine: Engine): string {
  const dir = workspace(LOCS + channel);
  mkdirSync(path.join(dir, 'exports'));
  expect(omni(dir, ['init']).code).toBe(0);
  expect(omni(dir, ['products', 'import', path.join(ROOT, 'fixtures/demo/products.csv')]).code).toBe(0);
  for (const [sku, n] of Object.entries(SEED)) expect(omni(dir, ['stock', 'count', sku, String(n), '-l', 'store']).code).toBe(0);
  masters.set(dir, moveMasterTo(engine, dir));
  return dir;
}
/** Drop an export into the folder, newer than the ones before it. */
let tick = Date.now() / 1000 - 1000;
function drop(dir: string, fixture: string): void {
  const to = path.join(dir, 'exports', path.basename(fixture));
  copyFileSync(path.join(FIX, fixture), to);
  tick += 10;
  utimesSync(to, tick, tick);
}
const store = (dir: string, sku: string) => omniJson<{ lines: { locations: Record<string, number> }[] }>(dir, ['stock', sku]).lines[0]!.locations.store ?? 0;
const sync = (dir: string, ...flags: string[]) => omni(dir, ['sync', '--channel', 'pos', ...flags]);
const TABLES = ['stock_movements', 'stock_levels', 'orders', 'order_lines', 'returns', 'customers', 'channel_listings', 'cursors'];
function tables(dir: string): Record<string, unknown[]> {
  const master = masters.get(dir)!;
  if (isPostgresUrl(master)) {
    // No rowid there: rows in the order of their text, which is stable between two reads.
    const db = openDb(master);
    try {
      const c = pgClient(db)!;
      return Object.fromEntries(TABLES.map((t) => [t, c.prepare(`SELECT * FROM ${t} ORDER BY (${t}.*)::text`).all()]));
    } finally { closeDb(db); }
  }
  const db = new Database(master, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${t === 'stock_levels' ? 'sku, location' : 'rowid'}`).all()]));
  } finally { db.close(); }
}
const importFiles = (dir: string) => (readdirSync(path.join(dir, 'to-pos'), { withFileTypes: true }).filter((f) => f.isFile()).map((f) => path.join(dir, 'to-pos', f.name)).sort());

describe.each(ENGINES)('pos-file (square): sales, overlap, refunds, push on %s', (engine) => {
  let dir: string;
  beforeAll(() => {
    dir = setup(`    type: pos-file
    preset: square
    stock_from: [store]
    fulfil_from: [store]
    sales_file: exports/items-*.csv
    timezone: Europe/Berlin
    pos_location: High Street
    import_file: to-pos/square-import-{date}.csv
`, engine);
  });
  afterAll(() => cleanup(dir));

  it('a dry run changes nothing', () => {
    drop(dir, 'square/items-2026-06-01-2026-06-03.csv');
    const before = tables(dir);
    const r = sync(dir, '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(tables(dir)).toEqual(before);
    expect(() => readdirSync(path.join(dir, 'to-pos'))).toThrow();
  });

  it('sales take stock from the POS location and the import file lists every item', () => {
    const r = sync(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(store(dir, 'MUG-STONE-350')).toBe(197);
    expect(store(dir, 'TEA-EARL-100')).toBe(22);
    expect(store(dir, 'KETTLE-GOOSE')).toBe(1);
    expect(store(dir, 'FILTER-V60-100')).toBe(37);
    const [file] = importFiles(dir);
    expect(r.stdout).toContain(`written to to-pos/${path.basename(file!)}; import that file in Square`);
    const lines = readFileSync(file!, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Token,Item Name,Variation Name,SKU,Price,Current Quantity High Street,New Quantity High Street');
    expect(lines).toContain('"Stoneware mug ""Fjord"", 350 ml",Regular,MUG-STONE-350,14.90,,197'.replace(/^/, ','));
    expect(lines).toHaveLength(11);
  });

  it('an overlapping export never counts a receipt twice; a refund restocks', () => {
    drop(dir, 'square/items-2026-06-02-2026-06-05.csv');
    const r = sync(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(store(dir, 'MUG-STONE-350')).toBe(197); // 197 - 1 sold + 1 refunded
    expect(store(dir, 'FILTER-V60-100')).toBe(37);
    expect(store(dir, 'TEA-SENCHA-100')).toBe(10);
    expect(store(dir, 'POT-GLASS-1L')).toBe(2);
    expect(tables(dir).returns).toHaveLength(1);
    // only what changed is written, as absolute stock
    const last = importFiles(dir).at(-1)!;
    expect(readFileSync(last, 'utf8').trim().split('\r\n').slice(1)).toEqual([',Glass teapot 1 l with infuser,Regular,POT-GLASS-1L,29.00,,2']);
  });

  it('the same export again changes nothing', () => {
    const before = tables(dir);
    const r = sync(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(tables(dir).stock_movements).toEqual(before.stock_movements);
    expect(importFiles(dir)).toHaveLength(2);
  });

  it('a broken export fails with file:row:column and books nothing', () => {
    drop(dir, 'square/items-bad-rows.csv');
    const before = tables(dir);
    const r = sync(dir);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('4 bad row(s) in the POS export; nothing was imported');
    expect(out).toContain('items-bad-rows.csv:2:Qty: "one" is not a whole number of items');
    expect(out).toContain('items-bad-rows.csv:4:Gross Sales: "€4x.00" is not an amount');
    const after = tables(dir);
    for (const t of ['stock_movements', 'orders', 'order_lines', 'cursors'] as const) expect(after[t]).toEqual(before[t]);
    expect(importFiles(dir)).toHaveLength(2);
  });

  it('a broken export blocks every sync until it is fixed or moved away: no sale is skipped silently', () => {
    const again = sync(dir);
    expect(again.code).toBe(1);
    expect(again.stdout + again.stderr).toContain('move the broken file out of the folder');
    rmSync(path.join(dir, 'exports', 'items-bad-rows.csv'));
  });

  it('a few bad rows are warnings; the good receipts still count', () => {
    drop(dir, 'square/items-one-bad-row.csv');
    const r = sync(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('items-one-bad-row.csv:3:Qty: "two" is not a whole number of items (row left out)');
    expect(store(dir, 'MUG-STONE-350')).toBe(196);
    expect(store(dir, 'TEA-EARL-100')).toBe(22);
  });
});

describe.each(ENGINES)('pos-file: two exports that land between syncs on %s', (engine) => {
  let dir: string;
  beforeAll(() => {
    dir = setup(`    type: pos-file
    preset: square
    stock_from: [store]
    sales_file: exports/items-*.csv
    timezone: Europe/Berlin
    pos_location: High Street
`, engine);
  });
  afterAll(() => cleanup(dir));

  it('the first sync reads only the newest export: the counts it starts from reflect the older ones', () => {
    drop(dir, 'square/items-bad-rows.csv'); // broken, but older: never read
    drop(dir, 'square/items-one-bad-row.csv'); // sells 1 mug
    expect(sync(dir).code).toBe(0);
    expect(store(dir, 'MUG-STONE-350')).toBe(199);
    rmSync(path.join(dir, 'exports', 'items-bad-rows.csv'));
  });

  it('after that, every export not read yet is read, oldest first, and none again', () => {
    drop(dir, 'square/items-2026-06-01-2026-06-03.csv'); // sells 3 mugs
    drop(dir, 'square/items-2026-06-02-2026-06-05.csv'); // sells 1 and refunds 1 of an earlier receipt
    expect(sync(dir).code).toBe(0);
    expect(store(dir, 'MUG-STONE-350')).toBe(196);
    const before = tables(dir).stock_movements;
    expect(sync(dir).code).toBe(0);
    expect(tables(dir).stock_movements).toEqual(before);
  });
});

describe.each(ENGINES)('pos-file (loyverse): item export as listing state, refunds, customers on %s', (engine) => {
  let dir: string;
  beforeAll(() => {
    dir = setup(`    type: pos-file
    preset: loyverse
    stock_from: [store]
    sales_file: exports/receipts-by-item-*.csv
    items_file: exports/export_items.csv
    timezone: Europe/Berlin
    import_file: to-pos/loyverse-{date}.csv
`, engine);
    drop(dir, 'loyverse/receipts-by-item-2026-06-01-2026-06-03.csv');
    drop(dir, 'loyverse/export_items.csv');
  });
  afterAll(() => cleanup(dir));

  it('books sales, skips cancelled receipts, records the refund, and writes the Loyverse import', () => {
    const r = sync(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(store(dir, 'COFFEE-HOUSE-500')).toBe(7);
    // 24 - 3 sold + 1 refunded. The refund receipt 1-1005 names no original receipt, so the
    // item goes back on the shelf at the channel's first stock location (the store).
    expect(store(dir, 'TEA-EARL-100')).toBe(22);
    expect(store(dir, 'MUG-STONE-350')).toBe(199);
    const t = tables(dir);
    expect(t.returns).toMatchObject([{ sku: 'TEA-EARL-100', quantity: 1, disposition: 'restock' }]);
    expect((t.customers as { email: string | null }[]).map((c) => c.email)).toContain('lena.hoffmann@example.org');
    const file = importFiles(dir)[0]!;
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Handle,SKU,Name,Track stock,Price [High Street],In stock [High Street]');
    // the POS has TEA-SENCHA at a variable price: omni sends its price
    expect(lines).toContain('japanese-sencha-100-g,TEA-SENCHA-100,Japanese sencha 100 g,Y,9.90,');
  });
});

describe.each(ENGINES)('pos-file (generic): a stocktake becomes count movements once on %s', (engine) => {
  let dir: string;
  beforeAll(() => {
    dir = setup(`    type: pos-file
    stock_from: [store]
    counts_file: exports/stocktake-*.csv
    import_file: to-pos/pos-{date}.csv
    push: { stock: true, price: false }
`, engine);
    drop(dir, 'generic/stocktake-2026-06-06.csv');
    // the stocktake was taken after the seed counts above (a count older than a booked one changes nothing)
    const now = Date.now() / 1000;
    utimesSync(path.join(dir, 'exports', 'stocktake-2026-06-06.csv'), now, now);
  });
  afterAll(() => cleanup(dir));

  it('books the counted numbers, and not again for the same file', () => {
    const r = sync(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(store(dir, 'MUG-STONE-350')).toBe(195);
    expect(store(dir, 'TEA-EARL-100')).toBe(20);
    expect(store(dir, 'KETTLE-GOOSE')).toBe(1);
    const kinds = (tables(dir).stock_movements as { kind: string }[]).filter((m) => m.kind === 'count');
    expect(kinds.length).toBe(Object.keys(SEED).length + 4); // MUG, TEA-EARL, KETTLE, FILTER differed
    expect(omni(dir, ['stock', 'adjust', 'MUG-STONE-350', '-2', '-l', 'store']).code).toBe(0);
    expect(sync(dir).code).toBe(0);
    expect(store(dir, 'MUG-STONE-350')).toBe(193);
    const header = readFileSync(importFiles(dir)[0]!, 'utf8').split('\r\n')[0];
    expect(header).toBe('sku,name,price,quantity');
  });

  it('the same numbers exported again later count again, and sales booked after the export are kept', () => {
    expect(store(dir, 'MUG-STONE-350')).toBe(193);
    // the POS exports the same stocktake again a week later (its time: now) ...
    const to = path.join(dir, 'exports', 'stocktake-2026-06-13.csv');
    copyFileSync(path.join(FIX, 'generic/stocktake-2026-06-06.csv'), to);
    const now = Date.now() / 1000;
    utimesSync(to, now, now);
    // ... and a mug is sold (and booked) after the export, before omni reads it
    expect(omni(dir, ['stock', 'adjust', 'MUG-STONE-350', '-2', '-l', 'store', '-r', 'sold']).code).toBe(0);
    const r = sync(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(store(dir, 'MUG-STONE-350')).toBe(193); // 195 counted, minus the 2 sold after the export
    expect(store(dir, 'TEA-EARL-100')).toBe(20);
    // read once per export: the next sync changes nothing
    const before = tables(dir).stock_movements;
    expect(sync(dir).code).toBe(0);
    expect(tables(dir).stock_movements).toEqual(before);
  });
});
