// A sales export's orders are built one receipt at a time as they are applied (sale-log.ts,
// receipt-orders.ts), not all held: an export whose rows span many of the log's chunks, with a
// receipt whose rows are apart, a refund naming a receipt far up the file and a bad row that
// drops its receipt, books each line once, and pulling the same export again books nothing.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPosConnector } from '../../connectors/pos-file/index.js';
import { posConfigSchema } from '../../connectors/pos-file/config.js';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { upsertProduct } from '../../src/db/products.js';
import { applyCount } from '../../src/db/ledger.js';
import { applySnapshot } from '../../src/app/apply-snapshot.js';
import { readSales, readSalesFile } from '../../connectors/pos-file/sales.js';
import { readTable } from '../../connectors/pos-file/read-table.js';
import { presets } from '../../connectors/pos-file/presets.js';
import type { ChannelConfig } from '../../src/config/schema.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'omni-receipt-batches-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const log = { info() {}, debug() {}, warn() {}, error() {} };
const SKUS = Array.from({ length: 40 }, (_x, i) => `SKU-${i}`);
const RECEIPTS = 3000; // × 3 lines: several of the log's 64 KiB buffers

/** R<n> sells three lines; R5 also has a line at the very end; the last line refunds R1's first item; R9 has a bad row. */
function exportText(): string {
  const rows = ['receipt,date,time,sku,quantity,unit_price,type,refund_of'];
  for (let r = 0; r < RECEIPTS; r++) {
    for (let l = 0; l < 3; l++) rows.push(`R${r},2026-11-10,${String(8 + (r % 10)).padStart(2, '0')}:${String(r % 60).padStart(2, '0')},${SKUS[(r * 3 + l) % SKUS.length]},1,2.50,sale,`);
    if (r === 9) rows.push('R9,2026-11-10,09:00,SKU-1,x,2.50,sale,');
  }
  rows.push('R5,2026-11-10,17:59,SKU-7,2,2.50,sale,');
  rows.push('F1,2026-11-10,18:00,SKU-3,1,2.50,refund,R1');
  return `${rows.join('\n')}\n`;
}

function master(): Db {
  const db = openDb(path.join(tmp, 'omni.sqlite'), { create: true });
  syncLocations(db, [{ code: 'store', kind: 'store' }]);
  db.transaction(() => {
    for (const sku of SKUS) {
      upsertProduct(db, { sku, title: sku, priceMinor: 250, currency: 'EUR' });
      applyCount(db, { sku, location: 'store', counted: 10_000, idempotencyKey: `seed:${sku}`, reason: 'test' });
    }
  });
  return db;
}

describe('a sales export built receipt by receipt', () => {
  const dir = path.join(tmp, 'shop');
  mkdirSync(path.join(dir, 'exports'), { recursive: true });
  writeFileSync(path.join(dir, 'exports/sales-1.csv'), exportText());
  const config = posConfigSchema.parse({ preset: 'generic', stock_from: ['store'], sales_file: 'exports/sales-*.csv', import_file: 'to-pos/import-{date}.csv' });
  const channel = { type: 'pos-file', stock_from: ['store'] } as unknown as ChannelConfig;

  it('gives the orders the whole-table read gives, in the same order', async () => {
    const opts = { preset: presets.generic, columns: presets.generic.sales, decimalComma: false, dateOrder: presets.generic.dateOrder, timeZone: 'Europe/Berlin', currency: 'EUR' };
    const file = path.join(dir, 'exports/sales-1.csv');
    const streamed = await readSalesFile(file, { encoding: 'utf8' }, opts);
    const whole = readSales(readTable(file, { encoding: 'utf8' }), opts);
    const orders = [...streamed.orders];
    expect(orders).toEqual(whole.orders);
    expect([...streamed.orders]).toEqual(orders); // read again, built again, the same
    // in the order of each receipt's first sale row: R5 where it started, not where its last line is
    expect(orders.map((o) => o.remoteId).slice(0, 11)).toEqual(['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R10', 'R11']);
    expect(orders.map((o) => o.remoteId)).not.toContain('R9');
    expect(orders.find((o) => o.remoteId === 'R5')!.lines.map((l) => l.lineKey)).toEqual(['SKU-15#1', 'SKU-16#1', 'SKU-17#1', 'SKU-7#1']);
    expect(orders.find((o) => o.remoteId === 'R1')!.refunds).toMatchObject([{ remoteId: 'F1', lineKey: 'SKU-3#1', quantity: 1 }]);
  });

  it('books every line once, and a second pull of the same export books nothing', async () => {
    const db = master();
    try {
      const pullAndApply = async (run: string) => {
        const snap = await createPosConnector(config, { name: 'pos', configDir: dir, locations: ['store'], log })
          .pull({ cursors: { sales: '{}' }, known: new Map(), now: () => new Date('2026-11-10T20:00:00Z'), log, scope: 'full' });
        return db.transaction(() => applySnapshot(db, 'pos', channel, snap, new Date('2026-11-10T20:00:00Z'), run));
      };
      const count = (sql: string) => db.$client.prepare(sql).pluck().get() as number;
      // The page cache each order was booked with (applySnapshot books with a small one, db/page-cache.ts).
      db.$client.exec(`CREATE TEMP TABLE booked_with (cache_size INTEGER);
        CREATE TEMP TRIGGER booked_with AFTER INSERT ON orders BEGIN INSERT INTO booked_with SELECT cache_size FROM pragma_cache_size; END;`);
      const first = await pullAndApply('1');
      expect(db.$client.prepare('SELECT DISTINCT cache_size FROM booked_with').pluck().all()).toEqual([-4096]);
      expect(db.$client.pragma('cache_size', { simple: true })).toBe(-16000); // and the default again after
      expect(first).toMatchObject({ ordersPulled: RECEIPTS - 1, newOrders: RECEIPTS - 1, saleMovements: (RECEIPTS - 1) * 3 + 1, returnMovements: 1 });
      expect(count('SELECT count(*) FROM orders')).toBe(RECEIPTS - 1);
      expect(count('SELECT count(*) FROM order_lines')).toBe((RECEIPTS - 1) * 3 + 1);
      expect(count("SELECT count(*) FROM stock_movements WHERE kind = 'sale'")).toBe((RECEIPTS - 1) * 3 + 1);
      const sold = count("SELECT -sum(delta) FROM stock_movements WHERE kind = 'sale'");
      expect(sold).toBe((RECEIPTS - 1) * 3 + 2);
      const levels = db.$client.prepare('SELECT sku, on_hand FROM stock_levels ORDER BY sku').all();

      const again = await pullAndApply('2');
      expect(again).toMatchObject({ ordersPulled: RECEIPTS - 1, newOrders: 0, saleMovements: 0, returnMovements: 0 });
      expect(count('SELECT count(*) FROM stock_movements')).toBe(SKUS.length + (RECEIPTS - 1) * 3 + 1 + 1);
      expect(db.$client.prepare('SELECT sku, on_hand FROM stock_levels ORDER BY sku').all()).toEqual(levels);
    } finally { closeDb(db); }
  });
});
