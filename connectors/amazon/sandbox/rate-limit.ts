// Amazon's usage plans: one token bucket per operation, `rate` tokens a second up to `burst`.
// Pure: the caller passes the time, so a test can drain a bucket and advance a fake clock.

export interface UsagePlan { rate: number; burst: number }

/** Default usage plans, from the "Usage Plan" table in each operation's description in the models. */
export const USAGE_PLANS: Record<string, UsagePlan> = {
  getListingsItem: { rate: 5, burst: 10 },
  putListingsItem: { rate: 5, burst: 10 },
  patchListingsItem: { rate: 5, burst: 5 },
  deleteListingsItem: { rate: 5, burst: 5 },
  searchListingsItems: { rate: 5, burst: 5 },
  createFeedDocument: { rate: 0.5, burst: 15 },
  createFeed: { rate: 0.0083, burst: 15 },
  getFeed: { rate: 2, burst: 15 },
  getFeeds: { rate: 0.0222, burst: 10 },
  cancelFeed: { rate: 2, burst: 15 },
  getFeedDocument: { rate: 0.0222, burst: 10 },
  getInventorySummaries: { rate: 2, burst: 2 },
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  createReport: { rate: 0.0167, burst: 15 },
  getReport: { rate: 2, burst: 15 },
  getReportDocument: { rate: 0.0167, burst: 15 },
};

export class Bucket {
  private tokens: number;
  constructor(readonly rate: number, readonly burst: number, private last: number) {
    this.tokens = burst;
  }

  /** Take one token if there is one; false means the caller gets a 429. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  drain(now: number): void {
    this.last = now;
    this.tokens = 0;
  }

  private refill(now: number): void {
    if (now > this.last) this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = Math.max(this.last, now);
  }
}

/** One bucket per operation; `rateScale` multiplies every rate so fast tests need not wait minutes. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly now: () => number, private readonly rateScale = 1, private readonly plans = USAGE_PLANS) {}

  plan(op: string): UsagePlan | undefined {
    const p = this.plans[op];
    return p && { rate: p.rate * this.rateScale, burst: p.burst };
  }

  bucket(op: string): Bucket | undefined {
    let b = this.buckets.get(op);
    const p = this.plan(op);
    if (!b && p) this.buckets.set(op, (b = new Bucket(p.rate, p.burst, this.now())));
    return b;
  }

  /** True when the call may proceed (operations without a plan are never throttled). */
  take(op: string): boolean {
    return this.bucket(op)?.tryTake(this.now()) ?? true;
  }

  /** The `x-amzn-RateLimit-Limit` value: the rate this caller actually gets. */
  header(op: string): string | undefined {
    const p = this.plan(op);
    return p ? String(p.rate) : undefined;
  }

  reset(): void {
    this.buckets.clear();
  }
}
