// `omni db copy`: a SQLite master with a whole business in it (products, stock, orders, customers,
// returns, purchasing) into an empty PostgreSQL database and back into a new SQLite file, through
// the real CLI; every table's rows arrive, the ledger holds, and the password shows nowhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../../src/config/load.js';
import { openDb, closeDb } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { applyCount } from '../../src/db/ledger.js';
import { importProducts } from '../../src/app/products-import.js';
import { fixturesDir } from '../../src/app/demo.js';
import { seedBusinessDemo } from '../../src/app/demo-business.js';
import { rowCounts, tablesInCopyOrder } from '../../src/db/copy.js';
import { ledgerSums, ledgerMismatches } from '../../src/db/stock.js';
import { tempDir, cleanup, omni } from '../support/workspace.js';
import { ENGINES, pgDatabase } from '../support/postgres.js';

const PASSWORD = 'copy-secret-Yx42-never-shown';

let dir: string;
beforeAll(async () => {
  dir = tempDir();
  copyFileSync(path.join(fixturesDir(), 'config.yaml'), path.join(dir, 'config.yaml'));
  const { config } = loadConfig(path.join(dir, 'config.yaml'));
  const db = openDb(path.join(dir, 'omni.sqlite'), { create: true });
  syncLocations(db, config.locations);
  await importProducts(db, path.join(fixturesDir(), 'products.csv'), 'EUR');
  for (const r of parse(readFileSync(path.join(fixturesDir(), 'stock.csv'), 'utf8'), { columns: true }) as Record<string, string>[]) {
    applyCount(db, { sku: r.sku!, location: r.location!, counted: Number(r.quantity), idempotencyKey: `seed:${r.sku}:${r.location}` });
  }
  seedBusinessDemo(db, config, new Date('2026-05-10T09:00:00Z'));
  closeDb(db);
});
afterAll(() => cleanup(dir));

function snapshot(target: string) {
  const db = openDb(target);
  try { return { counts: rowCounts(db), sums: ledgerSums(db), mismatches: ledgerMismatches(db) }; } finally { closeDb(db); }
}

describe('omni db copy', () => {
  it('orders the tables so each comes after the tables it refers to', () => {
    const order = tablesInCopyOrder().map((t) => t.name);
    expect(order.indexOf('products')).toBeLessThan(order.indexOf('stock_movements'));
    expect(order.indexOf('locations')).toBeLessThan(order.indexOf('stock_movements'));
    expect(order.indexOf('orders')).toBeLessThan(order.indexOf('order_lines'));
  });

  it('copies into a new SQLite file, and refuses one that exists', () => {
    const source = snapshot(path.join(dir, 'omni.sqlite'));
    expect(source.counts.filter((c) => c.rows > 0).length).toBeGreaterThan(8);
    const r = omni(dir, ['--json', 'db', 'copy', '--to', 'copy.sqlite']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: source.counts.reduce((n, c) => n + c.rows, 0), verified: { counts: true, ledger: true } });
    expect(snapshot(path.join(dir, 'copy.sqlite'))).toEqual(source);
    const again = omni(dir, ['db', 'copy', '--to', 'copy.sqlite']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/copy\.sqlite already exists/);
  });

  describe.runIf(ENGINES.includes('postgres'))('to PostgreSQL and back', () => {
    it('moves every row and the ledger, with the password from omni.env, and back again', () => {
      const source = snapshot(path.join(dir, 'omni.sqlite'));
      const url = pgDatabase();
      writeFileSync(path.join(dir, 'omni.env'), `COPY_PG_PASSWORD=${PASSWORD}\n`);
      const to = url.replace('postgres://omni@', 'postgres://omni:${COPY_PG_PASSWORD}@');
      const r = omni(dir, ['db', 'copy', '--to', to]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Copied \d+ row\(s\) in \d+ tables from .*omni\.sqlite to postgres:\/\/omni:\*\*\*@/);
      expect(r.stdout + r.stderr).not.toContain(PASSWORD);
      expect(snapshot(url)).toEqual(source);

      // A second copy into the same (now full) database is refused: nothing is mixed.
      const twice = omni(dir, ['db', 'copy', '--to', url]);
      expect(twice.code).toBe(2);
      expect(twice.stderr).toMatch(/already holds data/);

      // And back: the PostgreSQL master (via OMNI_DATABASE_URL) into a new SQLite file.
      const back = omni(dir, ['db', 'copy', '--to', 'back.sqlite'], { OMNI_DATABASE_URL: url });
      expect(back.code, back.stderr).toBe(0);
      expect(snapshot(path.join(dir, 'back.sqlite'))).toEqual(source);

      // The copy is a working master: new movements continue its ids.
      const more = omni(dir, ['stock', 'adjust', source.sums[0]!.sku, '1', '-l', source.sums[0]!.location], { OMNI_DATABASE_URL: url });
      expect(more.code, more.stderr).toBe(0);
      expect(existsSync(path.join(dir, 'back.sqlite'))).toBe(true);
    });
  });
});
