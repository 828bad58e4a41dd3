// What each channel last showed (seen) and what omni last sent (pushed), per (channel, sku).
import { and, eq } from 'drizzle-orm';
import type { Db } from './open.js';
import { channelListings } from './schema.js';
import type { RemoteListing } from '../core/connector.js';

export function knownListings(db: Db, channel: string): Map<string, RemoteListing> {
  const rows = db.select().from(channelListings).where(eq(channelListings.channel, channel)).all();
  return new Map(rows.map((r) => [r.sku, {
    sku: r.sku, remoteId: r.remoteId ?? undefined, remoteVariantId: r.remoteVariantId ?? undefined,
    inventoryItemId: r.inventoryItemId ?? undefined, quantity: r.seenQuantity ?? undefined,
    priceMinor: r.seenPriceMinor ?? undefined, contentHash: r.seenContentHash ?? undefined,
    extra: JSON.parse(r.remote) as Record<string, unknown>,
    channelFulfilled: (JSON.parse(r.remote) as { channelFulfilled?: boolean }).channelFulfilled ?? false,
  }]));
}

/** Remember what the pull saw. Listings the channel no longer shows are left as they were. */
export function recordSeen(db: Db, channel: string, listings: readonly RemoteListing[], at: string): void {
  const stmt = db.$client.prepare(`
    INSERT INTO channel_listings (channel, sku, remote_id, remote_variant_id, inventory_item_id,
      seen_quantity, seen_price_minor, seen_content_hash, seen_at, remote)
    VALUES (@channel, @sku, @remoteId, @remoteVariantId, @inventoryItemId, @quantity, @priceMinor, @contentHash, @at, @extra)
    ON CONFLICT (channel, sku) DO UPDATE SET
      remote_id = excluded.remote_id, remote_variant_id = excluded.remote_variant_id,
      inventory_item_id = excluded.inventory_item_id, seen_quantity = excluded.seen_quantity,
      seen_price_minor = excluded.seen_price_minor, seen_content_hash = excluded.seen_content_hash,
      seen_at = excluded.seen_at, remote = excluded.remote`);
  db.transaction(() => {
    for (const l of listings) {
      stmt.run({
        channel, sku: l.sku, remoteId: l.remoteId ?? null, remoteVariantId: l.remoteVariantId ?? null,
        inventoryItemId: l.inventoryItemId ?? null, quantity: l.quantity ?? null, priceMinor: l.priceMinor ?? null,
        contentHash: l.contentHash ?? null, at, extra: JSON.stringify({ ...(l.extra ?? {}), ...(l.channelFulfilled ? { channelFulfilled: true } : {}) }),
      });
    }
  });
}

/** After a change landed, the channel now shows its `after`: remember it as seen and pushed. */
export function recordPushed(db: Db, channel: string, sku: string, action: 'stock' | 'price' | 'content', after: number | string, at: string): void {
  const where = and(eq(channelListings.channel, channel), eq(channelListings.sku, sku));
  if (action === 'stock') db.update(channelListings).set({ seenQuantity: Number(after), pushedQuantity: Number(after), pushedAt: at }).where(where).run();
  if (action === 'price') db.update(channelListings).set({ seenPriceMinor: Number(after), pushedPriceMinor: Number(after), pushedAt: at }).where(where).run();
  if (action === 'content') db.update(channelListings).set({ seenContentHash: String(after), pushedContentHash: String(after), pushedAt: at }).where(where).run();
}

/** A listing omni created on the channel: remembered as seen and pushed, so it is not created again. */
export function recordCreated(db: Db, channel: string, sku: string, desired: { quantity: number; priceMinor: number | null }, at: string): void {
  db.$client.prepare(`INSERT INTO channel_listings (channel, sku, seen_quantity, seen_price_minor, seen_at, pushed_quantity, pushed_price_minor, pushed_at)
    VALUES (@channel, @sku, @q, @p, @at, @q, @p, @at)
    ON CONFLICT (channel, sku) DO UPDATE SET seen_quantity = @q, seen_price_minor = @p, seen_at = @at, pushed_quantity = @q, pushed_price_minor = @p, pushed_at = @at`)
    .run({ channel, sku, q: desired.quantity, p: desired.priceMinor, at });
}
