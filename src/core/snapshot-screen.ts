// What a channel sent, screened before it reaches the master: a sku with a control character
// (a NUL from a broken export, a bidi override that makes two skus look alike) or a number beyond
// the sane bounds (core/bounds.ts) is left out with a warning naming it, so one hostile or broken
// record neither lands in the master nor ends the run for every other sku. Pure.
import type { ChannelSnapshot, RemoteOrder } from './connector.js';
import { isSaneMoney, isSaneQuantity } from './bounds.js';
import { capText, skuProblem } from './text.js';

export function screenSnapshot(channel: string, snap: ChannelSnapshot): ChannelSnapshot {
  const warnings = [...snap.warnings];
  const skuOk = (sku: string, what: string): boolean => {
    const why = skuProblem(sku);
    if (why) warnings.push(`${channel}: ${what}: sku "${capText(sku, 60)}" ${why}; left out`);
    return !why;
  };
  const numberOk = (n: number | undefined, sane: (n: number) => boolean, what: string): boolean => {
    const ok = n === undefined || sane(n);
    if (!ok) warnings.push(`${channel}: ${what}: ${n} is beyond what omni accepts; left out`);
    return ok;
  };
  const listings = snap.listings.filter((l) => skuOk(l.sku, 'listing')
    && numberOk(l.quantity, isSaneQuantity, `listing ${l.sku} quantity`) && numberOk(l.priceMinor, isSaneMoney, `listing ${l.sku} price`));
  const orders = snap.orders.map((o): RemoteOrder => {
    const where = `order ${capText(o.remoteId, 60)}`;
    const lines = o.lines.filter((l) => skuOk(l.sku, where)
      && numberOk(l.quantity, (q) => isSaneQuantity(q) && q > 0, `${where}: ${l.sku} quantity`) && numberOk(l.unitPriceMinor, isSaneMoney, `${where}: ${l.sku} price`));
    const refunds = o.refunds?.filter((r) => skuOk(r.sku, `${where} refund`)
      && numberOk(r.quantity, (q) => isSaneQuantity(q) && q > 0, `${where}: refund of ${r.sku}`) && numberOk(r.amountMinor, isSaneMoney, `${where}: refund of ${r.sku} amount`));
    const totalOk = numberOk(o.totalMinor, isSaneMoney, `${where} total`);
    return { ...o, lines, ...(refunds ? { refunds } : {}), totalMinor: totalOk ? o.totalMinor : 0 };
  });
  const managedCounts = snap.managedCounts.filter((c) => skuOk(c.sku, `${c.location} count`)
    && numberOk(c.quantity, isSaneQuantity, `${c.location} count of ${c.sku}`));
  return { ...snap, listings, orders, managedCounts, warnings };
}
