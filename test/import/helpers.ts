// Shared set-up for the supplier import tests: a temp folder with config.yaml, a real master (a
// SQLite file, or a fresh PostgreSQL database), and a snapshot of the tables an import may touch.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { importSupplier, type SupplierImportOptions } from '../../src/app/supplier-import.js';
import { tempDir, cleanup, ROOT } from '../support/workspace.js';
import { masterTarget, type Engine } from '../support/postgres.js';

export const FIX = path.join(ROOT, 'fixtures', 'suppliers');
export const fixture = (name: string) => path.join(FIX, name);
/** SQLite tables without a rowid (migrations 0009, 0012): a snapshot orders them by their key. */
const WITHOUT_ROWID: Record<string, string> = { stock_levels: 'sku, location', sku_aliases: 'source, alias' };

export const ACME = `  acme:
    name: Acme Wholesale
    columns:
      sku: Item No
      barcode: EAN
      title: Description
      brand: Brand
      cost: Unit Cost
      price: RRP
      quantity: Stock
      pack_size: Pack Qty
      min_order: MOQ
      lead_time: Lead Time (days)
`;

export const GROSS = `  gross:
    name: Großhandel Süd
    decimal_comma: true
    thousands_separator: "."
    columns:
      sku: Art.-Nr.
      barcode: EAN
      title: Bezeichnung
      brand: Hersteller
      cost: EK netto
      price: UVP
      quantity: Bestand
      pack_size: VE
      min_order: Mindestmenge
`;

export const WOHN = `  wohn:
    sheet: Preisliste
    header_row: 3
    columns: { sku: Artikel, barcode: EAN, title: Bezeichnung, cost: EK, quantity: Bestand }
`;

export interface TestWs {
  dir: string;
  /** The master: a SQLite file or a PostgreSQL URL. */
  target: string;
  db: Db;
  run(o: Partial<SupplierImportOptions> & { supplier: string }): ReturnType<typeof importSupplier>;
  snapshot(): Record<string, unknown[]>;
  /** A new connection to the same master (the old one closed: e.g. after the server ended it). */
  reopen(): void;
  close(): void;
}

/** `target`: a master of the test's own making instead of a fresh one of `engine`'s (a PostgreSQL URL). */
export function setup(suppliers: string, extraLocations = '', engine: Engine = 'sqlite', target?: string): TestWs {
  const dir = tempDir('omni-import-');
  writeFileSync(path.join(dir, 'config.yaml'), `database: omni.sqlite
currency: EUR
reports_dir: reports
locations:
  - { code: warehouse, kind: warehouse }
${extraLocations}suppliers:
${suppliers}`);
  const loaded = loadConfig(path.join(dir, 'config.yaml'));
  const at = target ?? masterTarget(engine, dir);
  let db = openDb(at, { create: true });
  // PostgreSQL's tables other than products and supplier_items have no rowid: rows in text order.
  const order = engine === 'sqlite' ? 'rowid' : 'r::text';
  syncLocations(db, loaded.config.locations);
  return {
    dir, target: at,
    get db() { return db; },
    // PostgreSQL's batches as small as SQLite's, so a few hundred rows run through the batch path there too.
    run: (o) => importSupplier({ db, config: loaded.config, configDir: dir }, { now: new Date('2026-03-02T07:00:00Z'), cwd: dir, pgInsertBatch: 64, ...o }),
    snapshot: () => Object.fromEntries(['products', 'supplier_items', 'sku_aliases', 'suppliers', 'stock_movements', 'stock_levels']
      .map((t) => [t, db.$client.prepare(`SELECT * FROM ${t} r ORDER BY ${engine === 'sqlite' ? WITHOUT_ROWID[t] ?? order : order}`).all()])),
    reopen: () => { closeDb(db); db = openDb(at); },
    close: () => { closeDb(db); cleanup(dir); },
  };
}

export function items(db: Db): Record<string, unknown>[] {
  return db.$client.prepare('SELECT supplier_sku, sku, barcode, title, cost_minor, stock, pack_size, min_order, lead_time_days FROM supplier_items ORDER BY supplier_sku').all() as Record<string, unknown>[];
}
