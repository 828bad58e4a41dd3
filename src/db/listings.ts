// What each channel last showed (seen) and what omni last sent (pushed), per listing: (channel,
// channel sku), matched to a master sku when the pull is recorded (db/listing-match.ts).
import type { Db } from './open.js';
import type { RemoteListing } from '../core/connector.js';
import { listingMatcher, type MatchKind, type MatchOptions } from './listing-match.js';
import { fromRemote } from './plan-input.js';

interface ListingRow {
  channel_sku: string; remote_id: string | null; remote_variant_id: string | null; inventory_item_id: string | null;
  seen_quantity: number | null; seen_price_minor: number | null; seen_content_hash: string | null; remote: string;
}

/** The remembered listings of a channel, by the channel's sku (what a pull may need back). */
export function knownListings(db: Db, channel: string): Map<string, RemoteListing> {
  const rows = db.$client.prepare('SELECT * FROM channel_listings WHERE channel = ?').all(channel) as ListingRow[];
  return new Map(rows.map((r) => [r.channel_sku, {
    sku: r.channel_sku, remoteId: r.remote_id ?? undefined, remoteVariantId: r.remote_variant_id ?? undefined,
    inventoryItemId: r.inventory_item_id ?? undefined, quantity: r.seen_quantity ?? undefined,
    priceMinor: r.seen_price_minor ?? undefined, contentHash: r.seen_content_hash ?? undefined,
    ...fromRemote(r.remote),
  }]));
}

/** A listing the pull saw that matches no master sku: reported, never pushed to. */
export interface UnmatchedListing {
  channelSku: string;
  title?: string | undefined;
  barcode?: string | undefined;
  why: string;
}

export interface SeenSummary {
  matched: number;
  unmatched: UnmatchedListing[];
  /** Master skus the channel sells under more than one merchant-fulfilled listing: each gets the full number. */
  shared: { sku: string; channelSkus: string[] }[];
  /** Units at channel locations omni does not manage, for matched listings, by location name. */
  unmanaged: { location: string; units: number; skus: { sku: string; units: number }[] }[];
}

/**
 * Remember what the pull saw, each listing matched to its master sku. Listings the channel no
 * longer shows are left as they were (and keep their match).
 */
export function recordSeen(db: Db, channel: string, listings: readonly RemoteListing[], at: string, opts: MatchOptions): SeenSummary {
  const stmt = db.$client.prepare(`
    INSERT INTO channel_listings (channel, channel_sku, sku, match, barcode, title, remote_id, remote_variant_id, inventory_item_id,
      seen_quantity, seen_elsewhere, seen_price_minor, seen_content_hash, seen_at, remote)
    VALUES (@channel, @channelSku, @sku, @match, @barcode, @title, @remoteId, @remoteVariantId, @inventoryItemId,
      @quantity, @elsewhere, @priceMinor, @contentHash, @at, @extra)
    ON CONFLICT (channel, channel_sku) DO UPDATE SET
      sku = excluded.sku, match = excluded.match, barcode = excluded.barcode, title = excluded.title,
      remote_id = excluded.remote_id, remote_variant_id = excluded.remote_variant_id,
      inventory_item_id = excluded.inventory_item_id, seen_quantity = excluded.seen_quantity, seen_elsewhere = excluded.seen_elsewhere,
      seen_price_minor = excluded.seen_price_minor, seen_content_hash = excluded.seen_content_hash,
      seen_at = excluded.seen_at, remote = excluded.remote`);
  const match = listingMatcher(db, channel, opts);
  const summary: SeenSummary = { matched: 0, unmatched: [], shared: [], unmanaged: [] };
  const merchant = new Map<string, string[]>();
  const unmanaged = new Map<string, Map<string, number>>();
  db.transaction(() => {
    for (const l of listings) {
      const m = match(l.sku, l.barcode);
      if (m.sku === null) summary.unmatched.push({ channelSku: l.sku, title: l.title, barcode: l.barcode, why: m.why });
      else {
        summary.matched++;
        if (!l.channelFulfilled) merchant.set(m.sku, [...(merchant.get(m.sku) ?? []), l.sku]);
        for (const [loc, q] of Object.entries(l.unmanaged ?? {})) {
          if (q <= 0) continue;
          const bySku = unmanaged.get(loc) ?? new Map<string, number>();
          bySku.set(m.sku, (bySku.get(m.sku) ?? 0) + q);
          unmanaged.set(loc, bySku);
        }
      }
      const remote = { ...(l.extra ?? {}), ...(l.channelFulfilled ? { channelFulfilled: true } : {}), ...(l.elsewhere ? { elsewhere: l.elsewhere } : {}) };
      stmt.run({
        channel, channelSku: l.sku, sku: m.sku, match: m.match, barcode: l.barcode ?? null, title: l.title ?? null,
        remoteId: l.remoteId ?? null, remoteVariantId: l.remoteVariantId ?? null, inventoryItemId: l.inventoryItemId ?? null,
        quantity: l.quantity ?? null, elsewhere: l.elsewhere ? Object.values(l.elsewhere).filter((q) => q !== 0).length : null,
        priceMinor: l.priceMinor ?? null, contentHash: l.contentHash ?? null, at, extra: JSON.stringify(remote),
      });
    }
  });
  summary.shared = [...merchant].filter(([, skus]) => skus.length > 1).map(([sku, channelSkus]) => ({ sku, channelSkus }));
  summary.unmanaged = [...unmanaged].map(([location, bySku]) => ({
    location, units: [...bySku.values()].reduce((a, b) => a + b, 0),
    skus: [...bySku].map(([sku, units]) => ({ sku, units })).sort((a, b) => b.units - a.units || a.sku.localeCompare(b.sku)),
  }));
  return summary;
}

/**
 * After a change landed, the channel now shows its `after`: remember it as seen and pushed. A
 * stock change at a secondary location updates that location's remembered quantity.
 */
export function recordPushed(db: Db, channel: string, channelSku: string, action: 'stock' | 'price' | 'content', after: number | string, at: string, location?: string): void {
  const c = db.$client;
  const key = { channel, channelSku, after, at };
  if (action === 'stock' && location !== undefined) {
    const row = c.prepare('SELECT remote FROM channel_listings WHERE channel = ? AND channel_sku = ?').pluck().get(channel, channelSku) as string | undefined;
    if (row === undefined) return;
    const remote = JSON.parse(row) as { elsewhere?: Record<string, number> };
    remote.elsewhere = { ...remote.elsewhere, [location]: Number(after) };
    c.prepare('UPDATE channel_listings SET remote = @remote, seen_elsewhere = @n WHERE channel = @channel AND channel_sku = @channelSku')
      .run({ channel, channelSku, remote: JSON.stringify(remote), n: Object.values(remote.elsewhere).filter((q) => q !== 0).length });
    return;
  }
  const set = { stock: 'seen_quantity = @after, pushed_quantity = @after', price: 'seen_price_minor = @after, pushed_price_minor = @after', content: 'seen_content_hash = @after, pushed_content_hash = @after' }[action];
  c.prepare(`UPDATE channel_listings SET ${set}, pushed_at = @at WHERE channel = @channel AND channel_sku = @channelSku`)
    .run({ ...key, after: action === 'content' ? String(after) : Number(after) });
}

/** A listing omni created on the channel (under the master sku): remembered as seen and pushed, so it is not created again. */
export function recordCreated(db: Db, channel: string, sku: string, desired: { quantity: number; priceMinor: number | null }, at: string): void {
  db.$client.prepare(`INSERT INTO channel_listings (channel, channel_sku, sku, match, seen_quantity, seen_price_minor, seen_at, pushed_quantity, pushed_price_minor, pushed_at)
    VALUES (@channel, @sku, @sku, 'identity', @q, @p, @at, @q, @p, @at)
    ON CONFLICT (channel, channel_sku) DO UPDATE SET seen_quantity = @q, seen_price_minor = @p, seen_at = @at, pushed_quantity = @q, pushed_price_minor = @p, pushed_at = @at`)
    .run({ channel, sku, q: desired.quantity, p: desired.priceMinor, at });
}

export interface ListingView {
  channel: string;
  channelSku: string;
  sku: string | null;
  match: MatchKind | null;
  /** The owner's mapping, if one exists (it may not be what the listing matches yet: the next pull applies it). */
  mappedTo: string | null;
  mapSource: 'manual' | 'import' | null;
  title: string | null;
  barcode: string | null;
  seenQuantity: number | null;
  seenAt: string | null;
  pushedQuantity: number | null;
  pushedAt: string | null;
  channelFulfilled: boolean;
}

/** Listings (and mappings not seen on the channel yet), filtered; for `omni listings` and `omni explain`. */
export function listListings(db: Db, f: { channel?: string | undefined; sku?: string | undefined; unmatched?: boolean } = {}): ListingView[] {
  const where: string[] = [];
  if (f.channel) where.push('x.channel = @channel');
  if (f.sku) where.push('(x.sku = @sku OR x.mapped_to = @sku)');
  if (f.unmatched) where.push('x.sku IS NULL AND x.listed = 1');
  const rows = db.$client.prepare(`
    SELECT * FROM (
      SELECT c.channel, c.channel_sku, c.sku, c.match, m.sku AS mapped_to, m.source AS map_source, c.title, c.barcode,
        c.seen_quantity, c.seen_at, c.pushed_quantity, c.pushed_at, c.remote, 1 AS listed
      FROM channel_listings c LEFT JOIN listing_map m ON m.channel = c.channel AND m.channel_sku = c.channel_sku
      UNION ALL
      SELECT m.channel, m.channel_sku, NULL, NULL, m.sku, m.source, NULL, NULL, NULL, NULL, NULL, NULL, '{}', 0
      FROM listing_map m WHERE NOT EXISTS (SELECT 1 FROM channel_listings c WHERE c.channel = m.channel AND c.channel_sku = m.channel_sku)
    ) x ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY x.channel, coalesce(x.sku, x.mapped_to, x.channel_sku), x.channel_sku`)
    .all({ ...(f.channel ? { channel: f.channel } : {}), ...(f.sku ? { sku: f.sku } : {}) }) as {
      channel: string; channel_sku: string; sku: string | null; match: MatchKind | null; mapped_to: string | null; map_source: 'manual' | 'import' | null;
      title: string | null; barcode: string | null; seen_quantity: number | null; seen_at: string | null; pushed_quantity: number | null; pushed_at: string | null; remote: string;
    }[];
  return rows.map((r) => ({
    channel: r.channel, channelSku: r.channel_sku, sku: r.sku, match: r.match, mappedTo: r.mapped_to, mapSource: r.map_source,
    title: r.title, barcode: r.barcode, seenQuantity: r.seen_quantity, seenAt: r.seen_at, pushedQuantity: r.pushed_quantity, pushedAt: r.pushed_at,
    channelFulfilled: fromRemote(r.remote).channelFulfilled,
  }));
}

/** Unmatched listings per channel (for `omni status`). */
export function unmatchedCounts(db: Db): Map<string, number> {
  const rows = db.$client.prepare('SELECT channel, count(*) AS n FROM channel_listings WHERE sku IS NULL GROUP BY channel').all() as { channel: string; n: number }[];
  return new Map(rows.map((r) => [r.channel, r.n]));
}

/** Per (channel, master sku): how many matched listings take omni's number and how many the channel fulfils itself (FBA). */
export function listingKinds(db: Db, sku?: string): Map<string, { merchant: number; channel: number }> {
  const rows = db.$client.prepare(`SELECT channel, sku, remote FROM channel_listings WHERE sku IS NOT NULL${sku ? ' AND sku = ?' : ''}`)
    .all(...(sku ? [sku] : [])) as { channel: string; sku: string; remote: string }[];
  const out = new Map<string, { merchant: number; channel: number }>();
  for (const r of rows) {
    const key = `${r.channel}\u0000${r.sku}`;
    const k = out.get(key) ?? { merchant: 0, channel: 0 };
    if (fromRemote(r.remote).channelFulfilled) k.channel++; else k.merchant++;
    out.set(key, k);
  }
  return out;
}
