// A read export's logged rows → RemoteOrders, one receipt at a time: a receipt's order is handed
// on once its last row is passed (known from the read), so only the receipts still open are held,
// not the export's every order. The orders, their order and their content are what building them
// all at once gave: sale receipts in the order of their first sale row, then the orders only
// refunds make (a refund of a receipt not in the file, or of a receipt left out), in the order
// of their first refund; a receipt's refunds apply after its sales, in file order.
import type { RemoteCustomer, RemoteOrder, RemoteRefund } from '../../src/core/connector.js';
import type { LoggedRow, SaleLog } from './sale-log.js';
import type { ReceiptEnds } from './receipt-ends.js';
import type { AsideRefunds } from './aside-refunds.js';

/** A refund row: `refundOf` '' is unlinked (its own receipt stands alone as a refunded order). */
export interface RefundRow {
  receipt: string; id: string; key: string; sku: string; quantity: number; totalMinor: number; at: string;
  refundOf: string; customer: RemoteCustomer | undefined; seq: number;
}

export interface ReadSales {
  log: SaleLog;
  /** Where each receipt's rows end: past that, it is complete. */
  ends: ReceiptEnds;
  /** Receipts with a bad row: left out whole (their refunds too). */
  bad: ReadonlySet<string>;
  /**
   * Refunds kept aside, by the receipt they refund: those of another receipt (they may name one
   * earlier in the file) and those of their own receipt met after its rows. Those on a bad receipt
   * are still there (it is known bad only once read): they are left out here.
   */
  aside: AsideRefunds;
  currency: string;
}

type Building = RemoteOrder & { sold: number; refunded: number };
interface Open { order: Building | undefined; counts: Map<string, number>; refunds: RefundRow[] }

/** The orders of a read export; each iteration builds them again from the log. */
export function receiptOrders(read: ReadSales): Iterable<RemoteOrder> {
  return { [Symbol.iterator]: () => build(read) };
}

function* build(read: ReadSales): Generator<RemoteOrder> {
  const open = new Map<string, Open>();
  /** Sale orders in the order of their first sale row; the head goes once its receipt is complete. */
  const queue: ({ order: Building; done: boolean } | undefined)[] = [];
  let head = 0;
  const queued = new Map<string, { order: Building; done: boolean }>();
  /** Receipts (their aside.idOf, not their text: see there) whose sale order took the refunds of them kept aside. */
  const took = new Set<number>();
  /** Refunds of receipts with no sale order here: they make their own orders at the end. */
  const tail: RefundRow[] = [];
  // One row ahead: a receipt whose rows are together is complete where the next receipt starts.
  const rows = read.log.rows();
  let ahead = rows.next();
  for (let i = 0; !ahead.done; i++) {
    const r = ahead.value;
    ahead = rows.next();
    const next = ahead.done ? undefined : ahead.value.receipt;
    if (read.bad.has(r.receipt)) continue;
    let state = open.get(r.receipt);
    // A refund kept aside after its receipt's rows: it applies with the other receipts' refunds of
    // it; here it only takes its place in the numbering of that receipt's rows still to come.
    if (r.kind === 'a' && !state && !read.ends.rowsAfter(r.receipt, i)) continue;
    if (!state) open.set(r.receipt, state = { order: undefined, counts: new Map(), refunds: [] });
    // "<id>#<n>": the n-th row of that item (sales and refunds counted apart) on the receipt.
    const occurrence = `${r.refundType ? 'r' : 's'}|${r.id}`;
    const n = (state.counts.get(occurrence) ?? 0) + 1;
    state.counts.set(occurrence, n);
    if (r.kind === 's') {
      if (!state.order) {
        state.order = newOrder(r.receipt, r.at, read.currency);
        const q = { order: state.order, done: false };
        queue.push(q); queued.set(r.receipt, q);
      }
      sale(state.order, r, `${r.id}#${n}`);
    } else if (r.kind === 'o') {
      state.refunds.push(refundRow(r, `${r.id}#${n}`));
    }
    if (r.kind === 'a' || !read.ends.endsAt(r.receipt, i, next)) continue;
    // The receipt is complete: its refunds (its own rows and other receipts' refunds of it) apply.
    open.delete(r.receipt);
    const cross = asideOf(read, r.receipt);
    if (state.order) {
      for (const f of merged(state.refunds, cross)) refund(state.order, f);
      if (cross.length > 0) took.add(read.aside.idOf(r.receipt)!);
      queued.get(r.receipt)!.done = true;
      queued.delete(r.receipt);
      while (queue[head]?.done) { const q = queue[head]!; queue[head++] = undefined; yield finished(q.order); }
      if (head > 1024 && head * 2 > queue.length) { queue.splice(0, head); head = 0; }
    } else {
      for (const f of state.refunds) tail.push(f);
    }
  }
  for (const q of queue.slice(head)) yield finished(q!.order);
  // Refunds of receipts that made no sale order here, on orders of their own, in file order.
  for (const [target, id] of read.aside.receipts()) if (!took.has(id)) for (const f of asideOf(read, target)) tail.push(f);
  tail.sort((a, b) => a.seq - b.seq);
  const orders = new Map<string, Building>();
  for (const f of tail) {
    const id = f.refundOf !== '' ? f.refundOf : f.receipt;
    let o = orders.get(id);
    if (!o) orders.set(id, o = newOrder(id, f.at, read.currency));
    refund(o, f);
  }
  for (const o of orders.values()) yield finished(o);
}

/** The refunds of `receipt` kept aside, but those on a receipt left out. */
function asideOf(read: ReadSales, receipt: string): RefundRow[] {
  return read.aside.of(receipt).filter((f) => !read.bad.has(f.receipt));
}

/** Two lists already in file order, as one. */
function* merged(a: readonly RefundRow[], b: readonly RefundRow[]): Generator<RefundRow> {
  let i = 0, j = 0;
  while (i < a.length || j < b.length) yield j >= b.length || (i < a.length && a[i]!.seq < b[j]!.seq) ? a[i++]! : b[j++]!;
}

function refundRow(r: LoggedRow, key: string): RefundRow {
  return { receipt: r.receipt, id: r.id, key, sku: r.sku, quantity: r.quantity, totalMinor: r.totalMinor, at: r.at, refundOf: r.linked ? r.receipt : '', customer: r.customer, seq: r.seq };
}

function newOrder(id: string, at: string, currency: string): Building {
  return { remoteId: id, status: 'fulfilled', fulfilment: 'merchant', placedAt: at, updatedAt: at, currency, totalMinor: 0, lines: [], refunds: [], sold: 0, refunded: 0 };
}

function touch(o: Building, at: string, customer: RemoteCustomer | undefined): void {
  if (at < o.placedAt) o.placedAt = at;
  if (at > o.updatedAt) o.updatedAt = at;
  if (!o.customer && customer) o.customer = customer;
}

function sale(o: Building, r: LoggedRow, key: string): void {
  touch(o, r.at, r.customer);
  o.lines.push({ lineKey: key, sku: r.sku, quantity: r.quantity, unitPriceMinor: r.unitMinor });
  o.totalMinor += r.totalMinor;
  o.sold += r.quantity;
  if (r.cancelled) o.status = 'cancelled';
}

function refund(o: Building, r: RefundRow): void {
  touch(o, r.at, r.customer);
  // Linked: on the original receipt, at the original line (its first row of that item).
  // Unlinked: the refund receipt stands alone as a refunded order.
  const linked = r.refundOf !== '';
  const f: RemoteRefund = {
    remoteId: linked && r.refundOf === r.receipt ? `${r.receipt}@${r.at}` : r.receipt,
    lineKey: linked ? `${r.id}#1` : r.key, sku: r.sku, quantity: r.quantity, restock: true, amountMinor: r.totalMinor,
  };
  o.refunds!.push(f);
  o.refunded += r.quantity;
  if (!linked) o.totalMinor -= r.totalMinor;
}

function finished(o: Building): RemoteOrder {
  // Named fields, not a rest/spread copy (see sale-log.ts: spread copies land in the old generation).
  return {
    remoteId: o.remoteId, status: o.status === 'cancelled' ? 'cancelled' : o.refunded > 0 && o.refunded >= o.sold ? 'refunded' : o.status,
    fulfilment: o.fulfilment, placedAt: o.placedAt, updatedAt: o.updatedAt,
    // rung up at the till: the units left the shelf then, and a count taken later reflects it
    stockMovedAt: o.placedAt, currency: o.currency, totalMinor: o.totalMinor, customer: o.customer, lines: o.lines,
    refunds: o.refunds!.length === 0 ? undefined : o.refunds,
  };
}
