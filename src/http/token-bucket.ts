// A token bucket: `rate` tokens a second, at most `burst` stored. The clock and the sleep are
// inputs, so tests can run a minute of traffic in a millisecond. Amazon's per-operation limits
// are exactly this model; Shopify's cost bucket is the same with variable-size takes.
import { checkWait, unboundedWaits, type WaitPolicy } from './waits.js';

export interface Clock {
  now(): number; // ms
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Takes wait in line, so a burst of callers is served in order, never over the limit. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private rate: number, private burst: number, private readonly clock: Clock = realClock, startFull = true) {
    this.tokens = startFull ? burst : 0;
    this.last = clock.now();
  }

  /** Change the rate (e.g. from an `x-amzn-RateLimit-Limit` header or a throttle status). */
  setRate(rate: number, burst = this.burst): void {
    this.refill();
    this.rate = rate;
    this.burst = burst;
    this.tokens = Math.min(this.tokens, burst);
  }

  /** Set what is available now, as the server reported it. */
  setAvailable(tokens: number): void {
    this.last = this.clock.now();
    this.tokens = Math.min(tokens, this.burst);
  }

  get available(): number {
    this.refill();
    return this.tokens;
  }

  /** How long a take of `n` would wait now (0 when the tokens are there). */
  waitFor(n = 1): number {
    this.refill();
    return this.tokens >= n ? 0 : Math.ceil(((n - this.tokens) / this.rate) * 1000);
  }

  /**
   * Wait until `n` tokens are there, then take them. A wait over the policy's cap is refused
   * (WaitTooLongError) before it starts, and nothing is taken.
   */
  take(n = 1, policy: WaitPolicy = unboundedWaits, what = 'a rate-limit token'): Promise<void> {
    const next = this.queue.then(async () => {
      checkWait(this.waitFor(n), what, policy);
      for (;;) {
        this.refill();
        if (this.tokens >= n) { this.tokens -= n; return; }
        await this.clock.sleep(Math.ceil(((n - this.tokens) / this.rate) * 1000));
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** After a 429 the server's bucket is empty whatever we thought: start from zero. */
  drain(): void {
    this.last = this.clock.now();
    this.tokens = 0;
  }

  private refill(): void {
    const t = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }
}
