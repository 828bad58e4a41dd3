// Bad input: every problem named as file:row:column, nothing written unless --skip-invalid.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/postgres.js';
import { ACME, fixture, items, setup, type TestWs } from './helpers.js';

let ws: TestWs | undefined;
afterEach(() => { ws?.close(); ws = undefined; });

const cases: [string, string][] = [
  ['bad-negative-qty.csv', 'bad-negative-qty.csv:2:Stock: negative quantity -5'],
  ['bad-cost.csv', 'bad-cost.csv:3:Unit Cost: "n/a" is not a price (like 12.50)'],
  ['bad-duplicate.csv', 'bad-duplicate.csv:4:Item No: duplicate sku "AC-100" (first on row 2)'],
  ['bad-empty-sku.csv', 'bad-empty-sku.csv:3:Item No: empty sku'],
];

describe.each(ENGINES)('bad rows on %s', (engine) => {
  for (const [file, text] of cases) {
    it(`${file}: nothing is written and the problem is named`, async () => {
      ws = setup(ACME, '', engine);
      const before = ws.snapshot();
      const s = await ws.run({ supplier: 'acme', source: fixture(file) });
      expect(s.status).toBe('invalid');
      expect(s.written).toBe(false);
      expect(s.problems.map((p) => p.text)).toEqual([text]);
      expect(ws.snapshot()).toEqual(before);
    });
  }

  it('a duplicate is found against rows already in the master too (second import)', async () => {
    ws = setup(ACME, '', engine);
    await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    const s = await ws.run({ supplier: 'acme', source: fixture('bad-duplicate.csv') });
    expect(s.problems.map((p) => p.text)).toEqual(['bad-duplicate.csv:4:Item No: duplicate sku "AC-100" (first on row 2)']);
  });

  it('a mapped column missing from the header stops the import before any row', async () => {
    ws = setup(ACME, '', engine);
    const err = await ws.run({ supplier: 'acme', source: fixture('bad-missing-column.csv') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 2, message: 'bad-missing-column.csv: the column mapping for acme does not fit the file; nothing was imported.' });
    expect((err as { details: string[] }).details).toEqual([
      'bad-missing-column.csv:1:Unit Cost: the mapped column "Unit Cost" (cost) is not in the header row; found: "Item No", "EAN", "Description", "Brand", "Stock"',
      expect.stringMatching(/^bad-missing-column.csv:1:RRP: /),
      expect.stringMatching(/^bad-missing-column.csv:1:Pack Qty: /),
      expect.stringMatching(/^bad-missing-column.csv:1:MOQ: /),
      expect.stringMatching(/^bad-missing-column.csv:1:Lead Time \(days\): /),
    ]);
  });

  it('lists every problem of a file at once', async () => {
    ws = setup(ACME, '', engine);
    const s = await ws.run({ supplier: 'acme', source: fixture('bad-rows.csv') });
    expect(s.counts).toMatchObject({ rows: 7, rejected: 6, valid: 1 });
    expect(s.problems.map((p) => p.text)).toEqual([
      'bad-rows.csv:3:Unit Cost: "abc" is not a price (like 12.50)',
      'bad-rows.csv:4:Stock: negative quantity -1',
      'bad-rows.csv:5:Item No: empty sku',
      'bad-rows.csv:6:Item No: duplicate sku "AC-100" (first on row 2)',
      'bad-rows.csv:7:Stock: "2.5" is not a whole number',
      'bad-rows.csv:8:Unit Cost: "=HYPERLINK("http://x")" is not a price (like 12.50)',
    ]);
    expect(items(ws.db)).toEqual([]);
  });

  it('--skip-invalid writes the good rows and puts the bad ones in a rejects CSV', async () => {
    ws = setup(ACME, '', engine);
    const rejectsFile = path.join(ws.dir, 'reports', 'rejects.csv');
    const s = await ws.run({ supplier: 'acme', source: fixture('bad-rows.csv'), skipInvalid: true, rejectsFile });
    expect(s).toMatchObject({ status: 'partial', written: true, rejectsFile, counts: { valid: 1, rejected: 6 } });
    expect(items(ws.db).map((r) => r.supplier_sku)).toEqual(['AC-100']);
    const csv = readFileSync(rejectsFile, 'utf8').split('\r\n');
    expect(csv[0]).toBe('row,column,reason,Item No,EAN,Description,Brand,Unit Cost,RRP,Stock,Pack Qty,MOQ,Lead Time (days)');
    expect(csv[1]).toBe('3,Unit Cost,"""abc"" is not a price (like 12.50)",AC-101,,Mug,Acme,abc,11.90,80,6,12,5');
    // A formula in the supplier's cell stays text in Excel.
    expect(csv[6]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toHaveLength(8);
  });
});
