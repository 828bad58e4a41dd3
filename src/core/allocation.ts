// What a channel may sell: derived from the master, never stored by hand.
// pool = sum of on-hand at the channel's stock_from locations (a negative level counts 0);
// published = 0 when pool ≤ safety_quantity, else floor((pool − buffer) × allocation), never below
// zero, at most max_quantity. A bundle's pool is what its scarcest component allows (in bundles);
// the bundle's own rules then apply to that pool. core/derivation.ts explains the same steps.

export interface ChannelStockRules {
  stockFrom: readonly string[];
  buffer: number;
  /** Share of the pool this channel may sell, 0..1. */
  allocation: number;
  /** Publish 0 when the pool is at or below this (default 0: no safety). */
  safetyQuantity?: number | undefined;
  /** Publish at most this many (default: no cap). */
  maxQuantity?: number | undefined;
}

/** On-hand per location for one sku. */
export type LevelsByLocation = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export function level(levels: LevelsByLocation, location: string): number {
  return levels instanceof Map ? (levels.get(location) ?? 0) : ((levels as Record<string, number>)[location] ?? 0);
}

export function availableFor(levels: LevelsByLocation, rules: Pick<ChannelStockRules, 'stockFrom'>): number {
  // A negative level (counted wrong, oversold) must not eat stock that exists elsewhere.
  return rules.stockFrom.reduce((sum, loc) => sum + Math.max(0, level(levels, loc)), 0);
}

/** The published number for a pool under the rules (the same arithmetic as plan-input's SQL). */
export function publishFromPool(pool: number, rules: Omit<ChannelStockRules, 'stockFrom'>): number {
  if (pool <= (rules.safetyQuantity ?? 0)) return 0;
  const afterBuffer = pool - rules.buffer;
  if (afterBuffer <= 0) return 0;
  // Allocation is a share such as 0.8; the epsilon keeps 0.7 * 100 = 69.999… at 70.
  const shared = Math.max(0, Math.floor(afterBuffer * rules.allocation + 1e-9));
  return rules.maxQuantity === undefined ? shared : Math.min(shared, rules.maxQuantity);
}

export function publishedQuantity(levels: LevelsByLocation, rules: ChannelStockRules): number {
  return publishFromPool(availableFor(levels, rules), rules);
}

export interface BundleComponent {
  sku: string;
  quantity: number;
}

/** How many whole bundles the components' pools allow: the scarcest component decides. */
export function bundlePool(components: readonly BundleComponent[], levelsOf: (sku: string) => LevelsByLocation, rules: Pick<ChannelStockRules, 'stockFrom'>): number {
  if (components.length === 0) return 0;
  return Math.min(...components.map((c) => Math.floor(availableFor(levelsOf(c.sku), rules) / c.quantity)));
}

/** A bundle sells as many as its scarcest component allows, under the bundle's channel rules. */
export function publishedBundleQuantity(
  components: readonly BundleComponent[],
  levelsOf: (sku: string) => LevelsByLocation,
  rules: ChannelStockRules,
): number {
  return publishFromPool(bundlePool(components, levelsOf, rules), rules);
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
