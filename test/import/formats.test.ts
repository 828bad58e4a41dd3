// Every feed format the import reads, and the files it must refuse with a clear message.
import { afterEach, describe, expect, it } from 'vitest';
import { ACME, GROSS, WOHN, fixture, items, setup, type TestWs } from './helpers.js';

let ws: TestWs | undefined;
afterEach(() => { ws?.close(); ws = undefined; });

describe('supplier import formats', () => {
  it('reads a UTF-8 CSV with a BOM, commas and quoted titles', async () => {
    ws = setup(ACME);
    const s = await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(s).toMatchObject({ status: 'ok', written: true, encoding: 'utf-8', delimiter: ',', format: 'csv' });
    expect(s.counts).toMatchObject({ rows: 5, newItems: 5, unmatched: 5 });
    const rows = items(ws.db);
    expect(rows[0]).toEqual({ supplier_sku: 'AC-100', sku: null, barcode: '4006381333931', title: 'Mug "Classic", 300 ml', cost_minor: 310, stock: 120, pack_size: 6, min_order: 12, lead_time_days: 5 });
    expect(rows[2]!.title).toBe('Teapot — café edition');
    expect(rows[3]).toMatchObject({ barcode: null, lead_time_days: null, pack_size: 10 });
  });

  it('reads a windows-1252 CSV with semicolons, decimal commas and thousands dots', async () => {
    ws = setup(GROSS);
    const s = await ws.run({ supplier: 'gross', source: fixture('grosshandel-latin1.csv') });
    expect(s).toMatchObject({ status: 'ok', encoding: 'windows-1252', delimiter: ';' });
    const rows = items(ws.db);
    expect(rows.map((r) => [r.supplier_sku, r.title, r.cost_minor, r.stock])).toEqual([
      ['GH-2001', 'Kühlschrankdose "Frische" 1,5 l', 1250, 1200],
      ['GH-2002', 'Brotkörbchen aus Weide', 735, 85],
      ['GH-2003', 'Gewürzregal Eiche, 3 Böden', 123450, 3],
      ['GH-2004', 'Schneidebrett (Buche) – € Aktion', 999, 0],
    ]);
  });

  it('judges the decimal comma from the file when config.yaml does not say (as for every file omni reads)', async () => {
    ws = setup(GROSS.replace(/ *decimal_comma: true\n/, ''));
    const s = await ws.run({ supplier: 'gross', source: fixture('grosshandel-latin1.csv') });
    expect(s).toMatchObject({ status: 'ok', delimiter: ';', decimalComma: true });
    expect(items(ws.db).map((r) => r.cost_minor)).toEqual([1250, 735, 123450, 999]);
    ws.close();
    ws = setup(ACME);
    expect(await ws.run({ supplier: 'acme', source: fixture('acme.csv') })).toMatchObject({ status: 'ok', delimiter: ',', decimalComma: false });
  });

  it('refuses decimal commas when the supplier is configured without them', async () => {
    ws = setup(GROSS.replace('decimal_comma: true', 'decimal_comma: false').replace(/ *thousands_separator: "."\n/, ''));
    const s = await ws.run({ supplier: 'gross', source: fixture('grosshandel-latin1.csv') });
    expect(s.status).toBe('invalid');
    expect(s.problems[0]!.text).toMatch(/^grosshandel-latin1\.csv:2:EK netto: "12,50" has a comma: set decimal_comma: true/);
  });

  for (const ext of ['xlsx', 'ods', 'xls']) {
    it(`reads a .${ext} workbook: sheet by name, header on row 3`, async () => {
      ws = setup(WOHN);
      const s = await ws.run({ supplier: 'wohn', source: fixture(`wohnbedarf.${ext}`) });
      expect(s).toMatchObject({ status: 'ok', format: ext, sheet: 'Preisliste' });
      expect(items(ws.db).map((r) => [r.supplier_sku, r.barcode, r.title, r.cost_minor, r.stock])).toEqual([
        ['10023', '4011111000031', 'Übertopf', 600, 220],
        ['WB-1', '4011111000017', 'Vase "Nordic", groß', 1850, 14],
        ['WB-2', '4011111000024', 'Kerzenhalter', 420, 0],
      ]);
    });
  }

  it('chooses a sheet by position and names the sheets when one is missing', async () => {
    ws = setup(WOHN.replace('sheet: Preisliste', 'sheet: 2'));
    expect((await ws.run({ supplier: 'wohn', source: fixture('wohnbedarf.xlsx') })).sheet).toBe('Preisliste');
    ws.close();
    ws = setup(WOHN.replace('sheet: Preisliste', 'sheet: Preise'));
    await expect(ws.run({ supplier: 'wohn', source: fixture('wohnbedarf.xlsx') })).rejects.toMatchObject({ message: 'wohnbedarf.xlsx has no sheet "Preise".', hint: expect.stringContaining('Info, Preisliste') });
  });

  it('gives a user error naming a truncated .xlsx, and refuses HTML named .xls', async () => {
    ws = setup(WOHN);
    await expect(ws.run({ supplier: 'wohn', source: fixture('truncated.xlsx') })).rejects.toMatchObject({ name: 'UserError', exitCode: 2, message: expect.stringMatching(/^truncated\.xlsx is not a readable workbook/) });
    await expect(ws.run({ supplier: 'wohn', source: fixture('fake.xls') })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^fake\.xls is not an Excel or OpenDocument workbook/) });
  });

  it('refuses an empty file and a header-only file, writing nothing', async () => {
    ws = setup(ACME);
    const before = ws.snapshot();
    await expect(ws.run({ supplier: 'acme', source: fixture('empty.csv') })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^empty\.csv is empty/) });
    await expect(ws.run({ supplier: 'acme', source: fixture('header-only.csv') })).rejects.toMatchObject({ exitCode: 2, message: 'header-only.csv has a header but no rows; nothing was imported.' });
    expect(ws.snapshot()).toEqual(before);
  });

  it('uses the newest file matching a glob from the config, relative to config.yaml', async () => {
    const { copyFileSync, utimesSync } = await import('node:fs');
    const path = await import('node:path');
    ws = setup(ACME.replace('    columns:', '    file: feeds/acme-*.csv\n    columns:'));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(ws.dir, 'feeds'));
    copyFileSync(fixture('acme.csv'), path.join(ws.dir, 'feeds', 'acme-0301.csv'));
    copyFileSync(fixture('acme-next.csv'), path.join(ws.dir, 'feeds', 'acme-0308.csv'));
    utimesSync(path.join(ws.dir, 'feeds', 'acme-0301.csv'), new Date('2026-03-01'), new Date('2026-03-01'));
    utimesSync(path.join(ws.dir, 'feeds', 'acme-0308.csv'), new Date('2026-03-08'), new Date('2026-03-08'));
    const s = await ws.run({ supplier: 'acme' });
    expect(s.source).toBe('acme-0308.csv');
  });

  it('names the supplier block problems with their key paths', async () => {
    // the supplier block is part of config.yaml's schema: every problem with its line
    expect(() => setup(`  acme:\n    decimal_coma: true\n    header_row: 0\n    columns: { cost: EK }\n`)).toThrow(expect.objectContaining({
      exitCode: 2,
      details: expect.arrayContaining([
        'config.yaml:10: suppliers.acme.columns.sku: required',
        expect.stringMatching(/^config\.yaml:8: suppliers\.acme: unknown key "decimal_coma"/),
        expect.stringMatching(/^config\.yaml:9: suppliers\.acme\.header_row: /),
      ]),
    }));
    ws = setup(ACME);
    await expect(ws.run({ supplier: 'nope', source: fixture('acme.csv') })).rejects.toMatchObject({ message: 'No supplier "nope" in config.yaml.' });
  });
});
