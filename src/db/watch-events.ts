// omni watch's trail for `omni status`: reads, pushes (with latencies), failures, the start.
// Written inside a watch cycle (under the writer lock); kept for a day.
import type { Db } from './open.js';

export type WatchEventKind = 'start' | 'read' | 'push' | 'error';

export interface WatchEvent { channel: string; kind: WatchEventKind; at: string; latencyMs?: number | undefined; message?: string | undefined }

const KEEP_MS = 24 * 3600_000;

export function recordWatchEvents(db: Db, events: readonly WatchEvent[], now: Date): void {
  const c = db.$client;
  const insert = c.prepare('INSERT INTO watch_events (channel, kind, at, latency_ms, message) VALUES (?, ?, ?, ?, ?)');
  for (const e of events) insert.run(e.channel, e.kind, e.at, e.latencyMs ?? null, e.message ?? null);
  c.prepare('DELETE FROM watch_events WHERE at < ? AND kind <> \'start\'').run(new Date(now.getTime() - KEEP_MS).toISOString());
}

export interface ChannelWatchFacts {
  lastRead: string | null;
  lastPush: string | null;
  lastError: { at: string; message: string | null } | null;
  /** Latencies of the pushes since `since`, in ms. */
  latencies: number[];
  readsSince: number;
}

export function watchStarted(db: Db): string | null {
  return (db.$client.prepare("SELECT max(at) FROM watch_events WHERE channel = '*' AND kind = 'start'").pluck().get() as string | null) ?? null;
}

export function channelWatchFacts(db: Db, channel: string, since: string): ChannelWatchFacts {
  const c = db.$client;
  const last = (kind: WatchEventKind) => (c.prepare('SELECT max(at) FROM watch_events WHERE channel = ? AND kind = ?').pluck().get(channel, kind) as string | null) ?? null;
  const err = c.prepare("SELECT at, message FROM watch_events WHERE channel = ? AND kind = 'error' ORDER BY at DESC, id DESC LIMIT 1").get(channel) as { at: string; message: string | null } | undefined;
  return {
    lastRead: last('read'), lastPush: last('push'), lastError: err ?? null,
    latencies: c.prepare("SELECT latency_ms FROM watch_events WHERE channel = ? AND kind = 'push' AND at >= ? AND latency_ms IS NOT NULL").pluck().all(channel, since) as number[],
    readsSince: c.prepare("SELECT count(*) FROM watch_events WHERE channel = ? AND kind = 'read' AND at >= ?").pluck().get(channel, since) as number,
  };
}
