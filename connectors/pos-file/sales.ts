// A sales export's rows → RemoteOrders: one per receipt, one line per sale row, refunds on the
// receipt they refund. A line's key is "<sku or barcode as exported>#<n>" (the n-th row of that
// item on the receipt), so the same receipt in an overlapping later export gives the same keys.
import type { RemoteCustomer, RemoteOrder, RemoteRefund } from '../../src/core/connector.js';
import type { Columns, Field, Preset } from './presets.js';
import { cell, locate, readTableLean, type ReadOptions, type Table, type TableHead, type TableRow } from './read-table.js';
import { parseDateTime, parsePrice, parseQuantity, type DateOrder } from './values.js';
import { capText, skuProblem } from '../../src/core/text.js';

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

export interface SalesResult { orders: RemoteOrder[]; problems: string[]; warnings: string[] }

interface Row { receipt: string; key: string; sku: string; quantity: number; unitMinor: number; totalMinor: number; at: string; refundOf: string | undefined; cancelled: boolean; customer: RemoteCustomer | undefined }

export function readSales(t: Table, o: SalesOptions): SalesResult {
  const reader = salesReader(t, o);
  for (const r of t.rows) reader.add(r);
  return reader.finish();
}

/** A sales export read as it is parsed: only the few fields of each sale row are kept, not the file's cells. */
export async function readSalesFile(file: string, read: ReadOptions, o: SalesOptions): Promise<SalesResult> {
  let reader: ReturnType<typeof salesReader> | undefined;
  const t = await readTableLean(file, read, o.columns, (head) => { reader = salesReader(head, o); return reader.add; });
  return (reader ?? salesReader(t, o)).finish();
}

function salesReader(t: TableHead, o: SalesOptions): { add: (r: TableRow) => void; finish: () => SalesResult } {
  const { at } = locate(t, o.columns, ['receipt', 'date', 'quantity']);
  if (at.sku === undefined && at.barcode === undefined) locate(t, o.columns, ['sku']);
  if (at.unit_price === undefined && at.line_total === undefined) locate(t, o.columns, ['unit_price']);
  const problems: string[] = [], warnings: string[] = [], badReceipts = new Set<string>();
  const seen = new Map<string, number>();
  // Sale rows go straight onto their receipt's order (no row is kept); refund rows wait for the
  // end, as they may name a receipt further down the file.
  const build = orderBuilder(o.currency);
  const refunds: Row[] = [];
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
    const occurrence = `${receipt}|${refundType ? 'r' : 's'}|${id}`;
    const n = (seen.get(occurrence) ?? 0) + 1;
    seen.set(occurrence, n);
    const quantity = parseQuantity(get('quantity'), o.decimalComma);
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
    const row: Row = {
      receipt, key: `${id}#${n}`, sku: resolveSku(get('sku'), get('barcode'), o.barcodes), quantity: q, unitMinor,
      totalMinor: Math.abs(net ?? total ?? unitMinor * q), at: when, refundOf,
      cancelled: o.preset.cancelledStatuses.includes(get('status').toLowerCase()), customer: customerOf(get),
    };
    if (row.refundOf === undefined) build.sale(row); else refunds.push(row);
  };
  const finish = (): SalesResult => {
    if (noSku > 0) warnings.push(`${t.file}: ${noSku} row(s) without a sku or barcode (custom amounts?) were left out`);
    for (const b of badReceipts) if (b) warnings.push(`${t.file}: receipt ${b} left out until its bad row(s) are fixed`);
    return { orders: build.finish(badReceipts, refunds.filter((r) => !badReceipts.has(r.receipt))), problems, warnings };
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

/**
 * Receipts → orders: sale rows as they come (`sale`), then, once the file is read, the receipts
 * with a bad row dropped whole and the refunds put on theirs (`finish`).
 */
type Building = RemoteOrder & { sold: number; refunded: number };

function orderBuilder(currency: string): { sale: (r: Row) => void; finish: (bad: ReadonlySet<string>, refunds: readonly Row[]) => RemoteOrder[] } {
  const orders = new Map<string, Building>();
  const orderFor = (id: string, r: Row): Building => {
    let o = orders.get(id);
    if (!o) orders.set(id, o = { remoteId: id, status: 'fulfilled', fulfilment: 'merchant', placedAt: r.at, updatedAt: r.at, currency, totalMinor: 0, lines: [], refunds: [], sold: 0, refunded: 0 });
    if (r.at < o.placedAt) o.placedAt = r.at;
    if (r.at > o.updatedAt) o.updatedAt = r.at;
    if (!o.customer && r.customer) o.customer = r.customer;
    return o;
  };
  const sale = (r: Row): void => {
    const o = orderFor(r.receipt, r);
    o.lines.push({ lineKey: r.key, sku: r.sku, quantity: r.quantity, unitPriceMinor: r.unitMinor });
    o.totalMinor += r.totalMinor;
    o.sold += r.quantity;
    if (r.cancelled) o.status = 'cancelled';
  };
  return { sale, finish: (bad, refunds) => {
    for (const b of bad) orders.delete(b);
    return withRefunds(orders, orderFor, refunds);
  } };
}

function withRefunds(orders: ReadonlyMap<string, Building>, orderFor: (id: string, r: Row) => Building, refunds: readonly Row[]): RemoteOrder[] {
  for (const r of refunds) {
    // Linked: on the original receipt, at the original line (its first row of that item).
    // Unlinked: the refund receipt stands alone as a refunded order.
    const linked = r.refundOf !== '';
    const o = orderFor(linked ? r.refundOf! : r.receipt, r);
    const refund: RemoteRefund = {
      remoteId: linked && r.refundOf === r.receipt ? `${r.receipt}@${r.at}` : r.receipt,
      lineKey: linked ? `${r.key.replace(/#\d+$/, '')}#1` : r.key, sku: r.sku, quantity: r.quantity, restock: true, amountMinor: r.totalMinor,
    };
    o.refunds!.push(refund);
    o.refunded += r.quantity;
    if (!linked) o.totalMinor -= r.totalMinor;
  }
  return [...orders.values()].map(({ sold, refunded, ...o }) => ({
    // rung up at the till: the units left the shelf then, and a count taken later reflects it
    ...o, stockMovedAt: o.placedAt, status: o.status === 'cancelled' ? 'cancelled' : refunded > 0 && refunded >= sold ? 'refunded' : o.status,
    ...(o.refunds!.length === 0 ? { refunds: undefined } : {}),
  }));
}
