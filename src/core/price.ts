// A channel's price for a product, from the master price and the channel's price rule. Pure.

export interface PriceRule {
  source: 'master' | 'markup';
  markup_percent: number;
  /** Make the price end in these minor units (99 → x.99), rounding up to the next such price. */
  round_to?: number | undefined;
}

export function channelPrice(masterMinor: number | null, rule: PriceRule): number | null {
  if (masterMinor === null) return null;
  let p = rule.source === 'markup' ? Math.round(masterMinor * (1 + rule.markup_percent / 100)) : masterMinor;
  if (rule.round_to !== undefined) {
    const base = Math.floor(p / 100) * 100 + rule.round_to;
    p = base >= p ? base : base + 100;
  }
  return Math.max(0, p);
}
