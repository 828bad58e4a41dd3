// Shared set-up for the business tests: a real SQLite master in a temp folder with the shop's
// locations, a few products, stock, orders applied as a channel pull would, and a supplier.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { upsertProduct } from '../../src/db/products.js';
import { applyCount } from '../../src/db/ledger.js';
import { applyOrders } from '../../src/db/orders.js';
import { suppliers, supplierItems } from '../../src/db/schema.js';
import type { RemoteOrder } from '../../src/core/connector.js';
import { BASIC_CONFIG, tempDir } from '../support/workspace.js';
import type { GlobalOptions } from '../../src/cli/output.js';

export const DAY = 86_400_000;
export const daysAgo = (n: number, now = new Date()) => new Date(now.getTime() - n * DAY).toISOString();

export interface Shop { dir: string; db: Db; g: GlobalOptions; reopen(): Db; close(): void }

/** A workspace folder (config.yaml + omni.sqlite) with products and stock. */
export function shop(): Shop {
  const dir = tempDir('omni-business-');
  writeFileSync(path.join(dir, 'config.yaml'), BASIC_CONFIG);
  const file = path.join(dir, 'omni.sqlite');
  let db = openDb(file, { create: true });
  syncLocations(db, [{ code: 'store', kind: 'store' }, { code: 'warehouse', kind: 'warehouse' }, { code: 'amazon-fba', kind: 'channel', managed_by: 'amazon' }]);
  upsertProduct(db, { sku: 'MUG', title: 'Stoneware mug', priceMinor: 1490, costMinor: 520, currency: 'EUR', reorderPoint: 20, reorderQty: 48 });
  upsertProduct(db, { sku: 'TEA', title: 'Earl Grey 100 g', priceMinor: 750, costMinor: 290, currency: 'EUR' });
  upsertProduct(db, { sku: 'POT', title: 'Glass teapot', priceMinor: 2900, costMinor: 1150, currency: 'EUR', reorderPoint: 5, reorderQty: 12 });
  for (const [sku, loc, n] of [['MUG', 'warehouse', 30], ['MUG', 'store', 10], ['TEA', 'warehouse', 50], ['POT', 'store', 3]] as const) {
    applyCount(db, { sku, location: loc, counted: n, idempotencyKey: `seed:${sku}:${loc}` });
  }
  return {
    dir, g: { config: path.join(dir, 'config.yaml'), quiet: true }, get db() { return db; },
    reopen() { closeDb(db); db = openDb(file); return db; },
    close() { closeDb(db); },
  } as Shop;
}

export function order(remoteId: string, lines: [string, number, number][], o: Partial<RemoteOrder> = {}): RemoteOrder {
  return {
    remoteId, status: 'fulfilled', fulfilment: 'merchant', placedAt: o.placedAt ?? daysAgo(2), updatedAt: o.placedAt ?? daysAgo(2), currency: 'EUR',
    totalMinor: lines.reduce((s, [, q, p]) => s + q * p, 0),
    lines: lines.map(([sku, quantity, unitPriceMinor], i) => ({ lineKey: `L${i + 1}`, sku, quantity, unitPriceMinor })),
    ...o,
  };
}

/** Anna buys 2 mugs online (Shopify), then tea in the shop (POS) giving the same e-mail in capitals. */
export function annaBuysOnlineAndInShop(db: Db): void {
  applyOrders(db, 'shopify', [order('1001', [['MUG', 2, 1490]], { customer: { remoteId: 'gid://shopify/Customer/77', name: 'Anna Berg', email: 'anna.berg@example.com' } })], ['warehouse', 'store']);
  applyOrders(db, 'pos', [order('R-5', [['TEA', 1, 750]], { customer: { email: '  Anna.Berg@Example.COM ', phone: '+49 151 1234567' } })], ['store']);
}

export function seedSupplier(db: Db): void {
  db.insert(suppliers).values({ code: 'nordk', name: 'Nordkeramik GmbH', currency: 'EUR', leadTimeDays: 10 }).run();
  db.insert(suppliers).values({ code: 'cheap', name: 'Cheap Imports', currency: 'EUR', leadTimeDays: 40 }).run();
  db.insert(supplierItems).values([
    { supplier: 'nordk', supplierSku: 'NK-MUG-350', sku: 'MUG', costMinor: 520, packSize: 12, minOrder: 24 },
    { supplier: 'nordk', supplierSku: 'NK-POT-1L', sku: 'POT', costMinor: 1150, packSize: 4, minOrder: 1, leadTimeDays: 14 },
    { supplier: 'cheap', supplierSku: 'C-POT', sku: 'POT', costMinor: 1300, packSize: 1, minOrder: 1 },
  ]).run();
}

/** Capture what a command writes to stdout. */
export async function capture(fn: () => Promise<number>): Promise<{ code: number; stdout: string }> {
  const chunks: string[] = [];
  const orig = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((c: string | Uint8Array) => { chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString()); return true; }) as typeof process.stdout.write;
  try {
    const code = await fn();
    return { code, stdout: chunks.join('') };
  } finally {
    process.stdout.write = orig;
  }
}
