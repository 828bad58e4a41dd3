// Shopify's leaky bucket for calculated query cost, per shop: it refills continuously at
// `restoreRate` points a second up to `maximumAvailable`. Time comes in as an argument.

export interface BucketConfig { maximumAvailable: number; restoreRate: number }
export interface BucketState { available: number; at: number }

export function refill(s: BucketState, cfg: BucketConfig, now: number): BucketState {
  const elapsed = Math.max(0, now - s.at) / 1000;
  return { available: Math.min(cfg.maximumAvailable, s.available + elapsed * cfg.restoreRate), at: Math.max(now, s.at) };
}

/** Takes `cost` if the bucket holds it; otherwise leaves it untouched (a throttled call costs nothing). */
export function take(s: BucketState, cfg: BucketConfig, cost: number, now: number): { ok: boolean; state: BucketState } {
  const r = refill(s, cfg, now);
  return cost <= r.available ? { ok: true, state: { ...r, available: r.available - cost } } : { ok: false, state: r };
}

/** Gives back the difference between the requested and the actual cost after running. */
export function refund(s: BucketState, cfg: BucketConfig, points: number): BucketState {
  return { ...s, available: Math.min(cfg.maximumAvailable, s.available + Math.max(0, points)) };
}

export function throttleStatus(s: BucketState, cfg: BucketConfig): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } {
  return { maximumAvailable: cfg.maximumAvailable, currentlyAvailable: Math.floor(s.available), restoreRate: cfg.restoreRate };
}
