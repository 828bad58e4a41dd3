// What a channel sent, screened before it reaches the master: a sku with a control character
// (a NUL from a broken export, a bidi override that makes two skus look alike) or a number beyond
// the sane bounds (core/bounds.ts) is left out with a warning naming it, so one hostile or broken
// record neither lands in the master nor ends the run for every other sku. Pure.
import type { ChannelSnapshot, RemoteOrder } from './connector.js';
import { isSaneMoney, isSaneQuantity } from './bounds.js';
import { capText, skuProblem } from './text.js';

export function screenSnapshot(channel: string, snap: ChannelSnapshot): ChannelSnapshot {
  const listingWarnings: string[] = [], orderWarnings: string[] = [], countWarnings: string[] = [];
  const check = (warnings: string[]) => ({
    skuOk: (sku: string, what: string): boolean => {
      const why = skuProblem(sku);
      if (why) warnings.push(`${channel}: ${what}: sku "${capText(sku, 60)}" ${why}; left out`);
      return !why;
    },
    numberOk: (n: number | undefined, sane: (n: number) => boolean, what: string): boolean => {
      const ok = n === undefined || sane(n);
      if (!ok) warnings.push(`${channel}: ${what}: ${n} is beyond what omni accepts; left out`);
      return ok;
    },
  });
  const l = check(listingWarnings);
  const listings = snap.listings.filter((x) => l.skuOk(x.sku, 'listing')
    && l.numberOk(x.quantity, isSaneQuantity, `listing ${x.sku} quantity`) && l.numberOk(x.priceMinor, isSaneMoney, `listing ${x.sku} price`));
  const c = check(countWarnings);
  const managedCounts = snap.managedCounts.filter((x) => c.skuOk(x.sku, `${x.location} count`)
    && c.numberOk(x.quantity, isSaneQuantity, `${x.location} count of ${x.sku}`));
  // Orders are screened as they are read (a POS export's are built one receipt at a time, never
  // held all at once); their warnings are told once, however often the orders are read. So read
  // `warnings` only after the orders have been read to the end (apply-snapshot.ts does): before,
  // the orders' warnings are not in it yet.
  let reads = 0;
  const orders: Iterable<RemoteOrder> = {
    *[Symbol.iterator]() {
      const o = check(reads++ === 0 ? orderWarnings : []);
      for (const order of snap.orders) yield screenOrder(order, o.skuOk, o.numberOk);
    },
  };
  return {
    ...snap, listings, orders, managedCounts,
    // listings', orders', then counts' warnings, as read; the orders' are there once they were read
    get warnings() { return [...snap.warnings, ...listingWarnings, ...orderWarnings, ...countWarnings]; },
  };
}

function screenOrder(o: RemoteOrder, skuOk: (sku: string, what: string) => boolean, numberOk: (n: number | undefined, sane: (n: number) => boolean, what: string) => boolean): RemoteOrder {
  const where = `order ${capText(o.remoteId, 60)}`;
  const lines = o.lines.filter((l) => skuOk(l.sku, where)
    && numberOk(l.quantity, (q) => isSaneQuantity(q) && q > 0, `${where}: ${l.sku} quantity`) && numberOk(l.unitPriceMinor, isSaneMoney, `${where}: ${l.sku} price`));
  const refunds = o.refunds?.filter((r) => skuOk(r.sku, `${where} refund`)
    && numberOk(r.quantity, (q) => isSaneQuantity(q) && q > 0, `${where}: refund of ${r.sku}`) && numberOk(r.amountMinor, isSaneMoney, `${where}: refund of ${r.sku} amount`));
  const totalOk = numberOk(o.totalMinor, isSaneMoney, `${where} total`);
  // A clean order is passed on as it is: a copy per order of a million-line export is garbage V8
  // promotes (spread copies land in the old generation) and the heap grows by it.
  if (totalOk && lines.length === o.lines.length && refunds?.length === o.refunds?.length) return o;
  return { ...o, lines, ...(refunds ? { refunds } : {}), totalMinor: totalOk ? o.totalMinor : 0 };
}
