// Square's refund rows reuse the sale's Transaction ID, often far down the export. Such a refund is
// kept aside (receipt-ends.ts): its receipt is not scattered, so it holds back no later order (else
// a year's export with refunds at the end is held whole), and the bookings stay what they were.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReceiptEnds } from '../../connectors/pos-file/receipt-ends.js';
import { AsideRefunds } from '../../connectors/pos-file/aside-refunds.js';
import { SaleLog, type LoggedRow } from '../../connectors/pos-file/sale-log.js';
import { receiptOrders, type RefundRow } from '../../connectors/pos-file/receipt-orders.js';
import { readSales, readSalesFile, type SalesOptions } from '../../connectors/pos-file/sales.js';
import { readTable } from '../../connectors/pos-file/read-table.js';
import { presets } from '../../connectors/pos-file/presets.js';
import { createPosConnector } from '../../connectors/pos-file/index.js';
import { posConfigSchema } from '../../connectors/pos-file/config.js';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { upsertProduct } from '../../src/db/products.js';
import { applyCount } from '../../src/db/ledger.js';
import { applySnapshot } from '../../src/app/apply-snapshot.js';
import type { ChannelConfig } from '../../src/config/schema.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'omni-late-refunds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('where a receipt ends, with its refund further down', () => {
  it('a receipt whose only later rows are refunds kept aside ends at its own last row', () => {
    const ends = new ReceiptEnds();
    ends.see('A', 0); ends.see('A', 1); ends.see('B', 2);
    expect(ends.passedBefore('A')).toBe(true);
    ends.aside(); // row 3: A's refund
    ends.see('C', 4);
    expect(ends.endsAt('A', 1, 'B')).toBe(true);
    expect(ends.rowsAfter('A', 1)).toBe(false);
    expect(ends.endsAt('B', 2, 'A')).toBe(true);
    // the current receipt's own refund is not kept aside: it is one more of its rows
    expect(ends.passedBefore('C')).toBe(false);
  });

  it('a later sale row still makes its receipt scattered', () => {
    const ends = new ReceiptEnds();
    ends.see('A', 0); ends.see('B', 1); ends.see('A', 2);
    expect(ends.endsAt('A', 0, 'B')).toBe(false);
    expect(ends.endsAt('A', 2, undefined)).toBe(true);
  });

  it('a receipt whose rows resume after a row kept aside does not end before it', () => {
    const ends = new ReceiptEnds();
    ends.see('A', 0); ends.see('B', 1);
    ends.aside(); // row 2: A's refund, amid B's rows
    ends.see('B', 3);
    expect(ends.endsAt('B', 1, 'A')).toBe(false);
    expect(ends.endsAt('B', 3, undefined)).toBe(true);
  });
});

describe('a refund kept aside by a hash shared by chance', () => {
  it('still counts in the numbering of its receipt\'s rows that come after it', () => {
    // R112789 and R349192 share a 30-bit hash: R349192's refund, its first row, looks like one of a
    // receipt passed and is kept aside; its sale of the same item after it is still MUG#2.
    const header = ['receipt', 'date', 'time', 'sku', 'quantity', 'unit_price', 'type', 'refund_of'];
    const cells = [['R112789', 'MUG', '1', 'sale', ''], ['R5', 'MUG', '1', 'sale', ''], ['R349192', 'MUG', '-1', 'sale', 'R349192'], ['R349192', 'MUG', '1', 'sale', '']];
    const t = { file: 'f.csv', header, rows: cells.map(([r, sku, q, type, of], i) => ({ rowNo: i + 2, cells: [r!, '2026-11-10', '10:00', sku!, q!, '2.50', type!, of!] })) };
    const { orders } = readSales(t, { preset: presets.generic, columns: presets.generic.sales, decimalComma: false, dateOrder: 'ymd', timeZone: 'UTC', currency: 'EUR' });
    expect(orders.map((o) => o.remoteId)).toEqual(['R112789', 'R5', 'R349192']);
    expect(orders[2]!.lines.map((l) => l.lineKey)).toEqual(['MUG#2']);
    expect(orders[2]!.refunds).toEqual([{ remoteId: 'R349192@2026-11-10T10:00:00.000Z', lineKey: 'MUG#1', sku: 'MUG', quantity: 1, restock: true, amountMinor: 250 }]);
  });
});

describe('refunds kept aside', () => {
  it('come back as kept, by the receipt they refund, in file order, across buffers', () => {
    const f = (over: Partial<RefundRow>): RefundRow => ({
      receipt: 'A', id: 'MUG', key: 'MUG#1', sku: 'MUG', quantity: 1, totalMinor: 250, at: '2026-11-12T10:00:00.000Z', refundOf: 'A', customer: undefined, seq: 0, ...over,
    });
    const kept = [
      f({ receipt: 'R\t1', refundOf: 'A', id: 'Tee\ngrün', key: 'Tee\ngrün#1', sku: 'TEE\\1', quantity: 3, totalMinor: 600, at: 'not a time', seq: 1, customer: { name: 'Zoë "Z"\t\uD800' } }),
      f({ receipt: 'B', refundOf: 'B', seq: 2, customer: { name: 'x'.repeat(100_000) } }),
      f({ seq: 3 }),
    ];
    for (let i = 0; i < 3000; i++) kept.push(f({ receipt: `R${i % 700}`, refundOf: `R${i % 700}`, seq: 4 + i, id: `SKU-${i}`, key: `SKU-${i}#1`, sku: `SKU-${i}` }));
    const aside = new AsideRefunds();
    for (const k of kept) aside.add(k);
    const targets = [...aside.receipts()].map(([t]) => t);
    expect(targets.slice(0, 3)).toEqual(['A', 'B', 'R0']);
    expect(targets).toHaveLength(2 + 700);
    for (const t of targets) expect(aside.of(t)).toEqual(kept.filter((k) => k.refundOf === t));
    expect(aside.of('nope')).toEqual([]);
  });
});

/** A log that counts the rows read from it: how far the build had to read before it handed an order on. */
class CountingLog extends SaleLog {
  read = 0;
  override *rows(): Generator<LoggedRow> { for (const r of super.rows()) { this.read++; yield r; } }
}
const row = (over: Partial<LoggedRow>): LoggedRow => ({
  kind: 's', receipt: 'A', refundType: false, id: 'MUG', sku: 'MUG', quantity: 1, unitMinor: 250, totalMinor: 250,
  at: '2026-11-10T09:00:00.000Z', cancelled: false, customer: undefined, linked: false, seq: 0, ...over,
});

describe('orders built past a refund kept aside', () => {
  it('hands a receipt on at its own last row and books its later refund on it', () => {
    // A, B, C sell; then A's refund, as the reader logs it (kind a, kept aside by receipt).
    const log = new CountingLog(), ends = new ReceiptEnds();
    const at = '2026-11-12T10:00:00.000Z';
    for (const r of ['A', 'A', 'B', 'C']) ends.see(r, log.add(row({ receipt: r })));
    log.add(row({ kind: 'a', refundType: true, at })); ends.aside();
    const refund: RefundRow = { receipt: 'A', id: 'MUG', key: 'MUG#1', sku: 'MUG', quantity: 1, totalMinor: 250, at, refundOf: 'A', customer: undefined, seq: 0 };
    const aside = new AsideRefunds();
    aside.add(refund);
    const orders = receiptOrders({ log, ends, bad: new Set(), aside, currency: 'EUR' });
    const handed: [string, number][] = [];
    const built = [];
    for (const o of orders) { handed.push([o.remoteId, log.read]); built.push(o); }
    // A is complete where B starts (row 2 read as the one ahead), not at its refund (row 4)
    expect(handed).toEqual([['A', 3], ['B', 4], ['C', 5]]);
    expect(built[0]).toMatchObject({ remoteId: 'A', status: 'fulfilled', updatedAt: at, totalMinor: 500, refunds: [{ remoteId: `A@${at}`, lineKey: 'MUG#1', quantity: 1, amountMinor: 250 }] });
  });
});

const SKUS = ['MUG', 'TEA', 'CUP'];
const RECEIPTS = 3000; // × 2 lines: several of the log's 64 KiB buffers
const tx = (r: number) => `TX${String(r).padStart(6, '0')}`;
const line = (r: number, sku: string, qty: number, time: string, type = 'Payment') =>
  `2026-11-10,${time},${tx(r)},${sku},${qty},${qty < 0 ? '-' : ''}€2.50,${qty < 0 ? '-' : ''}€2.50,${type}`;

/**
 * Square's items export: every receipt sells two lines; every tenth is refunded (its first item)
 * at the end of the file (`late`) or right after its own rows; TX000007 also sells one more line at
 * the end, and TX000005's refund sits amid TX000100's rows.
 */
function squareExport(late: boolean): string {
  const rows = ['Date,Time,Transaction ID,SKU,Qty,Gross Sales,Net Sales,Event Type'];
  const refundOf = (r: number) => line(r, SKUS[r % 3]!, -1, '19:00:00', 'Refund');
  for (let r = 0; r < RECEIPTS; r++) {
    rows.push(line(r, SKUS[r % 3]!, 1, '10:00:00'));
    if (r === 100) rows.push(refundOf(5));
    rows.push(line(r, SKUS[(r + 1) % 3]!, 2, '10:00:00'));
    if (!late && r % 10 === 0) rows.push(refundOf(r));
  }
  rows.push(line(7, 'CUP', 1, '18:00:00'));
  if (late) for (let r = 0; r < RECEIPTS; r += 10) rows.push(refundOf(r));
  return `${rows.join('\n')}\n`;
}

describe('a Square export with refunds of its own receipts at the end', () => {
  const dir = path.join(tmp, 'shop');
  mkdirSync(path.join(dir, 'exports'), { recursive: true });
  const file = path.join(dir, 'exports/sales-1.csv');
  writeFileSync(file, squareExport(true));
  writeFileSync(path.join(tmp, 'together.csv'), squareExport(false));
  const opts: SalesOptions = { preset: presets.square, columns: presets.square.sales, decimalComma: false, dateOrder: 'ymd', timeZone: 'Europe/Berlin', currency: 'EUR' };

  it('gives the orders it gives with each refund right after its sale', async () => {
    const streamed = await readSalesFile(file, { encoding: 'utf8' }, opts);
    const orders = [...streamed.orders];
    expect(orders).toEqual(readSales(readTable(file, { encoding: 'utf8' }), opts).orders);
    expect(orders).toEqual(readSales(readTable(path.join(tmp, 'together.csv'), { encoding: 'utf8' }), opts).orders);
    expect(streamed.problems).toEqual([]);
    expect(orders.map((o) => o.remoteId).slice(0, 3)).toEqual([tx(0), tx(1), tx(2)]);
    expect(orders).toHaveLength(RECEIPTS);
    expect(orders[0]!.refunds).toEqual([{ remoteId: `${tx(0)}@2026-11-10T18:00:00.000Z`, lineKey: 'MUG#1', sku: 'MUG', quantity: 1, restock: true, amountMinor: 250 }]);
    expect(orders[7]!.lines.map((l) => l.lineKey)).toEqual(['TEA#1', 'CUP#1', 'CUP#2']);
    expect(orders[5]!.refunds).toHaveLength(1);
  });

  it('books each sale and each refund once, and a second pull books nothing', async () => {
    const db: Db = openDb(path.join(tmp, 'omni.sqlite'), { create: true });
    try {
      syncLocations(db, [{ code: 'store', kind: 'store' }]);
      db.transaction(() => {
        for (const sku of SKUS) {
          upsertProduct(db, { sku, title: sku, priceMinor: 250, currency: 'EUR' });
          applyCount(db, { sku, location: 'store', counted: 100_000, idempotencyKey: `seed:${sku}`, reason: 'test' });
        }
      });
      const config = posConfigSchema.parse({ preset: 'square', stock_from: ['store'], sales_file: 'exports/sales-*.csv', import_file: 'to-pos/import-{date}.csv', timezone: 'Europe/Berlin' });
      const channel = { type: 'pos-file', stock_from: ['store'] } as unknown as ChannelConfig;
      const log = { info() {}, debug() {}, warn() {}, error() {} };
      const now = new Date('2026-11-10T20:00:00Z');
      const pullAndApply = async (run: string) => {
        const snap = await createPosConnector(config, { name: 'pos', configDir: dir, locations: ['store'], log })
          .pull({ cursors: { sales: '{}' }, known: new Map(), now: () => now, log, scope: 'full' });
        return db.transaction(() => applySnapshot(db, 'pos', channel, snap, now, run));
      };
      const count = (sql: string) => db.$client.prepare(sql).pluck().get() as number;
      const refunds = RECEIPTS / 10 + 1; // and TX000005's
      const first = await pullAndApply('1');
      expect(first).toMatchObject({ ordersPulled: RECEIPTS, newOrders: RECEIPTS, saleMovements: RECEIPTS * 2 + 1, returnMovements: refunds });
      expect(count("SELECT -sum(delta) FROM stock_movements WHERE kind = 'sale'")).toBe(RECEIPTS * 3 + 1);
      expect(count("SELECT sum(delta) FROM stock_movements WHERE kind = 'return'")).toBe(refunds);
      const levels = db.$client.prepare('SELECT sku, on_hand FROM stock_levels ORDER BY sku').all();

      const again = await pullAndApply('2');
      expect(again).toMatchObject({ ordersPulled: RECEIPTS, newOrders: 0, saleMovements: 0, returnMovements: 0 });
      expect(count('SELECT count(*) FROM stock_movements')).toBe(SKUS.length + RECEIPTS * 2 + 1 + refunds);
      expect(db.$client.prepare('SELECT sku, on_hand FROM stock_levels ORDER BY sku').all()).toEqual(levels);
    } finally { closeDb(db); }
  });
});
