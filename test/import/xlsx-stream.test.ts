// The streaming .xlsx reader on workbooks written part by part: what Excel and other writers put
// in them (rich text, inline strings, prefixed elements, formulas' cached values, cells without a
// position), and hostile files (a zip bomb with an honest or a lying directory, a sheet claiming
// sixteen thousand columns, a DOCTYPE, cells past the last column). Hostile files are refused with
// exit 2 before they cost memory; none of these tests measures time.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertReadableWhole, readWorkbook, type Cell } from '../../src/import/workbook-reader.js';
import { SharedStrings } from '../../src/import/shared-strings.js';
import { buildZip, sheetXml, sstXml, xlsxParts, type ZipPart } from '../support/zip.js';
import { tempDir, cleanup, omni, workspace, withMaster } from '../support/workspace.js';
import { openDb, closeDb } from '../../src/db/open.js';

let dir: string | undefined;
afterEach(() => { if (dir) cleanup(dir); dir = undefined; });

function file(name: string, parts: ZipPart[]): string {
  dir ??= tempDir('omni-xlsx-');
  const f = path.join(dir, name);
  writeFileSync(f, buildZip(parts));
  return f;
}

async function rows(f: string, o: Partial<Parameters<typeof readWorkbook>[2]> = {}): Promise<[number, Cell[]][]> {
  const out: [number, Cell[]][] = [];
  await readWorkbook(f, path.basename(f), { onRow: (cells, row) => out.push([row, cells]), ...o });
  return out;
}

const SST = sstXml([
  '<si><t>sku</t></si>', '<si><t xml:space="preserve"> title </t></si>',
  // rich text in runs, with a phonetic reading that is not part of the text
  '<si><r><rPr><b/></rPr><t>Vase </t></r><r><t>"Nordic" &amp; groß</t></r><rPh sb="0" eb="1"><t>ヴァ</t></rPh></si>',
  '<si><t>WB-1</t></si>',
].join(''));

describe('reading an .xlsx as it streams', () => {
  it('reads what real writers write: shared, rich and inline text, numbers, booleans, errors, cached formula values', async () => {
    const f = file('excel.xlsx', xlsxParts([{ name: 'Preisliste', xml: sheetXml([
      '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>cost</t></is></c><c r="D1" t="inlineStr"><is><t>ok</t></is></c><c r="E1" t="inlineStr"><is><t>err</t></is></c><c r="F1" t="inlineStr"><is><t>total</t></is></c></row>',
      '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" s="3"><v>18.5</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c><c r="F2"><f>C2*2</f><v>37</v></c></row>',
      '<row r="3"><c r="A3"/><c r="B3" t="str"><f>A2&amp;"x"</f><v>WB-1x</v></c></row>', // a formula string's cached value
      '<row r="5"><c r="C5"><v>4.2E+2</v></c></row>', // a gap of one row, a cell at column C
    ].join(''), 'A1:F5') }], { data: SST }));
    expect(await rows(f)).toEqual([
      [1, ['sku', ' title ', 'cost', 'ok', 'err', 'total']],
      [2, ['WB-1', 'Vase "Nordic" & groß', 18.5, true, '#N/A', 37]],
      [3, [null, 'WB-1x']],
      [5, [null, null, 420]],
    ]);
  });

  it('reads prefixed elements, rows and cells without positions, and sheets by name in workbook order', async () => {
    const x = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const prefixed = `<?xml version="1.0" encoding="UTF-8"?><x:worksheet ${x}><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>1</x:v></x:c></x:row><x:row><x:c><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const f = file('prefixed.xlsx', xlsxParts([{ name: 'Info', xml: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>info</t></is></c></row>') }, { name: 'Daten', xml: prefixed }]));
    expect(await rows(f, { sheet: 'daten' })).toEqual([[1, ['a', 1]], [2, [2]]]);
    expect(await rows(f)).toEqual([[1, ['info']]]);
    await expect(rows(f, { sheet: 3 })).rejects.toMatchObject({ exitCode: 2, message: 'prefixed.xlsx has 2 sheets; there is no sheet 3.' });
  });

  it('reads a sheet saved as UTF-16 (with its byte-order mark), text split across the decoder\'s chunks', async () => {
    const xml = '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>\r\n' + sheetXml(Array.from({ length: 3000 }, (_, i) =>
      `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>Übergröße – ${i} &amp; 😀</t></is></c><c r="B${i + 1}"><v>${i}.5</v></c></row>`).join('')).replace(/^<\?xml[^>]*\?>/, '');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const got = await rows(file('utf16.xlsx', xlsxParts([{ name: 'S', xml: utf16 }])));
    expect(got.length).toBe(3000);
    expect(got[0]).toEqual([1, ['Übergröße – 0 & 😀', 0.5]]);
    expect(got[2999]).toEqual([3000, ['Übergröße – 2999 & 😀', 2999.5]]);
  });

  it('keeps only a window of the shared strings in memory past the budget, and reads the same rows', async () => {
    const n = 5000;
    const sst = sstXml(Array.from({ length: n }, (_, i) => `<si><t>Titel Nr. ${i} – Übergröße ${'x'.repeat(i % 50)}</t></si>`).join(''));
    // each row uses its own string and the first one (a brand on every row): a jump back each time
    const sheet = sheetXml(Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i}</v></c><c r="B${i + 1}" t="s"><v>0</v></c></row>`).join(''));
    const f = file('many.xlsx', xlsxParts([{ name: 'S', xml: sheet }], { data: sst }));
    const inMemory = await rows(f);
    const spilled = await rows(f, { limits: { stringsInMemory: 4096 } });
    expect(spilled).toEqual(inMemory);
    expect(spilled[4321]).toEqual([4322, [`Titel Nr. 4321 – Übergröße ${'x'.repeat(4321 % 50)}`, 'Titel Nr. 0 – Übergröße ']]);
  });
});

describe('a shared-strings store past its memory budget', () => {
  it('returns every string in any order, long ones included', () => {
    const s = new SharedStrings(1000);
    const texts = Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? `lang ${'ä'.repeat(3000)} ${i}` : `s${i}-ß`));
    texts.forEach((t) => s.add(t));
    s.finish();
    try {
      for (const i of [0, 2999, 1, 1500, 97, 98, 5, 2000, 1999, 0]) expect(s.get(i)).toBe(texts[i]);
      for (let i = 0; i < texts.length; i++) expect(s.get(i)).toBe(texts[i]);
      expect(s.get(3000)).toBeUndefined();
      expect(s.get(-1)).toBeUndefined();
    } finally { s.close(); }
  });
});

describe('hostile workbooks', () => {
  const bomb = { head: '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', chunk: `<si><t>${'A'.repeat((1 << 20) - 15)}</t></si>`, times: 1024 };
  const sheet = { name: 'S', xml: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') };

  it('refuses shared strings that unpack to 1 GB from a 1 MB file, before unpacking them', async () => {
    const f = file('bomb.xlsx', xlsxParts([sheet], { data: bomb }));
    await expect(rows(f)).rejects.toMatchObject({ name: 'UserError', exitCode: 2,
      message: expect.stringMatching(/^bomb\.xlsx: its shared strings unpacks to 1,024 MB \(from 1(\.\d)? MB packed\); omni reads at most 512 MB\. Nothing was imported\.$/) });
  });

  it('refuses a part that unpacks past the size its directory declares (a lying header)', async () => {
    const f = file('liar.xlsx', xlsxParts([sheet], { data: bomb, declaredSize: 2 << 20 }));
    await expect(rows(f)).rejects.toMatchObject({ exitCode: 2, message: 'liar.xlsx: its shared strings unpacks to more than the 2 MB its own directory declares. Nothing was imported.' });
  });

  it('does not trust <dimension>: a sheet claiming A1:XFD1048576 gives its 20,000 real rows of 5 cells', async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="E${i + 1}" t="inlineStr"><is><t>x</t></is></c></row>`).join('');
    const f = file('dimension.xlsx', xlsxParts([{ name: 'S', xml: sheetXml(body, 'A1:XFD1048576') }]));
    const got = await rows(f);
    expect(got).toHaveLength(20_000);
    expect(Math.max(...got.map(([, cells]) => cells.length))).toBe(5);
    expect(got[19_999]).toEqual([20_000, [19_999, null, null, null, 'x']]);
  });

  it('refuses a cell beyond the last column read, a row past Excel\'s last, a DOCTYPE and broken XML', async () => {
    const cases: [string, string, RegExp][] = [
      ['wide.xlsx', sheetXml('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'), /^wide\.xlsx: cell XFD1 is beyond column 1,024, the last one omni reads; nothing was imported\.$/],
      ['deep.xlsx', sheetXml('<row r="1048577"><c><v>1</v></c></row>'), /^deep\.xlsx: row number "1048577" is not a spreadsheet row \(1 to 1,048,576\)/],
      ['doctype.xlsx', '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>', /^doctype\.xlsx is not a readable workbook: xl\/worksheets\/sheet1\.xml declares a DOCTYPE/],
      ['broken.xlsx', sheetXml('<row r="1"><c r="A1"><v>1</c></row>'), /^broken\.xlsx is not a readable workbook: xl\/worksheets\/sheet1\.xml is not well-formed XML/],
    ];
    for (const [name, xml, message] of cases) {
      await expect(rows(file(name, xlsxParts([{ name: 'S', xml }]))), name).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
    }
  });

  it('refuses .xls and .ods workbooks above the size SheetJS reads them at, naming the way out', async () => {
    const ods = file('big.ods', [{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' }, { name: 'content.xml', data: { chunk: ' '.repeat(1 << 20), times: 20 } }]);
    await expect(rows(ods)).rejects.toMatchObject({ exitCode: 2,
      message: 'big.ods is an OpenDocument (.ods) workbook of 20 MB; omni reads those up to 16 MB (about 100,000 rows). Nothing was imported.', hint: expect.stringContaining('.xlsx') });
  });

  it('a POS export saved as a spreadsheet (read whole) is refused past the size, the bomb included', async () => {
    const f = file('sales.xlsx', xlsxParts([sheet], { data: bomb }));
    await expect(assertReadableWhole(f, 'sales.xlsx')).rejects.toMatchObject({ exitCode: 2,
      message: 'sales.xlsx is a workbook of 1,024 MB; omni reads those up to 16 MB (about 100,000 rows). Nothing was imported.', hint: expect.stringContaining('CSV') });
    await expect(assertReadableWhole(file('small.xlsx', xlsxParts([sheet])), 'small.xlsx')).resolves.toBeUndefined();
  });

  it('omni import supplier: the bomb is exit 2 with the message, no stack, nothing written', () => {
    const ws = withMaster(workspace(`database: omni.sqlite
locations:
  - { code: warehouse }
suppliers:
  acme:
    columns: { sku: sku, cost: cost }
`));
    try {
      writeFileSync(path.join(ws, 'bomb.xlsx'), buildZip(xlsxParts([sheet], { data: bomb })));
      const r = omni(ws, ['import', 'supplier', 'acme', 'bomb.xlsx']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/bomb\.xlsx: its shared strings unpacks to 1,024 MB/);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
      const db = openDb(path.join(ws, 'omni.sqlite'));
      try { expect(db.$client.prepare('SELECT count(*) FROM supplier_items').pluck().get()).toBe(0); } finally { closeDb(db); }
    } finally { cleanup(ws); }
  });
});
