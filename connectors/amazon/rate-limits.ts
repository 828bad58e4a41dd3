// Amazon's documented default usage plans (rate per second, burst), one token bucket per operation.
// A response's x-amzn-RateLimit-Limit header adjusts the rate to what this seller really has.
import { TokenBucket, realClock, type Clock } from '../../src/http/token-bucket.js';

export const USAGE_PLANS = {
  searchListingsItems: { rate: 5, burst: 5 },
  getListingsItem: { rate: 5, burst: 10 },
  patchListingsItem: { rate: 5, burst: 5 },
  createFeedDocument: { rate: 0.5, burst: 15 },
  createFeed: { rate: 0.0083, burst: 15 },
  getFeed: { rate: 2, burst: 15 },
  getFeedDocument: { rate: 0.0222, burst: 10 },
  getInventorySummaries: { rate: 2, burst: 2 },
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  createReport: { rate: 0.0167, burst: 15 },
  getReport: { rate: 2, burst: 15 },
  getReportDocument: { rate: 0.0167, burst: 15 },
} as const;

export type Operation = keyof typeof USAGE_PLANS;

/**
 * We pace a little under the plan: Amazon counts a call when it arrives, and network jitter can
 * bring two calls we sent 200 ms apart 195 ms apart — a 429 for nothing. 3% costs 3% of a long
 * patch run and makes a refusal rare instead of routine.
 */
const PACE = 0.97;

export class RateLimits {
  private readonly buckets = new Map<Operation, TokenBucket>();

  constructor(private readonly clock: Clock = realClock) {}

  bucket(op: Operation): TokenBucket {
    let b = this.buckets.get(op);
    if (!b) {
      b = new TokenBucket(USAGE_PLANS[op].rate * PACE, USAGE_PLANS[op].burst, this.clock);
      this.buckets.set(op, b);
    }
    return b;
  }

  /** Adopt the rate Amazon reports for this seller (never above the burst we know). */
  adapt(op: Operation, header: string | string[] | undefined): void {
    const v = Number(Array.isArray(header) ? header[0] : header);
    if (Number.isFinite(v) && v > 0) this.bucket(op).setRate(v * PACE);
  }
}
