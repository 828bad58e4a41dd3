// What a channel may sell: derived from the master, never stored by hand.
// published = floor((sum of on-hand at the channel's stock_from locations - buffer) * allocation),
// never below zero; a bundle's is the minimum over its components of what each allows.

export interface ChannelStockRules {
  stockFrom: readonly string[];
  buffer: number;
  /** Share of the pool this channel may sell, 0..1. */
  allocation: number;
}

/** On-hand per location for one sku. */
export type LevelsByLocation = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

function level(levels: LevelsByLocation, location: string): number {
  return levels instanceof Map ? (levels.get(location) ?? 0) : ((levels as Record<string, number>)[location] ?? 0);
}

export function availableFor(levels: LevelsByLocation, rules: ChannelStockRules): number {
  // A negative level (counted wrong, oversold) must not eat stock that exists elsewhere.
  return rules.stockFrom.reduce((sum, loc) => sum + Math.max(0, level(levels, loc)), 0);
}

export function publishedQuantity(levels: LevelsByLocation, rules: ChannelStockRules): number {
  const pool = availableFor(levels, rules) - rules.buffer;
  if (pool <= 0) return 0;
  // Allocation is a share such as 0.8; the epsilon keeps 0.7 * 100 = 69.999… at 70.
  return Math.max(0, Math.floor(pool * rules.allocation + 1e-9));
}

export interface BundleComponent {
  sku: string;
  quantity: number;
}

/** A bundle sells as many as its scarcest component allows, from the same channel rules. */
export function publishedBundleQuantity(
  components: readonly BundleComponent[],
  levelsOf: (sku: string) => LevelsByLocation,
  rules: ChannelStockRules,
): number {
  if (components.length === 0) return 0;
  return Math.min(...components.map((c) => Math.floor(publishedQuantity(levelsOf(c.sku), rules) / c.quantity)));
}

/**
 * Where a sale on a channel is taken from: the first location in `fulfilFrom` that has all the
 * units; else the one with the most (it goes negative only if nothing has enough, and then the
 * shortfall is visible); else the first location.
 */
export function pickFulfilLocation(levels: LevelsByLocation, fulfilFrom: readonly string[], quantity: number): string | undefined {
  if (fulfilFrom.length === 0) return undefined;
  const enough = fulfilFrom.find((loc) => level(levels, loc) >= quantity);
  if (enough) return enough;
  let best = fulfilFrom[0]!;
  for (const loc of fulfilFrom) if (level(levels, loc) > level(levels, best)) best = loc;
  return best;
}
