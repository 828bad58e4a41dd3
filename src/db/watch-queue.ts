// The ledger is omni watch's queue: every stock movement has an increasing id, and each channel
// remembers where the queue stood when its last push was planned (cursor `watch_movement`, and on
// PostgreSQL `watch_snapshot`: runners commit out of order there, see queue-mark.ts). What moved
// since is what a watch cycle plans for that channel: the skus of those movements, and the
// bundles made of them (a bundle's number follows its scarcest part).
import type { Db } from './open.js';
import { readCursors, writeCursors } from './cursors.js';
import { afterMark, markOf, rowsOf, type QueueMark } from './queue-mark.js';

export type { QueueMark } from './queue-mark.js';

export const WATCH_CURSOR = 'watch_movement';
const WATCH_SNAPSHOT = 'watch_snapshot';
/**
 * PostgreSQL: the marking transaction's own id, as `movement id:tx` so it is only read with the
 * cursor it was saved with (an older omni moves the cursor without it). Without it a cycle's own
 * movements, booked by its pull before the mark, looked moved after the saved cursor: the look
 * between cycles found them and ran a second cycle for what was planned already.
 */
const WATCH_TX = 'watch_tx';

/** Where the ledger stands now (see queue-mark.ts). */
export function queueMark(db: Db): QueueMark {
  return markOf(db, 'stock_movements');
}

/** Where the queue stood at a channel's last planned push, or undefined before its first watch cycle. */
export function watchCursor(db: Db, channel: string): QueueMark | undefined {
  const c = readCursors(db, channel);
  const v = c[WATCH_CURSOR];
  if (v === undefined) return undefined;
  const tx = c[WATCH_TX]?.startsWith(`${v}:`) ? c[WATCH_TX].slice(v.length + 1) : '';
  return { id: Number(v), snapshot: c[WATCH_SNAPSHOT], ...(tx ? { tx } : {}) };
}

export function setWatchCursor(db: Db, channel: string, mark: QueueMark, now: Date): void {
  writeCursors(db, channel, {
    [WATCH_CURSOR]: String(mark.id),
    ...(mark.snapshot ? { [WATCH_SNAPSHOT]: mark.snapshot, [WATCH_TX]: `${mark.id}:${mark.tx ?? ''}` } : {}),
  }, now);
}

/** Master skus that moved after `from` up to `upTo`, and every bundle that holds one of them, sorted. */
export function skusMovedSince(db: Db, from: QueueMark, upTo: QueueMark): string[] {
  const m = afterMark(db, from, upTo);
  return rowsOf(db, `
    WITH moved AS (SELECT DISTINCT sku FROM stock_movements WHERE ${m.where})
    SELECT sku FROM moved
    UNION SELECT bundle_sku FROM bundle_components WHERE component_sku IN (SELECT sku FROM moved)
    ORDER BY 1`, m.params).map((r) => r[0] as string);
}

/** Whether anything moved after `mark` (omni watch's look at the ledger between cycles). */
export function movedAfter(db: Db, mark: QueueMark): boolean {
  const m = afterMark(db, mark);
  return rowsOf(db, `SELECT EXISTS (SELECT 1 FROM stock_movements WHERE ${m.where})`, m.params)[0]![0] ? true : false;
}

/** When each movement after `from` up to `upTo` happened (ISO), for the sale-to-push latency. */
export function movementTimes(db: Db, from: QueueMark, upTo: QueueMark): string[] {
  const m = afterMark(db, from, upTo);
  return rowsOf(db, `SELECT coalesce(occurred_at, created_at) FROM stock_movements WHERE ${m.where} ORDER BY id`, m.params).map((r) => r[0] as string);
}
