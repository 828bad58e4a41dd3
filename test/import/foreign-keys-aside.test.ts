// PostgreSQL checks a foreign key with a query per row; an import into an empty master, and a seed,
// drop the keys of supplier_items and sku_aliases and add them back before the commit (one check
// over the table each: db/bulk-indexes.ts). Seen here from a second session (the locks the import
// holds while a batch is in flight, no timing): the keys are aside exactly then, come back the same
// and validated, stay when the import is refused or a dry run, and a row that breaks one fails.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pgServerUrl } from '../support/postgres.js';
import { PgDatabase } from '../../src/db/pg/client.js';
import { pgClient } from '../../src/db/open.js';
import { setForeignKeysAside } from '../../src/db/bulk-indexes.js';
import { setup, type TestWs } from './helpers.js';

const SHOP = `  shop:
    columns: { sku: sku, title: title, cost: cost, quantity: qty }
`;
const line = (i: number) => `S-${String(i).padStart(4, '0')},"Becher Nr. ${i}, 300 ml",${(1 + i / 100).toFixed(2)},${i % 7}`;

let ws: TestWs | undefined;
let admin: PgDatabase | undefined;
afterEach(() => { admin?.close(); ws?.close(); admin = undefined; ws = undefined; });

function feed(t: TestWs, rows: number, name: string, from = 0): string {
  const file = path.join(t.dir, name);
  writeFileSync(file, ['sku,title,cost,qty', ...Array.from({ length: rows }, (_, i) => line(from + i))].join('\n') + '\n');
  return file;
}

/** The foreign keys of supplier_items and sku_aliases as the catalog holds them. */
const keys = (t: TestWs) => t.db.$client.prepare(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def, convalidated
  FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('supplier_items'::regclass, 'sku_aliases'::regclass) ORDER BY conname`).all();

/**
 * Runs an import and returns, for each batch sent, whether the import's session then held
 * `table` in ACCESS EXCLUSIVE mode (which dropping one of its keys takes, and nothing else in an import does).
 */
async function exclusiveWhileSent(t: TestWs, table: string, o: Parameters<TestWs['run']>[0]): Promise<{ held: boolean[]; status: string }> {
  const pid = pgClient(t.db)!.native('SELECT pg_backend_pid()').rows![0]![0] as number;
  admin ??= new PgDatabase(t.target, 'test admin');
  const held: boolean[] = [];
  const onUnitSent = () => {
    held.push(admin!.native(`SELECT 1 FROM pg_locks WHERE pid = $1 AND relation = $2::regclass AND mode = 'AccessExclusiveLock'`, [pid, table]).rows!.length > 0);
  };
  const s = await t.run({ ...o, onUnitSent });
  return { held, status: s.status };
}

describe.skipIf(!pgServerUrl())('foreign keys checked once at the end of a big load, on PostgreSQL', () => {
  it('an import into an empty master sets them aside, and they come back the same, validated; the next import keeps them', async () => {
    ws = setup(SHOP, '', 'postgres');
    const before = keys(ws);
    expect(before.map((k) => (k as { conname: string }).conname)).toEqual(['sku_aliases_sku_products_sku_fk', 'supplier_items_sku_products_sku_fk', 'supplier_items_supplier_suppliers_code_fk']);
    const first = await exclusiveWhileSent(ws, 'supplier_items', { supplier: 'shop', source: feed(ws, 300, 'first.csv') });
    expect(first.status).toBe('ok');
    expect(first.held.length).toBeGreaterThan(1);
    expect(first.held.every(Boolean)).toBe(true);
    expect(keys(ws)).toEqual(before);
    // The master has items now: row by row again.
    const next = await exclusiveWhileSent(ws, 'supplier_items', { supplier: 'shop', source: feed(ws, 300, 'next.csv', 300) });
    expect(next.held.length).toBeGreaterThan(1);
    expect(next.held.some(Boolean)).toBe(false);
    expect(keys(ws)).toEqual(before);
  });

  it('a seed into a master with products sets them aside once it seeds, not before', async () => {
    ws = setup(SHOP, '', 'postgres');
    const before = keys(ws);
    await ws.run({ supplier: 'shop', source: feed(ws, 10, 'few.csv'), createNew: true });
    const seed = await exclusiveWhileSent(ws, 'sku_aliases', { supplier: 'shop', source: feed(ws, 300, 'seed.csv', 10), createNew: true, bulkIndexesAfter: 100 });
    expect(seed.status).toBe('ok');
    // Batches of 64: the first holds 64 new products (under 100), the third 192 (the seed has begun).
    expect(seed.held.slice(0, 2)).toEqual([false, false]);
    expect(seed.held.slice(2).every(Boolean)).toBe(true);
    expect(keys(ws)).toEqual(before);
    expect(Number(ws.db.$client.prepare(`SELECT count(*) FROM supplier_items i JOIN products p ON p.sku = i.sku`).pluck().get())).toBe(310);
  });

  it('a seed whose items are read by a second connection leaves supplier_items\' keys in place (that reader holds the table)', async () => {
    ws = setup(SHOP, '', 'postgres');
    const before = keys(ws);
    await ws.run({ supplier: 'shop', source: feed(ws, 10, 'few.csv'), createNew: true });
    const o = { supplier: 'shop', source: feed(ws, 300, 'seed.csv', 10), createNew: true, bulkIndexesAfter: 100, itemPagesAfter: 0 };
    const items = await exclusiveWhileSent(ws, 'supplier_items', { ...o, dryRun: true });
    expect(items.held.length).toBeGreaterThan(2);
    expect(items.held.some(Boolean)).toBe(false);
    const aliases = await exclusiveWhileSent(ws, 'sku_aliases', o);
    expect(aliases.status).toBe('ok');
    expect(aliases.held.slice(2).every(Boolean)).toBe(true);
    expect(keys(ws)).toEqual(before);
  });

  it('are there as before after an import that was refused, or a dry run', async () => {
    ws = setup(SHOP, '', 'postgres');
    const before = keys(ws);
    const bad = path.join(ws.dir, 'bad.csv');
    writeFileSync(bad, ['sku,title,cost,qty', ...Array.from({ length: 300 }, (_, i) => (i === 250 ? 'S-9999,Kaputt,abc,1' : line(i)))].join('\n') + '\n');
    expect((await exclusiveWhileSent(ws, 'supplier_items', { supplier: 'shop', source: bad, createNew: true })).status).toBe('invalid');
    expect(keys(ws)).toEqual(before);
    const dry = await exclusiveWhileSent(ws, 'supplier_items', { supplier: 'shop', source: feed(ws, 300, 'dry.csv'), createNew: true, dryRun: true });
    expect(dry.held.every(Boolean)).toBe(true);
    expect(keys(ws)).toEqual(before);
    expect(Number(ws.db.$client.prepare('SELECT count(*) FROM products').pluck().get())).toBe(0);
  });

  it('a row that breaks a key set aside fails when it is added back, and the rollback keeps the key', () => {
    ws = setup(SHOP, '', 'postgres');
    const before = keys(ws);
    const c = ws.db.$client;
    c.exec('BEGIN');
    const aside = setForeignKeysAside(ws.db, ['supplier_items']);
    expect(aside.names).toEqual(['supplier_items_sku_products_sku_fk', 'supplier_items_supplier_suppliers_code_fk']);
    c.exec(`INSERT INTO supplier_items (supplier, supplier_sku, sku) VALUES ('nobody', 'X-1', 'NO-SUCH-SKU')`);
    expect(() => aside.restore()).toThrow(/violates foreign key constraint "supplier_items_s/);
    c.exec('ROLLBACK');
    expect(keys(ws)).toEqual(before);
  });
});
