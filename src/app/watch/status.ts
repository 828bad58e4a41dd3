// omni watch as `omni status` shows it: running or not (its lock), since when, and per channel the
// last read and push, the sale-to-push latency of the last hour and the share of the API's
// documented limit its reads used in that hour.
import type { Workspace } from '../workspace.js';
import { channelWatchFacts, watchStarted } from '../../db/watch-events.js';
import { percentile, rateLimitShare } from '../../core/watch-timing.js';
import { watchRunning } from './process-lock.js';

export interface WatchChannelStatus {
  channel: string;
  lastRead: string | null;
  lastPush: string | null;
  lastError: { at: string; message: string | null } | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  readsLastHour: number;
  /** 0–1 of the documented rate limit (reads × documented cost); null for a channel without an API limit. */
  rateLimitShare: number | null;
}

export interface WatchStatus {
  running: boolean;
  /** When the watch that ran last (or runs now) started. */
  since: string | null;
  channels: WatchChannelStatus[];
}

export function watchStatus(ws: Workspace, now: Date): WatchStatus {
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  const channels: WatchChannelStatus[] = [];
  for (const [name, cfg] of Object.entries(ws.config.channels)) {
    const f = channelWatchFacts(ws.db, name, hourAgo);
    if (!f.lastRead && !f.lastPush && !f.lastError && !ws.config.watch?.channels?.includes(name)) continue;
    channels.push({
      channel: name, lastRead: f.lastRead, lastPush: f.lastPush, lastError: f.lastError,
      latencyP50Ms: percentile(f.latencies, 50) ?? null, latencyP95Ms: percentile(f.latencies, 95) ?? null,
      readsLastHour: f.readsSince, rateLimitShare: rateLimitShare(cfg.type, f.readsSince),
    });
  }
  return { running: watchRunning(ws), since: watchStarted(ws.db), channels };
}
