// The watch loop: each channel on its own timer (core/watch-timing.ts), the ledger looked at in
// between for local changes, a POS folder's file events waking its channel early. Time comes from
// an injected clock, so tests drive minutes of watching at once. The writer lock is taken inside
// each cycle (cycle.ts) and never held while the loop waits.
import type { Workspace } from '../workspace.js';
import type { Connector, Logger } from '../../core/connector.js';
import { afterCycle, nextDue, requestReconcile, startTimer, type ChannelTimer, type CycleKind } from '../../core/watch-timing.js';
import { movedAfter, watchCursor } from '../../db/watch-queue.js';
import { runCycle, type CycleResult } from './cycle.js';
import type { WatchSettings } from './settings.js';
import { collectGarbage } from './memory.js';

/**
 * A full collection after each reconcile and at least this often (memory.ts): watch's cycles make
 * short-lived garbage (and SQLite statements the ORM prepared, freed only when collected) that V8
 * would otherwise let grow for long; one collection of a ~25 MB live heap takes tens of ms.
 */
const COLLECT_EVERY_MS = 5 * 60_000;

export interface WatchClock {
  now(): number;
  /** Resolves after `ms`, or early when `wake` aborts (a stop, a file event). */
  sleep(ms: number, wake: AbortSignal): Promise<void>;
}

export interface WatchDeps {
  clock: WatchClock;
  /** Aborted on SIGTERM/SIGINT: the current cycle finishes, no new one starts. */
  stop: AbortSignal;
  log: Logger;
  /** One pass: each channel read once for what changed (a full read where it was never watched), then exit. */
  once?: boolean;
  /** File events: calls `notify(channel)` when a watched folder changes; returns a closer. */
  watchFiles?: (notify: (channel: string) => void) => () => void;
  /** Told after every cycle (status, tests). */
  onCycle?: (channel: string | null, kind: CycleKind | 'ledger', r: CycleResult) => void;
  lockTimeoutMs: number;
}

export async function watchLoop(ws: Workspace, settings: WatchSettings, deps: WatchDeps): Promise<void> {
  const { clock, log } = deps;
  const connectors = new Map<string, Connector>();
  const names = settings.channels.map((c) => c.name);
  const now = () => new Date(clock.now());
  // Connector waits (rate limits, Retry-After) end at a stop: the channel's push fails, the next start converges.
  const connectorClock = { now: () => clock.now(), sleep: async (ms: number) => { await clock.sleep(ms, deps.stop); if (deps.stop.aborted) throw new Error('omni watch is stopping'); } };
  const session = { connectors, log, clock: connectorClock, now, lockTimeoutMs: deps.lockTimeoutMs, startedAt: deps.once ? undefined : now().toISOString() };
  let timers: ChannelTimer[] = settings.channels.map((c) => {
    const t = startTimer(c.name, c.intervalMs, c.reconcileMs, clock.now());
    // --once reads only what changed, except on a channel watch has never pushed to.
    return deps.once && watchCursor(ws.db, c.name) !== undefined ? { ...t, nextReconcileAt: Infinity } : t;
  });
  let wake = new AbortController();
  const onStop = () => wake.abort();
  deps.stop.addEventListener('abort', onStop);
  const closeFiles = deps.watchFiles?.((channel) => {
    timers = timers.map((t) => (t.channel === channel && t.failures === 0 ? { ...t, nextPollAt: Math.min(t.nextPollAt, clock.now()) } : t));
    wake.abort();
  });

  // Channels backing off are left out as targets too: a shop whose Amazon answers 500 is not
  // hammered by every Shopify cycle. They get what queued up when they are back.
  const targets = (origin: string | null) => names.filter((n) => n === origin || (timers.find((t) => t.channel === n)?.failures ?? 0) === 0);
  let collectedAt = clock.now();
  const cycle = async (origin: string | null, kind: CycleKind | 'ledger') => {
    const r = await runCycle(ws, session, { origin, kind: kind === 'ledger' ? 'poll' : kind, targets: targets(origin) });
    for (const c of r.reconcile) timers = timers.map((t) => (t.channel === c ? requestReconcile(t, clock.now()) : t));
    if (kind === 'reconcile' || clock.now() - collectedAt >= COLLECT_EVERY_MS) { collectGarbage(); collectedAt = clock.now(); }
    deps.onCycle?.(origin, kind, r);
    return r;
  };

  try {
    if (deps.once) {
      const again = new Set<string>();
      for (const t of timers) {
        if (deps.stop.aborted) break;
        for (const c of (await cycle(t.channel, t.nextReconcileAt <= clock.now() ? 'reconcile' : 'poll')).reconcile) again.add(c);
      }
      // A channel that moved under a push (stale) is read in full once, as the long-running loop would.
      for (const c of again) if (!deps.stop.aborted) await cycle(c, 'reconcile');
      return;
    }
    let lastLedgerLook = clock.now();
    while (!deps.stop.aborted) {
      const due = nextDue(timers, clock.now());
      if ('waitMs' in due) {
        const untilLedger = Math.max(0, lastLedgerLook + settings.ledgerMs - clock.now());
        if (wake.signal.aborted) wake = new AbortController();
        await clock.sleep(Math.min(due.waitMs, untilLedger), wake.signal);
        if (deps.stop.aborted) break;
        if (clock.now() >= lastLedgerLook + settings.ledgerMs) {
          lastLedgerLook = clock.now();
          // A look at the ledger needs no lock: a cycle runs only when something local moved.
          if (names.some((n) => { const c = watchCursor(ws.db, n); return c !== undefined && movedAfter(ws.db, c); })) await cycle(null, 'ledger');
        }
        continue;
      }
      const { timer, kind } = due;
      const r = await cycle(timer.channel, kind);
      const ok = r.skipped ? true : r.originOk;
      const next = afterCycle(timer, kind, ok, clock.now(), settings.maxBackoffMs);
      if (!ok) log.warn(`${timer.channel}: watch cycle failed (${next.failures} in a row); next try in ${Math.round((next.nextPollAt - clock.now()) / 1000)} s. Other channels carry on.`);
      else if (timer.failures > 0) log.info(`${timer.channel}: back after ${timer.failures} failed cycle(s)`);
      timers = timers.map((t) => (t.channel === timer.channel ? (r.reconcile.includes(t.channel) && ok ? requestReconcile(next, clock.now()) : next) : t));
    }
  } finally {
    deps.stop.removeEventListener('abort', onStop);
    closeFiles?.();
    for (const c of connectors.values()) await c.close?.();
  }
}
