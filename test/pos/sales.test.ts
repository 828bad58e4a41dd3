// Row → order mapping per preset, on the fixtures under fixtures/pos/.
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { readTable } from '../../connectors/pos-file/read-table.js';
import { readSales, type SalesOptions } from '../../connectors/pos-file/sales.js';
import { columnsFor, presets } from '../../connectors/pos-file/presets.js';
import { parseDateTime, parsePrice, parseQuantity } from '../../connectors/pos-file/values.js';
import { ROOT } from '../support/workspace.js';

const fixture = (f: string) => path.join(ROOT, 'fixtures/pos', f);
const opts = (p: 'square' | 'loyverse' | 'generic', extra: Partial<SalesOptions> = {}): SalesOptions => ({
  preset: presets[p], columns: presets[p].sales, decimalComma: false, dateOrder: presets[p].dateOrder, timeZone: 'Europe/Berlin', currency: 'EUR', ...extra,
});
const read = (f: string, o: SalesOptions) => readSales(readTable(fixture(f), { encoding: 'utf8' }), o);

describe('square items-detail export', () => {
  const r = read('square/items-2026-06-01-2026-06-03.csv', opts('square'));

  it('makes one order per transaction, one line per row, in local time', () => {
    expect(r.problems).toEqual([]);
    expect(r.orders.map((o) => o.remoteId).sort()).toEqual(['Lm8Tq4Zc0nV2yR5sWd1e', 'Vb2Nm4Qw6Er8Ty0Ui2Op', 'Zr4Yb6Nc8Vx0Mq2Lp3Kj', 'pQX2kV1sb3A7rJ0cXHkG']);
    const t1 = r.orders.find((o) => o.remoteId === 'pQX2kV1sb3A7rJ0cXHkG')!;
    expect(t1).toMatchObject({ status: 'fulfilled', fulfilment: 'merchant', currency: 'EUR', placedAt: '2026-06-01T08:12:41.000Z', totalMinor: 2980 + 750 });
    expect([...t1.lines].sort((a, b) => a.lineKey.localeCompare(b.lineKey))).toEqual([
      { lineKey: 'MUG-STONE-350#1', sku: 'MUG-STONE-350', quantity: 2, unitPriceMinor: 1490 },
      { lineKey: 'TEA-EARL-100#1', sku: 'TEA-EARL-100', quantity: 1, unitPriceMinor: 750 },
    ]);
    expect(t1.customer).toEqual({ remoteId: 'CUST-8QZK2M1F', name: 'Anna Weber', email: undefined, phone: undefined });
  });

  it('leaves out custom amounts (no sku) with a warning', () => {
    expect(r.warnings.join('\n')).toMatch(/1 row\(s\) without a sku/);
  });

  it('gives the same line keys when a receipt shows up again in an overlapping export', () => {
    const later = read('square/items-2026-06-02-2026-06-05.csv', opts('square'));
    const keys = (x: typeof r) => Object.fromEntries(x.orders.map((o) => [o.remoteId, o.lines.map((l) => l.lineKey)]));
    const a = keys(r), b = keys(later);
    for (const id of ['Zr4Yb6Nc8Vx0Mq2Lp3Kj', 'Vb2Nm4Qw6Er8Ty0Ui2Op']) expect(b[id]).toEqual(a[id]);
  });

  it('puts a refund on the transaction it refunds, at that line', () => {
    const later = read('square/items-2026-06-02-2026-06-05.csv', opts('square'));
    const t1 = later.orders.find((o) => o.remoteId === 'pQX2kV1sb3A7rJ0cXHkG')!;
    expect(t1.lines).toEqual([]);
    expect(t1.refunds).toEqual([{ remoteId: 'pQX2kV1sb3A7rJ0cXHkG@2026-06-05T09:02:40.000Z', lineKey: 'MUG-STONE-350#1', sku: 'MUG-STONE-350', quantity: 1, restock: true, amountMinor: 1490 }]);
  });

  it('names file:row:column for bad cells and leaves those receipts out', () => {
    const bad = read('square/items-bad-rows.csv', opts('square'));
    expect(bad.problems).toEqual([
      'items-bad-rows.csv:2:Qty: "one" is not a whole number of items',
      'items-bad-rows.csv:3:Date: "06/31/2026 10:05:00" is not a date-time',
      'items-bad-rows.csv:4:Gross Sales: "€4x.00" is not an amount',
      'items-bad-rows.csv:5:Qty: "1.5" is not a whole number of items',
    ]);
    expect(bad.orders.map((o) => o.remoteId)).toEqual(['Bd5']);
  });
});

describe('loyverse receipts-by-item export', () => {
  const r = read('loyverse/receipts-by-item-2026-06-01-2026-06-03.csv', opts('loyverse'));

  it('numbers repeated items on one receipt and reads US dates and contacts', () => {
    expect(r.problems).toEqual([]);
    const o = r.orders.find((x) => x.remoteId === '1-1001')!;
    expect(o.placedAt).toBe('2026-06-01T07:14:00.000Z');
    expect(o.lines.map((l) => [l.lineKey, l.quantity])).toEqual([['COFFEE-HOUSE-500#1', 1], ['TOWEL-LINEN#1', 1], ['COFFEE-HOUSE-500#2', 2]]);
    expect(o.customer).toMatchObject({ name: 'Lena Hoffmann', email: 'lena.hoffmann@example.org' });
    expect(r.orders.find((x) => x.remoteId === '1-1002')!.customer).toMatchObject({ phone: '+49 170 5550123' });
  });

  it('marks cancelled receipts and keeps an unlinked refund receipt as a refunded order', () => {
    expect(r.orders.find((x) => x.remoteId === '1-1003')!.status).toBe('cancelled');
    const refund = r.orders.find((x) => x.remoteId === '1-1005')!;
    expect(refund).toMatchObject({ status: 'refunded', lines: [], totalMinor: -750 });
    expect(refund.refunds).toEqual([{ remoteId: '1-1005', lineKey: 'TEA-EARL-100#1', sku: 'TEA-EARL-100', quantity: 1, restock: true, amountMinor: 750 }]);
  });
});

describe('generic column mapping', () => {
  it('reads a German till export with ; and decimal commas, matching barcodes', () => {
    const columns = columnsFor(presets.generic.sales, { receipt: 'Bon-Nr', date: 'Datum', time: 'Uhrzeit', sku: 'Artikelnr', barcode: 'EAN', quantity: 'Menge', unit_price: 'Einzelpreis', type: 'Art', email: 'E-Mail' });
    const r = readSales(readTable(fixture('generic/kasse-bons-2026-06-06.csv'), { encoding: 'utf8' }),
      opts('generic', { columns, decimalComma: true, dateOrder: 'dmy', barcodes: new Map([['4977000000001', 'FILTER-V60-100']]) }));
    expect(r.problems).toEqual([]);
    const bon = r.orders.find((o) => o.remoteId === '4711')!;
    expect(bon.placedAt).toBe('2026-06-06T08:15:00.000Z');
    expect(bon.lines).toEqual([
      { lineKey: 'MUG-STONE-350#1', sku: 'MUG-STONE-350', quantity: 2, unitPriceMinor: 1490 },
      { lineKey: '4977000000001#1', sku: 'FILTER-V60-100', quantity: 1, unitPriceMinor: 590 },
    ]);
    expect(bon.customer?.email).toBe('kunde@example.de');
    expect(r.orders.find((o) => o.remoteId === '4712')!.status).toBe('refunded');
  });

  it('fails with the expected header cells when a column is missing', () => {
    expect(() => read('generic/kasse-bons-2026-06-06.csv', opts('generic'))).toThrow(/lacks the column\(s\) for receipt, date, quantity/);
  });
});

describe('cell values', () => {
  it('reads quantities, prices and local times', () => {
    expect(parseQuantity('2.0', false)).toBe(2);
    expect(parseQuantity('-1.000', false)).toBe(-1);
    expect(parseQuantity('1,5', true)).toBeUndefined();
    expect(parsePrice('-€14.90', false)).toBe(-1490);
    expect(parsePrice('(8.00)', false)).toBe(-800);
    expect(parsePrice('1.234,50', true)).toBe(123450);
    expect(parseDateTime('2026-01-15', '12:00', 'ymd', 'Europe/Berlin')).toBe('2026-01-15T11:00:00.000Z');
    expect(parseDateTime('7/28/26 1:33 PM', '', 'mdy', 'UTC')).toBe('2026-07-28T13:33:00.000Z');
    expect(parseDateTime('2026-03-29 12:00:00+02:00', '', 'ymd', 'UTC')).toBe('2026-03-29T10:00:00.000Z');
    expect(parseDateTime('31/12/2025', '', 'mdy', 'UTC')).toBeUndefined();
  });
});
