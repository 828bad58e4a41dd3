// Products and stock imports stream their file and write in one transaction as they read: all
// or nothing still holds for a bad row at the very end, duplicates are found without a map of
// keys, problem lists are capped, and the stock import's keys are the ones files imported by
// earlier versions got (re-importing one of them books nothing).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { importProducts } from '../../src/app/products-import.js';
import { importStock } from '../../src/app/stock-import.js';
import { onHand } from '../../src/db/ledger.js';
import { tempDir, cleanup } from '../support/workspace.js';
import { ENGINES, masterTarget, type Engine } from '../support/postgres.js';

let dir: string;
let db: Db;
/** A fresh master on `engine` for each test of the calling describe block. */
const fresh = (engine: Engine) => {
  beforeEach(() => {
    dir = tempDir();
    db = openDb(masterTarget(engine, dir), { create: true });
    syncLocations(db, [{ code: 'store', kind: 'store' }, { code: 'warehouse', kind: 'warehouse' }]);
  });
  afterEach(() => { closeDb(db); cleanup(dir); });
};

const csv = (name: string, lines: string[]) => { const f = path.join(dir, name); writeFileSync(f, `\uFEFF${lines.join('\r\n')}\r\n`); return f; };
const catalog = (n: number) => ['sku,title,price,barcode', ...Array.from({ length: n }, (_, i) => `P-${i},"Becher ""${i}"", 300 ml",${(5 + i / 100).toFixed(2)},${4000000000000 + i}`)];
const count = (sql: string) => db.$client.prepare(sql).pluck().get();

describe.each(ENGINES)('products import, streamed, on %s', (engine) => {
  fresh(engine);
  it('writes nothing when the last of 3,000 rows is bad, and names the row', async () => {
    const lines = catalog(3000);
    lines[3000] = 'P-2999,,oops';
    await expect(importProducts(db, csv('p.csv', lines), 'EUR')).rejects.toThrow(expect.objectContaining({
      exitCode: 2, message: 'p.csv: 2 problems; nothing was imported.', details: ['p.csv:3001:title: empty title', 'p.csv:3001:price: "oops" is not a price (this file writes prices like 12.50)'],
    }));
    expect(count('SELECT count(*) FROM products')).toBe(0);
  });

  it('imports, re-imports as unchanged, and a dry run of changes writes nothing', async () => {
    expect(await importProducts(db, csv('p.csv', catalog(3000)), 'EUR')).toMatchObject({ rows: 3000, created: 3000, updated: 0, unchanged: 0 });
    expect(db.$client.prepare(`SELECT title, price_minor, barcode FROM products WHERE sku = 'P-7'`).get()).toEqual({ title: 'Becher "7", 300 ml', price_minor: 507, barcode: '4000000000007' });
    expect(await importProducts(db, csv('p.csv', catalog(3000)), 'EUR')).toMatchObject({ created: 0, updated: 0, unchanged: 3000 });
    const changed = catalog(3001).map((l) => l.replace(',5.07,', ',5.99,'));
    expect(await importProducts(db, csv('p2.csv', changed), 'EUR', { dryRun: true })).toMatchObject({ created: 1, updated: 1, unchanged: 2999, dryRun: true });
    expect(count(`SELECT price_minor FROM products WHERE sku = 'P-7'`)).toBe(507);
    expect(count('SELECT count(*) FROM products')).toBe(3000);
  });

  it('finds a duplicate sku anywhere in the file and caps the list of problems', async () => {
    const lines = catalog(2000);
    lines.push('P-3,again,1.00,');
    for (let i = 0; i < 1200; i++) lines.push(`Q-${i},,,`);
    await expect(importProducts(db, csv('p.csv', lines), 'EUR')).rejects.toThrow(expect.objectContaining({
      message: 'p.csv: 1201 problems; nothing was imported.',
      details: expect.arrayContaining(['p.csv:2002:sku: duplicate sku "P-3" (first on row 5)', '… and 201 more']),
    }));
    expect(count('SELECT count(*) FROM products')).toBe(0);
  });
});

describe.each(ENGINES)('stock import, streamed, on %s', (engine) => {
  fresh(engine);
  beforeEach(async () => { await importProducts(db, csv('p.csv', catalog(3000)), 'EUR'); });
  const counts = (n: number) => ['sku,location,quantity', ...Array.from({ length: n }, (_, i) => `P-${i},${i % 2 ? 'store' : 'warehouse'},${i % 9}`)];

  it('hashes the file as earlier versions did (record by record), and the same file again books nothing', async () => {
    const f = csv('counts.csv', counts(3000));
    // the hash earlier versions used: the file's records as csv-parse read them, hashed whole
    const records = parse(readFileSync(f, 'utf8').replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
    const hash = createHash('sha256').update(JSON.stringify(records)).digest('hex').slice(0, 16);
    const asOf = new Date('2026-01-05T08:00:00Z');
    const now = new Date('2026-01-06T08:00:00Z');
    const s = await importStock(db, f, ['store', 'warehouse'], { asOf, now });
    expect(s).toMatchObject({ rows: 3000, changed: 3000 - 334 }); // quantity 0 changes nothing (every 9th row)
    expect(count(`SELECT count(*) FROM stock_movements WHERE idempotency_key LIKE 'stock-import:${hash}:${asOf.toISOString()}:%'`)).toBe(3000);
    expect(await importStock(db, f, ['store', 'warehouse'], { asOf, now })).toMatchObject({ changed: 0, unchanged: 3000 });
    expect(onHand(db, 'P-8', 'warehouse')).toBe(8);
  });

  it('finds a sku counted twice at one location anywhere in the file; books nothing', async () => {
    const lines = counts(3000);
    lines.push('P-2,warehouse,5', 'P-2,store,5', 'NOPE,store,1');
    await expect(importStock(db, csv('c.csv', lines), ['store', 'warehouse'], { now: new Date() })).rejects.toThrow(expect.objectContaining({
      message: 'c.csv: 2 problem(s); nothing was booked.',
      details: ['c.csv:3002: P-2 at warehouse again (first on row 4)', 'c.csv:3004:sku: unknown sku "NOPE" (add it with `omni products add` or `products import`)'],
    }));
    expect(count('SELECT count(*) FROM stock_movements')).toBe(0);
  });
});
