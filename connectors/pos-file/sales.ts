// A sales export's rows → RemoteOrders: one per receipt, one line per sale row, refunds on the
// receipt they refund. A line's key is "<sku or barcode as exported>#<n>" (the n-th row of that
// item on the receipt), so the same receipt in an overlapping later export gives the same keys.
import type { RemoteCustomer, RemoteOrder } from '../../src/core/connector.js';
import type { Columns, Field, Preset } from './presets.js';
import { cell, locate, readTableLean, type ReadOptions, type Table, type TableHead, type TableRow } from './read-table.js';
import { parseDateTime, parsePrice, parseQuantity, type DateOrder } from './values.js';
import { capText, skuProblem } from '../../src/core/text.js';
import { SaleLog, type LoggedRow } from './sale-log.js';
import { receiptOrders } from './receipt-orders.js';
import { AsideRefunds } from './aside-refunds.js';
import { ReceiptEnds } from './receipt-ends.js';
import { keepHeapTight } from '../../src/core/heap-growth.js';

export interface SalesOptions {
  preset: Preset;
  columns: Columns;
  decimalComma: boolean;
  dateOrder: DateOrder;
  timeZone: string;
  currency: string;
  /** barcode → sku (from the item export) when matching by barcode. */
  barcodes?: ReadonlyMap<string, string> | undefined;
}

/** `orders` is built again from a compact log each time it is iterated (see receipt-orders.ts). */
export interface SalesResult { orders: Iterable<RemoteOrder>; problems: string[]; warnings: string[] }

/** The whole-table read (small files, tests): the orders as an array. */
export function readSales(t: Table, o: SalesOptions): SalesResult & { orders: RemoteOrder[] } {
  const reader = salesReader(t, o);
  for (const r of t.rows) reader.add(r);
  const result = reader.finish();
  return { ...result, orders: [...result.orders] };
}

/** A sales export read as it is parsed: only the few fields of each sale row are kept, not the file's cells. */
export async function readSalesFile(file: string, read: ReadOptions, o: SalesOptions): Promise<SalesResult> {
  keepHeapTight(); // a year's export: its read and the booking of its orders allocate a lot, keep little
  let reader: ReturnType<typeof salesReader> | undefined;
  const t = await readTableLean(file, read, o.columns, (head) => { reader = salesReader(head, o); return reader.add; });
  return (reader ?? salesReader(t, o)).finish();
}

function salesReader(t: TableHead, o: SalesOptions): { add: (r: TableRow) => void; finish: () => SalesResult } {
  const { at } = locate(t, o.columns, ['receipt', 'date', 'quantity']);
  if (at.sku === undefined && at.barcode === undefined) locate(t, o.columns, ['sku']);
  if (at.unit_price === undefined && at.line_total === undefined) locate(t, o.columns, ['unit_price']);
  const problems: string[] = [], warnings: string[] = [], badReceipts = new Set<string>();
  // Rows are logged as compact text, not kept as objects; the orders are built from the log once
  // the file is read, one receipt at a time (a bad row further down drops its receipt whole, a
  // refund may name a receipt further down). Only refunds of another receipt, or of their own
  // receipt once it is passed, are kept aside.
  const log = new SaleLog();
  const ends = new ReceiptEnds();
  const aside = new AsideRefunds();
  let refundSeq = 0;
  let noSku = 0;
  const add = (r: TableRow): void => {
    const get = (f: Field) => cell(r, at[f]);
    const bad = (f: Field, msg: string) => { problems.push(`${t.file}:${r.rowNo}:${t.header[at[f]!] ?? f}: ${msg}`); badReceipts.add(get('receipt')); };
    const receipt = get('receipt');
    if (!receipt) { bad('receipt', 'no receipt number'); return; }
    const id = get('sku') || get('barcode');
    if (!id) { noSku++; return; }
    const idProblem = skuProblem(id);
    if (idProblem) { bad(get('sku') ? 'sku' : 'barcode', `"${capText(id, 60)}" ${idProblem}`); return; }
    const refundType = o.preset.refundTypes.includes(get('type').toLowerCase());
    const quantity = parseQuantity(get('quantity'), o.decimalComma);
    // A row that fails below still took its place in the receipt's numbering, but its receipt is left out whole.
    if (quantity === undefined || quantity === 0) { bad('quantity', `"${capText(get('quantity'), 40)}" ${/^[-+]?\d{10,}$/.test(get('quantity').trim()) ? 'is more items than omni accepts' : 'is not a whole number of items'}`); return; }
    const when = parseDateTime(get('date'), get('time'), o.dateOrder, o.timeZone);
    if (!when) { bad('date', `"${capText([get('date'), get('time')].join(' ').trim(), 60)}" is not a date-time`); return; }
    const unit = at.unit_price !== undefined ? parsePrice(get('unit_price'), o.decimalComma) : undefined;
    const total = at.line_total !== undefined ? parsePrice(get('line_total'), o.decimalComma) : undefined;
    if (unit === undefined && total === undefined) { bad(at.unit_price !== undefined ? 'unit_price' : 'line_total', `"${capText(get(at.unit_price !== undefined ? 'unit_price' : 'line_total'), 40)}" is not an amount`); return; }
    const q = Math.abs(quantity);
    const unitMinor = Math.abs(unit ?? Math.round(total! / quantity));
    const net = at.net_total !== undefined ? parsePrice(get('net_total'), o.decimalComma) : undefined;
    const refund = refundType || quantity < 0;
    const refundOf = refund ? (get('refund_of') || (o.preset.refundSharesReceipt ? receipt : undefined) || '') : undefined;
    const sku = resolveSku(get('sku'), get('barcode'), o.barcodes);
    const totalMinor = Math.abs(net ?? total ?? unitMinor * q);
    const customer = customerOf(get);
    const seq = refund ? refundSeq++ : 0;
    const row: LoggedRow = {
      kind: refundOf === undefined ? 's' : 'o', receipt, refundType, id, sku, quantity: q, unitMinor, totalMinor, at: when,
      cancelled: o.preset.cancelledStatuses.includes(get('status').toLowerCase()), customer, linked: refundOf === receipt, seq,
    };
    // A refund of its own receipt met after that receipt's rows (Square: a refund reuses the sale's
    // Transaction ID, days later) is kept aside too: in the log it would hold that receipt open,
    // and every order after it, until this row. Only a linked one: an unlinked refund's key needs
    // its n, which only the log's walk knows.
    const late = refundOf === receipt && ends.passedBefore(receipt);
    if (refundOf !== undefined && refundOf !== '' && (refundOf !== receipt || late)) {
      // A linked refund's line is the original's first row of the item: its own n does not matter.
      aside.add({ receipt, id, key: `${id}#1`, sku, quantity: q, totalMinor, at: when, refundOf, customer, seq });
      row.kind = late ? 'a' : 'x';
    }
    const index = log.add(row);
    if (late) ends.aside(); else ends.see(receipt, index);
  };
  const finish = (): SalesResult => {
    if (noSku > 0) warnings.push(`${t.file}: ${noSku} row(s) without a sku or barcode (custom amounts?) were left out`);
    for (const b of badReceipts) if (b) warnings.push(`${t.file}: receipt ${b} left out until its bad row(s) are fixed`);
    return { orders: receiptOrders({ log, ends, bad: badReceipts, aside, currency: o.currency }), problems, warnings };
  };
  return { add, finish };
}

function resolveSku(sku: string, barcode: string, barcodes: ReadonlyMap<string, string> | undefined): string {
  if (barcodes && barcode && barcodes.has(barcode)) return barcodes.get(barcode)!;
  return sku || barcode;
}

function customerOf(get: (f: Field) => string): RemoteCustomer | undefined {
  const contact = get('contact');
  const email = get('email') || (contact.includes('@') ? contact : '');
  const phone = get('phone') || (contact && !contact.includes('@') ? contact : '');
  const c: RemoteCustomer = { remoteId: get('customer_id') || undefined, name: get('customer_name') || undefined, email: email || undefined, phone: phone || undefined };
  return c.remoteId || c.name || c.email || c.phone ? c : undefined;
}
