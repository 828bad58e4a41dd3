import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { applyCount, onHand } from '../../src/db/ledger.js';
import { applyOrders } from '../../src/db/orders.js';
import { getPurchaseOrder } from '../../src/db/purchasing.js';
import { ledgerMismatches } from '../../src/db/stock.js';
import { suggestFromMaster } from '../../src/app/purchasing/plan.js';
import { createFromSuggestion, createManual } from '../../src/app/purchasing/create.js';
import { readDeliveryFile, receiveDelivery } from '../../src/app/purchasing/receive.js';
import { checkInvoiceFile } from '../../src/app/purchasing/invoice.js';
import { UserError } from '../../src/core/errors.js';
import * as po from '../../src/cli/commands/po.js';
import * as suppliers from '../../src/cli/commands/suppliers.js';
import { cleanup } from '../support/workspace.js';
import { capture, daysAgo, order, seedSupplier, shop, type Shop } from './fixtures.js';

let s: Shop;
const now = new Date();
const year = now.getUTCFullYear();
const PO1 = `PO-${year}-0001`;
beforeEach(() => {
  s = shop();
  seedSupplier(s.db);
  applyCount(s.db, { sku: 'MUG', location: 'warehouse', counted: 5, idempotencyKey: 'low-mug' }); // 5 + 10 in the shop = 15 ≤ 20
});
afterEach(() => { s.close(); cleanup(s.dir); });

const file = (name: string, text: string) => { const f = path.join(s.dir, name); writeFileSync(f, text); return f; };
const fail = (f: () => unknown): UserError => { try { f(); } catch (e) { return e as UserError; } throw new Error('expected a UserError'); };
const failAsync = async (f: () => Promise<unknown>): Promise<UserError> => { try { await f(); } catch (e) { return e as UserError; } throw new Error('expected a UserError'); };
const receiptRows = () => (s.db.$client.prepare('select count(*) n from receipts').get() as { n: number }).n;

function createSuggested(): void {
  createFromSuggestion(s.db, suggestFromMaster(s.db, { defaultReorderPoint: 5 }, now), now);
}

describe('po suggest and create', () => {
  it('proposes one PO per supplier from reorder points, packs, minimum order and the cheapest supplier', async () => {
    const sug = suggestFromMaster(s.db, { defaultReorderPoint: 5 }, now);
    expect(sug.purchaseOrders).toHaveLength(1);
    const p = sug.purchaseOrders[0]!;
    expect(p.supplier).toBe('nordk');
    expect(p.lines.map((l) => [l.sku, l.supplierSku, l.onHand, l.needed, l.quantity, l.costMinor])).toEqual([
      ['MUG', 'NK-MUG-350', 15, 48, 48, 520],
      ['POT', 'NK-POT-1L', 3, 12, 12, 1150],
    ]);
    expect(p.totalMinor).toBe(48 * 520 + 12 * 1150);
    expect(p.expectedAt).toBe(new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10));
  });

  it('by velocity: skus without a point reorder from what sold in the window', async () => {
    applyOrders(s.db, 'shopify', [order('V1', [['TEA', 45, 750]], { placedAt: daysAgo(3) })], ['warehouse']); // TEA 50 → 5
    s.db.$client.prepare("insert into supplier_items (supplier, supplier_sku, sku, cost_minor, pack_size, min_order) values ('nordk', 'NK-TEA', 'TEA', 290, 10, 1)").run();
    const sug = suggestFromMaster(s.db, { defaultReorderPoint: 5, velocityDays: 30, safetyDays: 7, coverDays: 30 }, now);
    // 45 in 30 d = 1.5/day; lead 10 (the supplier's) → target ceil(1.5 × 47) = 71; 71 − 5 = 66 → packs of 10 → 70
    expect(sug.purchaseOrders[0]!.lines.find((l) => l.sku === 'TEA')).toMatchObject({ velocity: 1.5, needed: 66, quantity: 70 });
  });

  it('counts open purchase orders as on order, so a second suggestion does not order again', async () => {
    createSuggested();
    expect(suggestFromMaster(s.db, { defaultReorderPoint: 5 }, now).purchaseOrders).toEqual([]);
  });

  it('numbers POs PO-YYYY-0001, 0002 …; manual lines take the supplier cost; bad lines write nothing', async () => {
    createSuggested();
    const c = createManual(s.db, 'cheap', [{ sku: 'POT', quantity: 3 }], now);
    expect(c).toMatchObject({ number: `PO-${year}-0002`, totalMinor: 3900, currency: 'EUR' });
    expect(fail(() => createManual(s.db, 'nobody', [{ sku: 'POT', quantity: 1 }], now)).exitCode).toBe(2);
    const bad = fail(() => createManual(s.db, 'cheap', [{ sku: 'GHOST', quantity: 1 }, { sku: 'TEA', quantity: 1 }], now));
    expect(bad.details).toEqual(['unknown sku "GHOST"']);
    expect(getPurchaseOrder(s.db, `PO-${year}-0003`)).toBeUndefined();
  });

  it('commands: suggest, create --from-suggestion, list, show and export (CSV and XLSX)', async () => {
    const sug = await capture(() => po.suggest([], {}, s.g));
    expect(sug.stdout).toMatch(/Supplier nordk — 2 line\(s\), 387\.60 EUR/);
    const created = await capture(() => po.create([], { fromSuggestion: true }, s.g));
    expect(created.stdout).toContain(`Created ${PO1} (nordk)`);
    const created2 = await capture(() => po.create([], { supplier: 'cheap', line: ['POT:2:13.00'] }, s.g));
    expect(created2.stdout).toContain(`PO-${year}-0002`);
    await expect(po.create([], { supplier: 'cheap', line: ['POT'] }, s.g)).rejects.toMatchObject({ exitCode: 2 });
    expect((await capture(() => po.list([], {}, s.g))).stdout).toMatch(new RegExp(`${PO1}\\s+nordk\\s+draft\\s+2\\s+387\\.60 EUR`));
    expect((await capture(() => po.show([PO1], {}, s.g))).stdout).toMatch(/MUG\s+NK-MUG-350\s+Stoneware mug\s+48\s+0\s+5\.20 EUR\s+249\.60 EUR/);

    const csvFile = path.join(s.dir, 'po.csv');
    await capture(() => po.exportPo([PO1], { format: 'csv', output: csvFile }, s.g));
    expect(readFileSync(csvFile, 'utf8').split('\r\n').slice(0, 2)).toEqual([
      'po_number,supplier,supplier_sku,sku,title,quantity,unit_cost,line_total,currency,expected',
      `${PO1},Nordkeramik GmbH,NK-MUG-350,MUG,Stoneware mug,48,5.20,249.60,EUR,${new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10)}`,
    ]);
    const xlsxFile = path.join(s.dir, 'po.xlsx');
    await capture(() => po.exportPo([PO1], { output: xlsxFile }, s.g));
    const wb = XLSX.read(readFileSync(xlsxFile), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 });
    expect(rows[2]).toEqual(expect.arrayContaining(['NK-POT-1L', 'POT', 12, 11.5, 138]));
    expect(rows[3]).toEqual(expect.arrayContaining(['Total', 60, 387.6]));
    await expect(po.show(['PO-1999-0001'], {}, s.g)).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('po receive', () => {
  beforeEach(createSuggested);

  it('books a delivery file into the ledger and reports short, over and unexpected units', async () => {
    const f = file('delivery.csv', 'supplier_sku,quantity\nNK-MUG-350,40\nNK-POT-1L,14\nTEA,3\n');
    const d = await readDeliveryFile(f);
    const r = receiveDelivery(s.db, PO1, d.items, 'warehouse', { keyBase: `receipt:${PO1}:file-${d.hash}` });
    expect(r.lines.map((l) => [l.sku, l.ordered, l.receivedNow, l.difference, l.status])).toEqual([
      ['MUG', 48, 40, -8, 'short'], ['POT', 12, 14, 2, 'over'], ['TEA', 0, 3, 3, 'unexpected'],
    ]);
    expect(r.poStatus).toBe('partial');
    expect([onHand(s.db, 'MUG', 'warehouse'), onHand(s.db, 'POT', 'warehouse'), onHand(s.db, 'TEA', 'warehouse')]).toEqual([45, 14, 53]);
    expect(getPurchaseOrder(s.db, PO1)!.po.status).toBe('partial');
    // the same file again books nothing
    const again = receiveDelivery(s.db, PO1, d.items, 'warehouse', { keyBase: `receipt:${PO1}:file-${d.hash}` });
    expect(again.applied).toBe(false);
    expect(onHand(s.db, 'MUG', 'warehouse')).toBe(45);
    // the rest arrives
    const rest = receiveDelivery(s.db, PO1, [{ code: 'MUG', quantity: 8, where: '--sku' }], 'warehouse');
    expect(rest.lines[0]).toMatchObject({ receivedBefore: 40, receivedNow: 8, status: 'complete' });
    expect(rest.poStatus).toBe('received');
    expect(ledgerMismatches(s.db)).toEqual([]);
  });

  it('refuses a delivery file with unknown skus or bad quantities, naming file, row and column, writing nothing', async () => {
    const f = file('delivery-bad.csv', 'supplier_sku,quantity\nNK-MUG-350,40\nNK-GHOST,2\nNK-POT-1L,ten\n');
    const d = await readDeliveryFile(f);
    const e = fail(() => receiveDelivery(s.db, PO1, d.items, 'warehouse', { problems: d.problems }));
    expect(e.exitCode).toBe(2);
    expect(e.details).toEqual([
      'delivery-bad.csv:4:quantity: "ten" is not a whole number of 0 or more',
      'delivery-bad.csv:3:supplier_sku: unknown sku "NK-GHOST" (not a master sku, nordk supplier sku, alias or barcode)',
    ]);
    expect(receiptRows()).toBe(0);
    expect(onHand(s.db, 'MUG', 'warehouse')).toBe(5);
    expect(fail(() => receiveDelivery(s.db, 'PO-1999-0009', d.items, 'warehouse')).exitCode).toBe(2);
    expect(fail(() => receiveDelivery(s.db, PO1, [{ code: 'MUG', quantity: 1, where: '--sku' }], 'attic')).exitCode).toBe(2);
    await expect(readDeliveryFile(file('nocols.csv', 'code,amount\nX,1\n'))).rejects.toThrow(/has no sku column/);
  });

  it('--skip-unknown books the known lines and lists the unknown ones; suppliers map then lets the same file book the rest once', async () => {
    const f = file('delivery.csv', 'supplier_sku,quantity\nNK-MUG-350,40\nNK-GHOST,2\nNK-POT-1L,12\n');
    // without the flag: nothing booked, and the hint names the command that maps a code
    const refused = await po.receive([PO1], { file: f, to: 'warehouse' }, s.g).catch((e: UserError) => e);
    expect(refused).toMatchObject({ exitCode: 2 });
    expect((refused as UserError).hint).toContain('omni suppliers map nordk NK-GHOST SKU');
    expect((refused as UserError).hint).toContain('--skip-unknown');
    expect(receiptRows()).toBe(0);

    const partly = await capture(() => po.receive([PO1], { file: f, to: 'warehouse', skipUnknown: true }, s.g));
    expect(partly.code).toBe(3);
    expect(partly.stdout).toContain('Left out (unknown codes, not booked):\n  delivery.csv:3:supplier_sku: NK-GHOST × 2');
    expect(partly.stdout).toContain('omni suppliers map nordk CODE SKU');
    expect([onHand(s.db, 'MUG', 'warehouse'), onHand(s.db, 'POT', 'warehouse'), onHand(s.db, 'TEA', 'warehouse')]).toEqual([45, 12, 50]);

    const mapped = await capture(() => suppliers.map(['nordk', 'NK-GHOST', 'TEA'], {}, s.g));
    expect(mapped.stdout).toContain("nordk's NK-GHOST now means TEA");
    const rest = await capture(() => po.receive([PO1], { file: f, to: 'warehouse' }, s.g));
    expect(rest.code).toBe(0);
    // MUG and POT were booked by the first run: only TEA now
    expect([onHand(s.db, 'MUG', 'warehouse'), onHand(s.db, 'POT', 'warehouse'), onHand(s.db, 'TEA', 'warehouse')]).toEqual([45, 12, 52]);
    expect(ledgerMismatches(s.db)).toEqual([]);
  });

  it('suppliers map: unknown supplier or sku is bad usage; mapping again replaces; invoices read the mapping too', async () => {
    await expect(suppliers.map(['nobody', 'X', 'MUG'], {}, s.g)).rejects.toMatchObject({ exitCode: 2, message: 'Unknown supplier "nobody".' });
    await expect(suppliers.map(['nordk', 'X', 'NOPE'], {}, s.g)).rejects.toMatchObject({ exitCode: 2, message: 'Unknown sku "NOPE".' });
    await capture(() => suppliers.map(['nordk', 'NK-TEA', 'MUG'], {}, s.g));
    const again = await capture(() => suppliers.map(['nordk', 'NK-TEA', 'TEA'], {}, { ...s.g, json: true }));
    expect(JSON.parse(again.stdout)).toEqual({ formatVersion: 1, supplier: 'nordk', code: 'NK-TEA', sku: 'TEA', outcome: 'changed', previous: 'MUG' });
    const same = await capture(() => suppliers.map(['nordk', 'NK-TEA', 'TEA'], {}, s.g));
    expect(same.stdout).toContain('already means TEA; nothing changed');
    const r = await checkInvoiceFile(s.db, PO1, file('inv.csv', 'supplier_sku,qty,price\nNK-TEA,3,2.90\n'));
    expect(r.mismatches.find((m) => m.sku === 'TEA')).toMatchObject({ kind: 'not-on-po' });
  });

  it('command: po receive --file and --sku', async () => {
    const f = file('delivery.csv', 'sku,qty\nMUG,48\nPOT,12\n');
    const r = await capture(() => po.receive([PO1], { file: f, to: 'store' }, s.g));
    expect(r.stdout).toContain(`Booked into store; ${PO1} is now received.`);
    expect(r.stdout).toContain('Everything ordered has arrived.');
    const again = await capture(() => po.receive([PO1], { file: f, to: 'store' }, s.g));
    expect(again.stdout).toContain('Already booked');
    const single = await capture(() => po.receive([PO1], { sku: 'POT', qty: '1', to: 'store' }, s.g));
    expect(single.stdout).toMatch(/POT\s+12\s+12\s+1\s+13\s+\+1\s+over/);
    await expect(po.receive([PO1], { to: 'store' }, s.g)).rejects.toMatchObject({ exitCode: 2 });
    await expect(po.receive([PO1], { file: file('ghost.csv', 'sku,qty\nGHOST,1\n'), to: 'store' }, s.g)).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('po check-invoice', () => {
  beforeEach(() => {
    createSuggested();
    receiveDelivery(s.db, PO1, [{ code: 'MUG', quantity: 48, where: 'x' }, { code: 'POT', quantity: 14, where: 'x' }], 'warehouse');
  });

  it('lists every mismatch against the order and the receipts', async () => {
    const f = file('invoice.csv', 'supplier_sku,qty,unit_price,currency\nNK-MUG-350,48,5.20,EUR\nNK-POT-1L,14,12.00,EUR\nTEA,3,2.90,EUR\n');
    const r = await checkInvoiceFile(s.db, PO1, f);
    expect(r.ok).toBe(false);
    expect(r.mismatches.map((m) => [m.kind, m.sku, m.rows, m.amountMinor])).toEqual([
      ['quantity-vs-ordered', 'POT', [3], 2 * 1150],
      ['price', 'POT', [3], 14 * 50],
      ['not-on-po', 'TEA', [4], 870],
    ]);
    expect(r.invoicedMinor).toBe(48 * 520 + 14 * 1200 + 3 * 290);
    expect(r.expectedMinor).toBe(48 * 520 + 14 * 1150);
  });

  it('reads a German Excel invoice (; and 12,00, windows-1252) the same way; one file, one decimal mark', async () => {
    const f = path.join(s.dir, 'rechnung.csv');
    writeFileSync(f, Buffer.from('supplier_sku;description;qty;unit_price;currency\r\nNK-MUG-350;Becher Größe M;48;5,20;EUR\r\nNK-POT-1L;Teekanne;14;"1.200,00";EUR\r\n', 'latin1'));
    const r = await checkInvoiceFile(s.db, PO1, f);
    expect(r.mismatches.map((m) => [m.kind, m.sku, m.amountMinor])).toEqual([['quantity-vs-ordered', 'POT', 2 * 1150], ['price', 'POT', 14 * (120000 - 1150)]]);
    // a comma-separated file writes decimals with a point: "12,00" there is refused, not guessed
    const mixed = await failAsync(() => checkInvoiceFile(s.db, PO1, file('mixed.csv', 'sku,qty,price\nMUG,48,"5,20"\n')));
    expect(mixed.details).toEqual(['mixed.csv:2:price: "5,20" is not a price (this file writes prices like 12.50)']);
  });

  it('passes a matching XLSX invoice, and lists ordered lines missing from the invoice', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['Article', 'Quantity', 'Unit price'], ['NK-MUG-350', 48, 5.2]]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Invoice');
    const f = path.join(s.dir, 'invoice.xlsx');
    writeFileSync(f, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const r = await checkInvoiceFile(s.db, PO1, f);
    expect(r.mismatches.map((m) => [m.kind, m.sku])).toEqual([['not-invoiced', 'POT']]);
  });

  it('refuses an invoice in another currency (exit 2) and one with unknown skus', async () => {
    const usd = await failAsync(() => checkInvoiceFile(s.db, PO1, file('usd.csv', 'sku,qty,price,currency\nMUG,48,5.60,USD\n')));
    expect(usd.exitCode).toBe(2);
    expect(usd.details).toEqual([`usd.csv:2:currency: the invoice is in USD, but ${PO1} is in EUR`]);
    expect(usd.hint).toMatch(/invoice in EUR/);
    expect((await failAsync(() => checkInvoiceFile(s.db, PO1, file('usd2.csv', 'sku,qty,price\nMUG,48,$5.60\n')))).details[0]).toMatch(/in USD/);
    expect((await failAsync(() => checkInvoiceFile(s.db, PO1, file('ghost.csv', 'sku,qty,price\nGHOST,1,1.00\n')))).details).toEqual(['ghost.csv:2:sku: unknown sku "GHOST"']);
  });

  it('command: exit 0 when it matches, 1 with mismatches', async () => {
    const c = createManual(s.db, 'cheap', [{ sku: 'POT', quantity: 3 }], now);
    receiveDelivery(s.db, c.number, [{ code: 'C-POT', quantity: 3, where: 'x' }], 'store');
    const ok = file('ok.csv', 'supplier_sku,qty,price\nC-POT,3,13.00\n');
    const good = await capture(() => po.checkInvoice([c.number, ok], {}, s.g));
    expect(good).toMatchObject({ code: 0 });
    expect(good.stdout).toContain('Every line matches the order and the receipts.');
    const bad = await capture(() => po.checkInvoice([PO1, file('bad.csv', 'sku,qty,price\nMUG,50,5.20\nPOT,14,11.50\n')], {}, s.g));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/MUG\s+quantity-vs-ordered/);
    expect(existsSync(ok)).toBe(true);
  });
});
