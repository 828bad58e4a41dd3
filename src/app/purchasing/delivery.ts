// What a delivery did to a purchase order: per line ordered, received before and now, and whether
// it is short, complete or over; skus that came but were never ordered are "unexpected". Pure.

export interface DeliveryLine {
  sku: string;
  ordered: number;
  receivedBefore: number;
  receivedNow: number;
  received: number;
  /** received − ordered: negative is short, positive is over. */
  difference: number;
  status: 'short' | 'complete' | 'over' | 'unexpected';
}

export interface DeliveryReport {
  lines: DeliveryLine[];
  short: DeliveryLine[];
  over: DeliveryLine[];
  unexpected: DeliveryLine[];
  poStatus: 'partial' | 'received';
}

export function deliveryReport(
  poLines: readonly { sku: string; quantity: number; received: number }[],
  now: ReadonlyMap<string, number>,
): DeliveryReport {
  const lines: DeliveryLine[] = poLines.map((l) => {
    const receivedNow = now.get(l.sku) ?? 0;
    const received = l.received + receivedNow;
    const difference = received - l.quantity;
    return { sku: l.sku, ordered: l.quantity, receivedBefore: l.received, receivedNow, received, difference, status: difference < 0 ? 'short' : difference > 0 ? 'over' : 'complete' };
  });
  const onPo = new Set(poLines.map((l) => l.sku));
  for (const [sku, n] of [...now].sort(([a], [b]) => a.localeCompare(b))) {
    if (!onPo.has(sku)) lines.push({ sku, ordered: 0, receivedBefore: 0, receivedNow: n, received: n, difference: n, status: 'unexpected' });
  }
  const short = lines.filter((l) => l.status === 'short');
  return {
    lines, short, over: lines.filter((l) => l.status === 'over'), unexpected: lines.filter((l) => l.status === 'unexpected'),
    poStatus: short.length === 0 ? 'received' : 'partial',
  };
}
