// When omni watch reads each channel: pure arithmetic over an injected "now" (ms), so the loop can
// be driven by a fake clock. Intervals come from each API's documented limits; a channel that
// fails waits longer each time (doubling, capped) and is back on its interval after a success.

/** What a source's reads cost against its documented limit, and the interval that keeps it ≤ half. */
export interface ReadBudget {
  /** The default interval between cheap reads (seconds). */
  seconds: number;
  /** The shortest interval config may ask for: below it the reads alone would exhaust the limit. */
  floorSeconds: number;
  /** Where the numbers come from, for docs/watch.md and `omni watch` at start. */
  why: string;
  /**
   * The documented budget one read draws on: its cost and the limit's refill per hour (Amazon:
   * one searchOrders call of 0.0056 × 3600 = 20.16 an hour; Shopify: an idle orders read costs
   * about 10 points of the Standard plan's 50 points/s, the stricter documented rate). None for files.
   */
  budget?: { perRead: number; perHour: number } | undefined;
}

/**
 * Per connector type. Amazon: searchOrders refills 0.0056 tokens/s (one call in 180 s), burst 20
 * [API-NOTES: rate limits]: polling every 180 s would use the whole steady rate, so the default is
 * 360 s (half) and 180 s the floor; the burst is kept for catching up (paging after a gap).
 * Shopify: an orders read costs a few points of the 50–100 points/s restore [API-NOTES]; every 10 s
 * is under 2% of it. A POS speaks in local files: no API limit, fs events plus a 5 s poll.
 */
export const READ_BUDGETS: Record<string, ReadBudget> = {
  shopify: { seconds: 10, floorSeconds: 2, why: 'orders updated since the cursor cost a few points of Shopify\'s 50–100 points/s restore', budget: { perRead: 10, perHour: 50 * 3600 } },
  amazon: { seconds: 360, floorSeconds: 180, why: 'searchOrders refills one call per 180 s (0.0056/s, burst 20); 360 s keeps idle use at half of it', budget: { perRead: 1, perHour: 0.0056 * 3600 } },
  'pos-file': { seconds: 5, floorSeconds: 1, why: 'local export files: file events, polled every 5 s as well because network shares miss events' },
};

const UNKNOWN: ReadBudget = { seconds: 60, floorSeconds: 10, why: 'no documented limit known for this connector type' };

export function readBudget(type: string): ReadBudget {
  return READ_BUDGETS[type] ?? UNKNOWN;
}

/** The interval to use: the configured one, but never under the floor. */
export function pollIntervalMs(type: string, configuredSeconds: number | undefined): number {
  const b = readBudget(type);
  return Math.max(b.floorSeconds, configuredSeconds ?? b.seconds) * 1000;
}

/** After `failures` failed cycles in a row: the interval doubled per failure, at most `capMs`. */
export function backoffMs(intervalMs: number, failures: number, capMs: number): number {
  if (failures <= 0) return intervalMs;
  return Math.min(capMs, Math.max(intervalMs, intervalMs * 2 ** failures));
}

export type CycleKind = 'reconcile' | 'poll';

export interface ChannelTimer {
  channel: string;
  intervalMs: number;
  reconcileMs: number;
  nextPollAt: number;
  nextReconcileAt: number;
  failures: number;
}

export function startTimer(channel: string, intervalMs: number, reconcileMs: number, now: number): ChannelTimer {
  // A full reconcile at start: it catches what changed while watch was not running.
  return { channel, intervalMs, reconcileMs, nextPollAt: now, nextReconcileAt: now, failures: 0 };
}

/** The channel whose cycle is due first, and what kind; or how long until one is. */
export function nextDue(timers: readonly ChannelTimer[], now: number): { timer: ChannelTimer; kind: CycleKind } | { waitMs: number } {
  let best: ChannelTimer | undefined;
  for (const t of timers) if (!best || Math.min(t.nextPollAt, t.nextReconcileAt) < Math.min(best.nextPollAt, best.nextReconcileAt)) best = t;
  if (!best) return { waitMs: Infinity };
  const at = Math.min(best.nextPollAt, best.nextReconcileAt);
  if (at > now) return { waitMs: at - now };
  return { timer: best, kind: best.nextReconcileAt <= now ? 'reconcile' : 'poll' };
}

/** The timer after a cycle: on its interval again after a success, backed off after a failure. */
export function afterCycle(t: ChannelTimer, kind: CycleKind, ok: boolean, now: number, capMs: number): ChannelTimer {
  const failures = ok ? 0 : t.failures + 1;
  const wait = backoffMs(t.intervalMs, failures, capMs);
  return {
    ...t, failures, nextPollAt: now + wait,
    // A failed reconcile is tried again at the backed-off time, and a due one waits for it too: a
    // channel backing off is not called before its time. A stale push asks for one (requestReconcile).
    nextReconcileAt: kind === 'reconcile' ? (ok ? now + t.reconcileMs : now + wait) : ok ? t.nextReconcileAt : Math.max(t.nextReconcileAt, now + wait),
  };
}

/** A channel that answered "stale" (it moved since omni last read it) gets a full read next. */
export function requestReconcile(t: ChannelTimer, now: number): ChannelTimer {
  return { ...t, nextReconcileAt: Math.min(t.nextReconcileAt, Math.max(now, t.nextPollAt)) };
}

/** The share (0–1) of the documented limit that `readsLastHour` reads use; null where there is no API limit. */
export function rateLimitShare(type: string, readsLastHour: number): number | null {
  const b = readBudget(type).budget;
  return b ? Math.round((readsLastHour * b.perRead / b.perHour) * 1000) / 1000 : null;
}

/** p-th percentile (0–100) by nearest rank of a list of numbers; undefined when empty. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
