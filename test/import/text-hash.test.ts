// A re-import takes a CSV row whose text hashes as its item's stored text hash did for unchanged
// without mapping it. These are the ways that shortcut could be wrong: the same text meaning
// something else (another number format, a moved column, a new alias), a stored hash from older
// omni, another text for the same values, and a workbook (no text) after a CSV.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINES } from '../support/postgres.js';
import { ACME, fixture, items, setup, type TestWs } from './helpers.js';

const open: TestWs[] = [];
afterEach(() => { for (const w of open.splice(0)) w.close(); });
const use = (w: TestWs) => { open.push(w); return w; };

const rowHashes = (ws: TestWs) => ws.db.$client.prepare('SELECT supplier_sku, row_hash FROM supplier_items ORDER BY supplier_sku').all() as { supplier_sku: string; row_hash: string }[];

const SHOP = (format: string) => `  shop:
${format}    columns: { sku: Sku, title: Title, cost: Cost, quantity: Stock, pack_size: Pack }
`;

describe.each(ENGINES)('a re-import finds unchanged rows by their text on %s', (engine) => {
  it('stores the text hash and the values hash; the same file again writes nothing', async () => {
    const ws = use(setup(ACME, '', engine));
    await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(rowHashes(ws).map((r) => r.row_hash)).toEqual(Array(5).fill(expect.stringMatching(/^[0-9a-f]{32}$/)));
    const before = ws.snapshot();
    const again = await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(again.counts).toMatchObject({ rows: 5, valid: 5, unchanged: 5, changedItems: 0, missing: 0, matched: 0, unmatched: 5 });
    expect(ws.snapshot()).toEqual(before);
  });

  it('the same text under another number format is read again and its new values written', async () => {
    const feed = path.join(use(setup(ACME, '', engine)).dir, 'shop.csv');
    writeFileSync(feed, 'Sku,Title,Cost,Stock,Pack\nS-1,Bowl,"1,250",4,1\nS-2,Cup,"2,5",7,1\n');
    const comma = use(setup(SHOP('    decimal_comma: true\n'), '', engine));
    await comma.run({ supplier: 'shop', source: feed });
    expect(items(comma.db).map((r) => r.cost_minor)).toEqual([125, 250]);
    // Same master, same file; the commas now group thousands.
    const grouped = use(setup(SHOP('    thousands_separator: ","\n'), '', engine, comma.target));
    const s = await grouped.run({ supplier: 'shop', source: feed, accept: true });
    expect(s).toMatchObject({ status: 'ok', written: true });
    expect(s.counts).toMatchObject({ changedItems: 2, unchanged: 0, costChanges: 2 });
    expect(items(grouped.db).map((r) => r.cost_minor)).toEqual([125000, 2500]);
  });

  it('the same rows under a header whose columns moved are read again', async () => {
    const dir = use(setup(ACME, '', engine)).dir;
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    writeFileSync(a, 'Sku,Title,Cost,Stock,Pack\nS-1,Bowl,3.00,4,6\n');
    writeFileSync(b, 'Sku,Title,Cost,Pack,Stock\nS-1,Bowl,3.00,4,6\n'); // Stock and Pack swapped, the row as it was
    const ws = use(setup(SHOP(''), '', engine));
    await ws.run({ supplier: 'shop', source: a });
    // accept: a changed header trips a feed breaker (a person looked at it here).
    const s = await ws.run({ supplier: 'shop', source: b, accept: true });
    expect(s).toMatchObject({ status: 'ok', written: true });
    expect(s.counts).toMatchObject({ changedItems: 1, unchanged: 0, stockChanges: 1 });
    expect(items(ws.db)[0]).toMatchObject({ stock: 6, pack_size: 4 });
  });

  it('an alias made since links an unchanged row to its product', async () => {
    const ws = use(setup(ACME, '', engine));
    await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    ws.db.$client.prepare("INSERT INTO products (sku, title, currency) VALUES ('MUG-300', 'Mug', 'EUR')").run();
    ws.db.$client.prepare("INSERT INTO sku_aliases (source, alias, sku) VALUES ('supplier:acme', 'AC-100', 'MUG-300')").run();
    const s = await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(s).toMatchObject({ status: 'ok', written: true });
    expect(s.counts).toMatchObject({ changedItems: 1, unchanged: 4, matched: 1, unmatched: 4 });
    expect(items(ws.db).find((r) => r.supplier_sku === 'AC-100')).toMatchObject({ sku: 'MUG-300' });
  });

  it('a hash from older omni (the values alone) is unchanged, and is written with its text for next time', async () => {
    const ws = use(setup(ACME, '', engine));
    await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    const full = rowHashes(ws);
    ws.db.$client.prepare('UPDATE supplier_items SET row_hash = substr(row_hash, 17)').run();
    const s = await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(s.counts).toMatchObject({ unchanged: 5, changedItems: 0, costChanges: 0, stockChanges: 0 });
    expect(rowHashes(ws)).toEqual(full);
    const before = ws.snapshot();
    await ws.run({ supplier: 'acme', source: fixture('acme.csv') });
    expect(ws.snapshot()).toEqual(before);
  });

  it('the same values in another text (other quoting, other spacing) are unchanged, and the new text is remembered', async () => {
    const dir = use(setup(ACME, '', engine)).dir;
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    writeFileSync(a, 'Sku,Title,Cost,Stock,Pack\nS-1,Bowl,3.00,4,6\nS-2,Cup,1.50,2,1\n');
    writeFileSync(b, 'Sku,Title,Cost,Stock,Pack\n"S-1", Bowl ,3.0,4,6\nS-2,Cup,1.50,2,1\n');
    const ws = use(setup(SHOP(''), '', engine));
    await ws.run({ supplier: 'shop', source: a });
    const first = rowHashes(ws);
    const s = await ws.run({ supplier: 'shop', source: b });
    expect(s.counts).toMatchObject({ unchanged: 2, changedItems: 0 });
    const second = rowHashes(ws);
    expect(second[0]!.row_hash).not.toBe(first[0]!.row_hash);
    expect(second[0]!.row_hash.slice(16)).toBe(first[0]!.row_hash.slice(16)); // the same values
    expect(second[1]).toEqual(first[1]);
  });

  it('a workbook after a CSV of the same rows writes nothing, and keeps the CSV\'s text hashes', async () => {
    const WOHN = `  wohn:
    sheet: Preisliste
    header_row: 3
    columns: { sku: Artikel, barcode: EAN, title: Bezeichnung, cost: EK, quantity: Bestand }
`;
    const ws = use(setup(WOHN, '', engine));
    const csv = path.join(ws.dir, 'wohnbedarf.csv');
    // wohnbedarf.xlsx's sheet Preisliste, saved as CSV.
    writeFileSync(csv, 'Preisliste Frühjahr 2026,,,,\nAlle Preise netto in EUR,,,,\nArtikel,EAN,Bezeichnung,EK,Bestand\n'
      + 'WB-1,4011111000017,"Vase ""Nordic"", groß",18.50,14\nWB-2,4011111000024,Kerzenhalter,4.20,0\n10023,4011111000031,Übertopf,6.00,220\n');
    await ws.run({ supplier: 'wohn', source: csv });
    const before = ws.snapshot();
    const book = await ws.run({ supplier: 'wohn', source: fixture('wohnbedarf.xlsx') });
    expect(book.counts).toMatchObject({ rows: 3, unchanged: 3, changedItems: 0 });
    expect(ws.snapshot()).toEqual(before);
    const again = await ws.run({ supplier: 'wohn', source: csv });
    expect(again.counts).toMatchObject({ unchanged: 3, changedItems: 0 });
    expect(ws.snapshot()).toEqual(before);
  });
});
