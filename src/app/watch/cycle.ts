// One watch cycle, under the writer lock and only for its length: read what changed on one channel
// (or nothing, for a local change), then plan and push only the skus that moved since each
// channel's last push — through the sync engine, so the guards, compare-and-swap, idempotency and
// the journal are the ones `omni sync` uses. A reconcile is today's full sync of its channel.
import type { Workspace } from '../workspace.js';
import type { Connector, ConnectorDeps, Logger } from '../../core/connector.js';
import { sync, type ChannelResult } from '../sync.js';
import { acquireCycleLock } from '../../db/master-locks.js';
import { movementTimes, queueMark, setWatchCursor, skusMovedSince, watchCursor, type QueueMark } from '../../db/watch-queue.js';
import { isUserError } from '../../core/errors.js';
import type { CycleKind } from '../../core/watch-timing.js';
import { recordWatchEvents, type WatchEvent } from '../../db/watch-events.js';

/** At most this many latencies a channel per cycle are kept (a catch-up after hours pushes thousands). */
const LATENCIES_KEPT = 100;

/** What `omni status` learns of a cycle. */
function trail(s: CycleSession, req: CycleRequest, out: CycleResult): WatchEvent[] {
  const at = s.now().toISOString();
  const events: WatchEvent[] = [];
  if (s.startedAt) { events.push({ channel: '*', kind: 'start', at: s.startedAt }); s.startedAt = undefined; }
  if (req.origin && out.originOk) events.push({ channel: req.origin, kind: 'read', at });
  for (const r of out.results) {
    if (r.status === 'failed') events.push({ channel: r.channel, kind: 'error', at, message: r.error?.split('\n')[0] });
  }
  const byChannel = new Map<string, number[]>();
  for (const l of out.latencies) byChannel.set(l.channel, [...(byChannel.get(l.channel) ?? []), l.ms]);
  for (const r of out.results) {
    if ((r.counts.applied ?? 0) + (r.counts.accepted ?? 0) === 0) continue;
    const ms = byChannel.get(r.channel) ?? [];
    if (ms.length === 0) events.push({ channel: r.channel, kind: 'push', at });
    for (const m of ms.slice(-LATENCIES_KEPT)) events.push({ channel: r.channel, kind: 'push', at, latencyMs: m });
  }
  return events;
}

export interface CycleRequest {
  /** The channel read in this cycle; null for a local change (nothing is read). */
  origin: string | null;
  kind: CycleKind;
  /** Every watched channel: each gets what moved since its last push. */
  targets: readonly string[];
}

export interface CycleSession {
  connectors: Map<string, Connector>;
  log: Logger;
  clock?: ConnectorDeps['clock'];
  now: () => Date;
  lockTimeoutMs: number;
  /** Set until the first cycle has recorded the watch's start (for `omni status`). */
  startedAt?: string | undefined;
}

export interface CycleResult {
  /** The writer lock was busy past the timeout: nothing was done, the next cycle tries again. */
  skipped?: boolean;
  /** The origin channel's read (and push) worked. */
  originOk: boolean;
  /** Per channel: its push result (absent: nothing to do). */
  results: ChannelResult[];
  /** Channels that answered stale (partly applied): they get a full read next. */
  reconcile: string[];
  /** Sale-to-push latencies (ms) of the movements pushed, per channel. */
  latencies: { channel: string; ms: number }[];
  /** Changes applied or accepted, over every channel. */
  pushed: number;
}

export async function runCycle(ws: Workspace, s: CycleSession, req: CycleRequest): Promise<CycleResult> {
  let lock;
  try {
    lock = await acquireCycleLock(ws, [...new Set([...(req.origin ? [req.origin] : []), ...req.targets])], { timeoutMs: s.lockTimeoutMs, command: 'omni watch' });
  } catch (e) {
    if (!isUserError(e)) throw e;
    s.log.warn(`watch: ${e.message} Skipping this cycle; the next one tries again.`);
    return { skipped: true, originOk: false, results: [], reconcile: [], latencies: [], pushed: 0 };
  }
  try {
    let upTo: QueueMark | undefined;
    const from = new Map<string, QueueMark>();
    const affected = (channel: string): readonly string[] | undefined => {
      // Read inside the engine's transaction, after the pull is booked: nothing can slip between.
      upTo ??= queueMark(ws.db);
      const cursor = watchCursor(ws.db, channel);
      from.set(channel, cursor ?? upTo);
      if (cursor === undefined || (req.kind === 'reconcile' && channel === req.origin)) return undefined;
      return skusMovedSince(ws.db, cursor, upTo);
    };
    const results = await sync(ws, {
      channels: req.targets, dryRun: false, force: false, log: s.log, now: s.now, ...(s.clock ? { clock: s.clock } : {}),
      pulls: req.origin ? { [req.origin]: req.kind === 'reconcile' ? 'full' : 'changes' } : {},
      affected, connectors: s.connectors, quiet: true,
    });
    const out: CycleResult = { originOk: true, results: [], reconcile: [], latencies: [], pushed: 0 };
    const at = s.now().getTime();
    for (const r of results) {
      const landed = (r.counts.applied ?? 0) + (r.counts.accepted ?? 0);
      out.pushed += landed;
      if (r.runId !== null) out.results.push(r);
      if (r.channel === req.origin && r.status === 'failed') out.originOk = false;
      if (r.status === 'failed' || r.status === 'partial') {
        // Not sent, or the channel moved under us: the queue is kept (the next cycle sends it
        // again), and a channel that moved is read in full next.
        if (r.status === 'partial') out.reconcile.push(r.channel);
        continue;
      }
      if (upTo === undefined) continue;
      const cursor = from.get(r.channel);
      if (landed > 0 && cursor !== undefined) {
        for (const t of movementTimes(ws.db, cursor, upTo)) out.latencies.push({ channel: r.channel, ms: Math.max(0, at - Date.parse(t)) });
      }
      // A refusal by a guard is journalled and said; the next reconcile plans it again.
      setWatchCursor(ws.db, r.channel, upTo, s.now());
    }
    recordWatchEvents(ws.db, trail(s, req, out), s.now());
    return out;
  } finally {
    lock.release();
  }
}
