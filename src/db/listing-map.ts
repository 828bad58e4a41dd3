// The owner's mappings of channel skus to master skus (`omni listings map|unmap|import`). A change
// re-matches the remembered listing at once, so `omni status` and `omni listings unmatched` agree
// with it before the next pull.
import type { Db } from './open.js';
import { listingMatcher, type Match, type MatchOptions } from './listing-match.js';

export interface MapEntry { channel: string; channelSku: string; sku: string }

export type MapOutcome = 'created' | 'changed' | 'unchanged';

export function mapListing(db: Db, e: MapEntry, source: 'manual' | 'import'): MapOutcome {
  const c = db.$client;
  const before = c.prepare('SELECT sku FROM listing_map WHERE channel = ? AND channel_sku = ?').pluck().get(e.channel, e.channelSku) as string | undefined;
  if (before === e.sku) return 'unchanged';
  c.prepare(`INSERT INTO listing_map (channel, channel_sku, sku, source) VALUES (@channel, @channelSku, @sku, @source)
    ON CONFLICT (channel, channel_sku) DO UPDATE SET sku = excluded.sku, source = excluded.source`).run({ ...e, source });
  c.prepare("UPDATE channel_listings SET sku = @sku, match = 'map' WHERE channel = @channel AND channel_sku = @channelSku").run(e);
  return before === undefined ? 'created' : 'changed';
}

/** Remove a mapping; the listing is matched again without it (identity, barcode, or unmatched). */
export function unmapListing(db: Db, channel: string, channelSku: string, opts: MatchOptions): { removed: boolean; now: Match } {
  const c = db.$client;
  const removed = c.prepare('DELETE FROM listing_map WHERE channel = ? AND channel_sku = ?').run(channel, channelSku).changes > 0;
  const barcode = c.prepare('SELECT barcode FROM channel_listings WHERE channel = ? AND channel_sku = ?').pluck().get(channel, channelSku) as string | null | undefined;
  const now = listingMatcher(db, channel, opts)(channelSku, barcode ?? undefined);
  c.prepare('UPDATE channel_listings SET sku = ?, match = ? WHERE channel = ? AND channel_sku = ?').run(now.sku, now.match, channel, channelSku);
  return { removed, now };
}

export function mappedSku(db: Db, channel: string, channelSku: string): string | undefined {
  return db.$client.prepare('SELECT sku FROM listing_map WHERE channel = ? AND channel_sku = ?').pluck().get(channel, channelSku) as string | undefined;
}
