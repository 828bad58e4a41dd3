// `omni status`: the one screen an owner checks. Per channel: the last successful sync, the last
// failure and its reason, the drift still to push (the planner run against the remembered
// listings, without pulling), and the low-stock count; per scheduled job its last result; and
// the alert conditions still open. Read-only.
import { planChannel } from '../core/plan.js';
import { planInput } from '../db/plan-input.js';
import { unmatchedCounts } from '../db/listings.js';
import { channelRulesOf } from '../config/channel-rules.js';
import { lowStock } from '../db/stock.js';
import { latestRun } from '../db/schedule-state.js';
import { readAlertState, stateFile } from './schedule/state.js';
import { localStateBase } from '../db/master-locks.js';
import type { Workspace } from './workspace.js';

export interface ChannelStatus {
  channel: string;
  enabled: boolean;
  lastOk: string | null;
  lastFailure: { at: string; status: string; error: string | null } | null;
  /** Changes a sync would push now, by kind (from the last pulled state). */
  drift: { stock: number; price: number; content: number; total: number } | null;
  /** Listings the channel showed at its last pull that match no master sku (never pushed to). */
  unmatched: number;
  driftError?: string;
}

import { watchStatus, type WatchStatus } from './watch/status.js';

export interface Status {
  generatedAt: string;
  /** The shop's time zone (config `timezone`): what the human screen shows times in. */
  timezone: string;
  channels: ChannelStatus[];
  lowStock: { count: number; skus: string[] };
  jobs: { job: string; status: string | null; at: string | null; error: string | null }[];
  /** Active alert conditions of every machine on this master; `host`: the machine whose job raised it. */
  alerts: { condition: string; since: string; message: string; host: string }[];
  /** omni watch: running or not, and what it did per channel. */
  watch: WatchStatus;
}

export function workspaceStatus(ws: Workspace, now: Date): Status {
  const unmatched = unmatchedCounts(ws.db);
  const channels = Object.entries(ws.config.channels).map(([name, cfg]): ChannelStatus => {
    const ok = latestRun(ws.db, name, ['ok']);
    const bad = latestRun(ws.db, name, ['failed', 'refused']);
    const s: ChannelStatus = {
      channel: name, enabled: cfg.enabled, lastOk: ok?.finishedAt ?? ok?.startedAt ?? null,
      lastFailure: bad ? { at: bad.finishedAt ?? bad.startedAt, status: bad.status, error: bad.error } : null, drift: null,
      unmatched: unmatched.get(name) ?? 0,
    };
    try {
      const input = planInput(ws.db, name, channelRulesOf(cfg), cfg.price, { push: cfg.push });
      const p = planChannel(input.rows, { channel: name, push: cfg.push, planCreates: false, listedTotal: input.listedTotal }, now).summary;
      s.drift = { stock: p.stock, price: p.price, content: p.content, total: p.stock + p.price + p.content };
    } catch (e) {
      s.driftError = (e as Error).message;
    }
    return s;
  });
  const low = lowStock(ws.db, ws.config.low_stock.default_reorder_point);
  const jobs = Object.keys(ws.config.schedules).map((job) => {
    const r = latestRun(ws.db, `schedule:${job}`);
    return { job, status: r?.status ?? null, at: r ? r.finishedAt ?? r.startedAt : null, error: r?.error ?? null };
  });
  const state = readAlertState(ws.db, stateFile(localStateBase(ws.dbFile, ws.dir)));
  return {
    generatedAt: now.toISOString(), timezone: ws.config.timezone, channels, lowStock: { count: low.length, skus: low.map((l) => l.sku) }, jobs,
    alerts: Object.entries(state.conditions).map(([condition, c]) => ({ condition, since: c.since, message: c.message, host: c.host })),
    watch: watchStatus(ws, now),
  };
}
