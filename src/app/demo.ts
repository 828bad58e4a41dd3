// `omni demo`: a throw-away workspace seeded from fixtures/demo — the seeds' example (200 mugs in
// the shop, 300 in the warehouse, 200 at Amazon FBA = 700) and a small realistic catalog.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { packageRoot } from '../package-root.js';
import { loadConfig } from '../config/load.js';
import { openDb, closeDb, type Db } from '../db/open.js';
import { syncLocations } from '../db/locations.js';
import { applyCount } from '../db/ledger.js';
import { setBundle } from '../db/bundles.js';
import { importProducts } from './products-import.js';
import { stockView, type StockLine } from './stock-view.js';
import { UserError } from '../core/errors.js';
import { seedBusinessDemo } from './demo-business.js';

export interface DemoResult {
  dir: string;
  configFile: string;
  dbFile: string;
  products: number;
  currency: string;
  stock: StockLine[];
  /** What the business seed shows: a customer across channels, a return in the shop, a suggested PO. */
  business: string[];
}

export function fixturesDir(): string {
  return path.join(packageRoot(), 'fixtures', 'demo');
}

/** `business: false` seeds only products and stock (the tests' channel worlds start from there). */
export async function createDemo(opts: { dir?: string; business?: boolean } = {}): Promise<DemoResult> {
  const dir = opts.dir ? path.resolve(opts.dir) : mkdtempSync(path.join(os.tmpdir(), 'omni-demo-'));
  mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'config.yaml');
  if (existsSync(path.join(dir, 'omni.sqlite'))) {
    throw new UserError(`${dir} already holds a demo database.`, { hint: 'Pick a new --dir, or leave --dir out for a fresh temp folder.' });
  }
  copyFileSync(path.join(fixturesDir(), 'config.yaml'), configFile);
  const { config, dir: cfgDir } = loadConfig(configFile);
  const dbFile = path.resolve(cfgDir, config.database);
  const db = openDb(dbFile, { create: true });
  try {
    syncLocations(db, config.locations);
    const imported = await importProducts(db, path.join(fixturesDir(), 'products.csv'), config.currency);
    seedBundles(db);
    seedStock(db);
    // The table a newcomer sees first is the seed itself (200 + 300 + 200 = 700), before any sale.
    const stock = stockView(db, config);
    const business = opts.business === false ? [] : seedBusinessDemo(db, config).lines;
    return { dir, configFile, dbFile, products: imported.rows, currency: config.currency, stock, business };
  } finally {
    closeDb(db);
  }
}

function readCsv(name: string): Record<string, string>[] {
  return parse(readFileSync(path.join(fixturesDir(), name), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

function seedStock(db: Db): void {
  db.transaction(() => {
    for (const r of readCsv('stock.csv')) {
      applyCount(db, { sku: r.sku!, location: r.location!, counted: Number(r.quantity), idempotencyKey: `seed:${r.sku}:${r.location}`, reason: 'demo seed' });
    }
  });
}

function seedBundles(db: Db): void {
  const byBundle = new Map<string, { sku: string; quantity: number }[]>();
  for (const r of readCsv('bundles.csv')) {
    byBundle.set(r.bundle_sku!, [...(byBundle.get(r.bundle_sku!) ?? []), { sku: r.component_sku!, quantity: Number(r.quantity) }]);
  }
  for (const [bundle, comps] of byBundle) setBundle(db, bundle, comps);
}
