// A big re-import on SQLite reads the supplier's stored items in a worker thread (db/item-pages.ts).
// Its pages are the master as the import found it, in supplier-sku order, whatever the import's own
// transaction has written since; it counts the items in stock on the way; it lets go of the master
// when closed (so the commit's checkpoint is not held back); a master it cannot read is an error,
// not a hang. And a whole import reads the same with it as without it: unsorted rows, duplicates,
// missing and new items, and the breakers' stock figure.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ItemPages } from '../../src/db/item-pages.js';
import { supplierItemStatements } from '../../src/db/supplier-items.js';
import { cleanup, tempDir } from '../support/workspace.js';
import { setup, type TestWs } from './helpers.js';
import { ENGINES, emptyPgDatabase, pgServerUrl, type Engine } from '../support/postgres.js';
import { PgDatabase } from '../../src/db/pg/client.js';
import { randomBytes } from 'node:crypto';

const BIG = `  big:
    columns: { sku: sku, title: title, cost: cost, quantity: qty }
`;
const ROWS = 5000; // past two pages of 2,048
const sku = (i: number) => `BG-${String(i).padStart(5, '0')}`;
const line = (i: number, cost = 100 + (i % 50), qty = i % 7) => `${sku(i)},"Item ${i}, boxed",${(cost / 100).toFixed(2)},${qty}`;

let wss: TestWs[] = [];
let dirs: string[] = [];
afterEach(() => { wss.forEach((w) => w.close()); wss = []; dirs.forEach(cleanup); dirs = []; });

function feed(name: string, lines: string[]): string {
  const dir = tempDir('omni-pages-');
  dirs.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, ['sku,title,cost,qty', ...lines].join('\n') + '\n');
  return file;
}

async function imported(engine: Engine = 'sqlite'): Promise<TestWs> {
  const ws = setup(BIG, '', engine);
  wss.push(ws);
  const s = await ws.run({ supplier: 'big', source: feed('first.csv', Array.from({ length: ROWS }, (_, i) => line(i))) });
  expect(s.counts.newItems).toBe(ROWS);
  return ws;
}

/** Every page to the end: the items as `before` lists them, in pages of 2,048, and the count in stock. */
function expectPages(pages: ItemPages, before: string[], stocked: unknown): void {
  const read: string[][] = [pages.page(undefined)];
  while (read.at(-1)!.length > 0) read.push(pages.page('ignored: the worker streams'));
  expect(read.map((p) => p.length)).toEqual([2048, 2048, 904, 0]);
  expect(read.flat()).toEqual(before);
  expect(pages.stocked()).toBe(stocked);
  pages.close();
}

const ITEMS = `SELECT supplier_sku || char(31) || rowid || char(31) || ifnull(row_hash, '') FROM supplier_items WHERE supplier = 'big' ORDER BY supplier_sku`;

describe('the stored items read by a worker thread', () => {
  it('pages the master as the import found it, in order, and counts the items in stock', async () => {
    const ws = await imported();
    const c = ws.db.$client;
    const before = c.prepare(ITEMS).pluck().all() as string[];
    const stocked = c.prepare(`SELECT count(*) FROM supplier_items WHERE stock > 0`).pluck().get();
    c.exec('BEGIN IMMEDIATE');
    // The import's own writes, not yet committed: the worker must not see them.
    c.exec(`UPDATE supplier_items SET stock = 0, row_hash = 'x' WHERE supplier_sku < '${sku(100)}'`);
    c.exec(`INSERT INTO supplier_items (supplier, supplier_sku, currency) VALUES ('big', 'BG-00000a', 'EUR')`);
    const pages = supplierItemStatements(ws.db, 'big', '2026-03-02T07:00:00Z').pagesInWorker()!;
    expect(pages).toBeInstanceOf(ItemPages);
    expectPages(pages, before, stocked);
    c.exec('ROLLBACK');
  });

  it('refuses pages asked out of order', async () => {
    const ws = await imported();
    const pages = supplierItemStatements(ws.db, 'big', 'now').pagesInWorker()!;
    try {
      expect(() => pages.page('BG-00001')).toThrow(/in order, from the first/);
    } finally { pages.close(); }
  });

  it('lets go of the master when closed halfway, so a commit checkpoints the whole log', async () => {
    const ws = await imported();
    const c = ws.db.$client;
    c.exec('BEGIN IMMEDIATE');
    const pages = supplierItemStatements(ws.db, 'big', 'now').pagesInWorker()!;
    expect(pages.page(undefined)).toHaveLength(2048); // the worker now waits, pages ahead, in its read transaction
    expect(pages.stocked()).toBeUndefined(); // not read to the end: the caller counts
    pages.close();
    pages.close(); // twice is harmless
    c.exec(`UPDATE supplier_items SET stock = 1 WHERE supplier_sku = '${sku(1)}'`);
    c.exec('COMMIT');
    // [busy, log frames, frames checkpointed]: no reader holds an older snapshot.
    const [r] = c.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    expect(r).toEqual({ busy: 0, log: 0, checkpointed: 0 });
  });

  it('a master it cannot open is an error naming the supplier, not a wait', () => {
    const dir = tempDir('omni-pages-');
    dirs.push(dir);
    const pages = new ItemPages({ sqlite: path.join(dir, 'gone.sqlite') }, 'big', { item: 'supplier_sku', pageSize: 10 });
    expect(() => pages.page(undefined)).toThrow(/Reading the stored items of supplier big failed: .*unable to open/);
    pages.close();
  });

});

describe.each(ENGINES)('a re-import with its items read by a worker thread, on %s', (engine) => {
  it('an import reads the same with the worker as without it', async () => {
    // Changed costs, items gone (missing), new ones between old ones, a block of rows moved to the
    // end (looked up out of order), a duplicate row, and most of the stock taken to zero (the
    // breaker trips on the figure the worker counted).
    const lines: string[] = [];
    const moved: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      if (i % 50 === 7) continue;
      const l = line(i, i % 100 === 3 ? 999 : undefined, i % 3 === 0 ? i % 7 : 0);
      if (i >= 3000 && i < 3300) moved.push(l); else lines.push(l);
      if (i % 400 === 5) lines.push(`${sku(i)}a,"New ${i}",1.00,4`);
    }
    lines.push(...moved, line(42));
    const next = feed('next.csv', lines);
    const runs = [];
    // The supplier's row was made at the clock's time: not the import's to compare.
    const snapshot = (ws: TestWs) => ({ ...ws.snapshot(), suppliers: undefined });
    for (const itemPagesAfter of [0, Number.MAX_SAFE_INTEGER]) {
      const ws = await imported(engine);
      runs.push({ summary: await ws.run({ supplier: 'big', source: next, itemPagesAfter, skipInvalid: true }), after: snapshot(ws) });
      runs.push({ summary: await ws.run({ supplier: 'big', source: next, itemPagesAfter, skipInvalid: true, accept: true }), after: snapshot(ws) });
    }
    const [worker, workerAccepted, plain, plainAccepted] = runs;
    const stocked = Array.from({ length: ROWS }, (_, i) => i % 7).filter((q) => q > 0).length;
    expect(worker!.summary).toMatchObject({ status: 'refused', breaker: { reasons: [expect.stringContaining(`of ${stocked} item(s) in stock to zero`)] } });
    expect(worker!.summary.counts).toMatchObject({ missing: 100, newItems: 13, rejected: 1 });
    expect(workerAccepted!.summary.counts).toMatchObject({ missing: 100, newItems: 13, rejected: 1 });
    expect(worker).toEqual(plain);
    expect(workerAccepted).toEqual(plainAccepted);
  });

});

describe.skipIf(!pgServerUrl())('a re-import on PostgreSQL', () => {
  it('pages the committed master, not the import\'s uncommitted rows, and counts the items in stock', async () => {
    const ws = await imported('postgres');
    const c = ws.db.$client;
    const items = `SELECT supplier_sku || chr(31) || rowid || chr(31) || coalesce(row_hash, '') FROM supplier_items WHERE supplier = 'big' ORDER BY supplier_sku`;
    const before = c.prepare(items).pluck().all() as string[];
    const stocked = Number(c.prepare(`SELECT count(*) FROM supplier_items WHERE stock > 0`).pluck().get());
    c.exec('BEGIN');
    c.exec(`UPDATE supplier_items SET stock = 0, row_hash = 'x' WHERE supplier_sku < '${sku(100)}'`);
    const pages = supplierItemStatements(ws.db, 'big', 'now').pagesInWorker()!;
    expectPages(pages, before, stocked);
    c.exec('ROLLBACK');
  });

  it('a master the worker cannot reach is an error naming the supplier, without the password', () => {
    const url = 'postgres://omni:s3cret-pw@127.0.0.1:1/nowhere';
    const pages = new ItemPages({ postgres: url }, 'big', { item: 'supplier_sku', pageSize: 10 });
    let message = '';
    try { pages.page(undefined); } catch (e) { message = (e as Error).message; }
    pages.close();
    expect(message).toMatch(/^Reading the stored items of supplier big failed: .*ECONNREFUSED/);
    expect(message).not.toContain('s3cret-pw');
  });
  it('a worker that cannot reach the master hands the pages to the caller\'s reader, and counts nothing', () => {
    const asked: (string | undefined)[] = [];
    const fallback = (after: string | undefined) => { asked.push(after); return after === undefined ? ['a', 'b'] : []; };
    const pages = new ItemPages({ postgres: 'postgres://omni@127.0.0.1:1/nowhere' }, 'big', { item: 'supplier_sku', pageSize: 10, fallback });
    expect(pages.page(undefined)).toEqual(['a', 'b']);
    expect(pages.page('b')).toEqual([]);
    expect(asked).toEqual([undefined, 'b']);
    expect(pages.stocked()).toBeUndefined(); // the caller counts
    pages.close();
  });

  it('a server that refuses the worker a second connection still imports, on the import\'s own connection', async () => {
    // A role limited to one connection, owning its master (as a managed plan's small limit, with
    // the chain's other runners holding the rest, would leave an import).
    const role = `omni_one_${randomBytes(4).toString('hex')}`;
    const url = new URL(emptyPgDatabase('omni_one'));
    const admin = new PgDatabase(pgServerUrl(), 'test server');
    try {
      admin.native(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 1`);
      admin.native(`ALTER DATABASE ${url.pathname.slice(1)} OWNER TO ${role}`);
    } finally { admin.close(); }
    url.username = role;
    const ws = setup(BIG, '', 'postgres', url.toString());
    wss.push(ws);
    await ws.run({ supplier: 'big', source: feed('first.csv', Array.from({ length: ROWS }, (_, i) => line(i))) });
    // The worker's own connection is refused while the import holds the one allowed.
    const alone = new ItemPages({ postgres: url.toString() }, 'big', { item: 'supplier_sku', pageSize: 10 });
    expect(() => alone.page(undefined)).toThrow(/too many connections for role/);
    alone.close();
    const lines = Array.from({ length: ROWS }, (_, i) => (i % 50 === 7 ? `${sku(i)}a,"New ${i}",1.00,4` : line(i, i % 100 === 3 ? 999 : undefined)));
    const s = await ws.run({ supplier: 'big', source: feed('next.csv', lines), itemPagesAfter: 0 });
    expect(s).toMatchObject({ status: 'ok', written: true, counts: { rows: ROWS, newItems: 100, missing: 100, changedItems: 50, unchanged: ROWS - 150 } });
    expect(Number(ws.db.$client.prepare(`SELECT count(*) FROM supplier_items WHERE supplier = 'big'`).pluck().get())).toBe(ROWS + 100);
  });

  it('analyzes supplier_items only after an import that grew the supplier by a tenth, counted by the walk', async () => {
    const ws = setup(BIG, '', 'postgres');
    wss.push(ws);
    const analyzed = () => Number(ws.db.$client.prepare(`SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'supplier_items'`).pluck().get());
    const rows = (n: number) => Array.from({ length: n }, (_, i) => line(i));
    const before = analyzed();
    await ws.run({ supplier: 'big', source: feed('first.csv', rows(11_000)) }); // 11,000 new: analyzed
    expect(analyzed()).toBe(before + 1);
    await ws.run({ supplier: 'big', source: feed('more.csv', rows(12_050)) }); // 1,050 new on 11,000: under a tenth
    expect(analyzed()).toBe(before + 1);
    await ws.run({ supplier: 'big', source: feed('much-more.csv', rows(14_000)) }); // 1,950 new on 12,050: over a tenth
    expect(analyzed()).toBe(before + 2);
  });
});
