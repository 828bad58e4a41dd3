// Which master sku a channel's listing (or order line) is: the owner's mapping first (`omni
// listings map|import`), then the same sku, then — where the channel reports one and the channel
// allows it — the barcode (EAN/UPC/GTIN) of exactly one unarchived product. Nothing is guessed
// beyond that: an unmatched listing is reported and never pushed to.
import type { Db } from './open.js';

export type MatchKind = 'map' | 'identity' | 'barcode';

export type Match = { sku: string; match: MatchKind } | { sku: null; match: null; why: string };

export interface MatchOptions {
  /** Match by barcode when mapping and identity fail (channels.NAME.match_by_barcode). */
  barcode: boolean;
}

/** A 12-digit UPC is the same article as the 13-digit EAN with a leading 0, and back. */
function barcodeForms(code: string): string[] {
  const c = code.trim();
  if (/^\d{12}$/.test(c)) return [c, `0${c}`];
  if (/^0\d{12}$/.test(c)) return [c, c.slice(1)];
  return c ? [c] : [];
}

export function listingMatcher(db: Db, channel: string, opts: MatchOptions): (channelSku: string, barcode?: string | undefined) => Match {
  const c = db.$client;
  const mapped = c.prepare('SELECT sku FROM listing_map WHERE channel = ? AND channel_sku = ?').pluck();
  const product = c.prepare('SELECT sku FROM products WHERE sku = ?').pluck();
  const byBarcode = c.prepare('SELECT sku FROM products WHERE barcode = ? AND archived = 0 LIMIT 2').pluck();
  return (channelSku, barcode) => {
    const m = mapped.get(channel, channelSku) as string | undefined;
    if (m !== undefined) return { sku: m, match: 'map' };
    if (product.get(channelSku) !== undefined) return { sku: channelSku, match: 'identity' };
    if (!barcode) return { sku: null, match: null, why: 'no master sku or mapping' };
    if (!opts.barcode) return { sku: null, match: null, why: 'no master sku or mapping (barcode matching is off)' };
    const found = new Set<string>();
    for (const form of barcodeForms(barcode)) for (const s of byBarcode.all(form) as string[]) found.add(s);
    if (found.size === 1) return { sku: [...found][0]!, match: 'barcode' };
    if (found.size > 1) return { sku: null, match: null, why: `barcode ${barcode} is on ${found.size} products (${[...found].join(', ')})` };
    return { sku: null, match: null, why: `no master sku, mapping or product with barcode ${barcode}` };
  };
}

/** Channel skus an order sku resolver remembers before it starts again (see below). */
const RESOLVED_KEPT = 20_000;

/**
 * The master sku of a channel's sku in an order, a refund or a channel count: the listing's match
 * as the last pull resolved it (barcode included), else the mapping, else the same sku.
 * undefined: none (the line is recorded under the channel's sku and moves no stock).
 */

export function orderSkuResolver(db: Db, channel: string): (channelSku: string) => string | undefined {
  const c = db.$client;
  const listed = c.prepare('SELECT sku FROM channel_listings WHERE channel = ? AND channel_sku = ?').pluck();
  const match = listingMatcher(db, channel, { barcode: false });
  const cache = new Map<string, string | undefined>();
  return (channelSku) => {
    if (cache.has(channelSku)) return cache.get(channelSku);
    const fromListing = listed.get(channel, channelSku) as string | null | undefined;
    const sku = fromListing ?? match(channelSku).sku ?? undefined;
    // Bounded: a POS export of a million lines can name as many skus, and remembering every one
    // held ~100 MB; a shop's usual few thousand stay cached, and a miss is two indexed lookups.
    if (cache.size >= RESOLVED_KEPT) cache.clear();
    cache.set(channelSku, sku);
    return sku;
  };
}
