// The streamed read of a sales export (only the columns used kept, rows handed on as parsed) gives
// exactly what the whole-file read gives: orders, problems with file:row:column, warnings.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTable } from '../../connectors/pos-file/read-table.js';
import { readSales, readSalesFile, type SalesOptions, type SalesResult } from '../../connectors/pos-file/sales.js';
import { presets } from '../../connectors/pos-file/presets.js';
import { ROOT } from '../support/workspace.js';

const opts = (p: 'square' | 'loyverse' | 'generic'): SalesOptions => ({
  preset: presets[p], columns: presets[p].sales, decimalComma: false, dateOrder: presets[p].dateOrder, timeZone: 'Europe/Berlin', currency: 'EUR',
});
/** The streamed read's orders are built as they are iterated: as an array, to compare. */
const built = (r: SalesResult) => ({ ...r, orders: [...r.orders] });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'omni-sales-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('streamed sales read', () => {
  for (const preset of ['square', 'loyverse', 'generic'] as const) {
    const dir = path.join(ROOT, 'fixtures/pos', preset);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
      it(`${preset}/${f}: the same orders, problems and warnings as the whole-file read`, async () => {
        const file = path.join(dir, f);
        let whole: unknown, streamed: unknown;
        try { whole = readSales(readTable(file, { encoding: 'utf8' }), opts(preset)); } catch (e) { whole = (e as Error).message; }
        try { streamed = built(await readSalesFile(file, { encoding: 'utf8' }, opts(preset))); } catch (e) { streamed = (e as Error).message; }
        expect(streamed).toEqual(whole);
      });
    }
  }

  it('a row filled only in columns omni does not read is still a bad row at its own row number', async () => {
    const file = path.join(tmp, 'items.csv');
    writeFileSync(file, '\uFEFFDate,Time,Item,Qty,SKU,Gross Sales,Net Sales,Transaction ID,Notes,Event Type\n'
      + '2026-06-01,10:00:00,Mug,1,MUG-1,€10.00,€10.00,T1,,Payment\n'
      + '\n'
      + ',,,,,,,,"only a note",\n'
      + '2026-06-01,10:05:00,Tea,x,TEA-1,€5.00,€5.00,T2,,Payment\n');
    const whole = readSales(readTable(file, { encoding: 'utf8' }), opts('square'));
    const streamed = built(await readSalesFile(file, { encoding: 'utf8' }, opts('square')));
    expect(streamed).toEqual(whole);
    expect(streamed.problems).toEqual(['items.csv:4:Transaction ID: no receipt number', 'items.csv:5:Qty: "x" is not a whole number of items']);
    expect(streamed.orders.map((o) => o.remoteId)).toEqual(['T1']);
  });

  it('a missing column names every column the file has, not only the ones read', async () => {
    const file = path.join(tmp, 'nosku.csv');
    writeFileSync(file, 'Date,Time,Qty,Gross Sales,Transaction ID,Notes\n2026-06-01,10:00:00,1,€10.00,T1,hello\n');
    await expect(readSalesFile(file, { encoding: 'utf8' }, opts('square'))).rejects.toMatchObject({ details: expect.arrayContaining([expect.stringContaining('columns found: Date, Time, Qty, Gross Sales, Transaction ID, Notes')]) });
  });
});
