// The ledger is omni watch's queue: every stock movement has an increasing id, and each channel
// remembers the last one whose effect it was sent (cursor `watch_movement`). What moved since is
// what a watch cycle plans for that channel: the skus of those movements, and the bundles made of
// them (a bundle's number follows its scarcest part).
import type { Db } from './open.js';
import { readCursors, writeCursors } from './cursors.js';

export const WATCH_CURSOR = 'watch_movement';

/** The newest movement id (0 for an empty ledger). Cheap: the primary key's last entry. */
export function lastMovementId(db: Db): number {
  return db.$client.prepare('SELECT coalesce(max(id), 0) FROM stock_movements').pluck().get() as number;
}

/** The last movement a channel was sent, or undefined before its first watch cycle. */
export function watchCursor(db: Db, channel: string): number | undefined {
  const v = readCursors(db, channel)[WATCH_CURSOR];
  return v === undefined ? undefined : Number(v);
}

export function setWatchCursor(db: Db, channel: string, movementId: number, now: Date): void {
  writeCursors(db, channel, { [WATCH_CURSOR]: String(movementId) }, now);
}

/** Master skus with movements in (after, upTo], and every bundle that holds one of them, sorted. */
export function skusMovedBetween(db: Db, after: number, upTo: number): string[] {
  return db.$client.prepare(`
    WITH moved AS (SELECT DISTINCT sku FROM stock_movements WHERE id > @after AND id <= @upTo)
    SELECT sku FROM moved
    UNION SELECT bundle_sku FROM bundle_components WHERE component_sku IN (SELECT sku FROM moved)
    ORDER BY 1`).pluck().all({ after, upTo }) as string[];
}

/** When the oldest unsent movement in (after, upTo] happened (ISO), for the sale-to-push latency. */
export function movementTimes(db: Db, after: number, upTo: number): string[] {
  return db.$client.prepare(`SELECT coalesce(occurred_at, created_at) FROM stock_movements WHERE id > @after AND id <= @upTo ORDER BY id`)
    .pluck().all({ after, upTo }) as string[];
}
