// The planner's input, streamed from the database. The pure planner (core/plan.ts) is the
// definition of what differs; this query only pre-filters: it returns every sku that *could*
// differ (unlisted, a bundle, quantity/price/content not what the master wants) and leaves out the
// ones that certainly do not, so a million unchanged listings never cross into JavaScript.
// test/sync/plan-input.test.ts checks that the pre-filtered plan equals the unfiltered one.
import type { Db } from './open.js';
import type { PlanRow } from '../core/plan.js';
import type { ChannelStockRules } from '../core/allocation.js';
import { publishedQuantity } from '../core/allocation.js';
import { channelPrice, type PriceRule } from '../core/price.js';

interface Row {
  sku: string; title: string; description: string | null; brand: string | null;
  price_minor: number | null; content_hash: string; available: number; is_bundle: number;
  remote_id: string | null; remote_variant_id: string | null; inventory_item_id: string | null;
  seen_quantity: number | null; seen_price_minor: number | null; seen_content_hash: string | null; remote: string | null; listed: number;
}

export interface PlanInput {
  rows: Iterable<PlanRow>;
  /** How many of the master's skus the channel lists in all (filtered out or not). */
  listedTotal: number;
}

export interface PlanInputOptions {
  push: { stock: boolean; price: boolean; content: boolean };
  /** false: return every sku (used by tests to check the pre-filter). */
  prefilter?: boolean;
}

export function planInput(db: Db, channel: string, rules: ChannelStockRules, price: PriceRule, opts: PlanInputOptions): PlanInput {
  // Listings of archived products are not planned: counted apart (few) rather than joined (slow).
  const listedTotal = (db.$client.prepare(`SELECT
      (SELECT count(*) FROM channel_listings WHERE channel = @channel)
    - (SELECT count(*) FROM channel_listings c JOIN products p ON p.sku = c.sku WHERE c.channel = @channel AND p.archived = 1) AS n`)
    .get({ channel }) as { n: number }).n;
  // Prices are only pre-filtered for the plain rule; markups and rounding are left to the planner.
  const plainPrice = price.source === 'master' && price.round_to === undefined ? 1 : 0;
  // One LEFT JOIN per stock_from location (a handful): each is a primary-key lookup of
  // (sku, location), about twice as fast as a correlated SUM subquery (bench/plan.js).
  const joins = rules.stockFrom.map((_l, i) => `LEFT JOIN stock_levels l${i} ON l${i}.sku = p.sku AND l${i}.location = @loc${i}`).join('\n      ');
  const available = rules.stockFrom.map((_l, i) => `MAX(COALESCE(l${i}.on_hand, 0), 0)`).join(' + ') || '0';
  const stmt = db.$client.prepare(`
    SELECT * FROM (
      SELECT p.sku, p.title, p.description, p.brand, p.price_minor, p.content_hash,
        ${available} AS available,
        p.sku IN (SELECT bundle_sku FROM bundle_components) AS is_bundle,
        c.remote_id, c.remote_variant_id, c.inventory_item_id, c.seen_quantity, c.seen_price_minor,
        c.seen_content_hash, c.remote, c.sku IS NOT NULL AS listed
      FROM products p LEFT JOIN channel_listings c ON c.channel = @channel AND c.sku = p.sku
      ${joins}
      WHERE p.archived = 0)
    WHERE @all OR NOT listed OR is_bundle
      OR (@stock AND (seen_quantity IS NULL OR seen_quantity <> CAST(MAX(0, available - @buffer) * @alloc + 1e-9 AS INTEGER)))
      OR (@price AND price_minor IS NOT NULL AND (NOT @plainPrice OR seen_price_minor IS NOT price_minor))
      OR (@content AND seen_content_hash IS NOT NULL AND seen_content_hash <> content_hash)
    ORDER BY sku`);
  const params = {
    ...Object.fromEntries(rules.stockFrom.map((l, i) => [`loc${i}`, l])),
    channel, all: opts.prefilter === false ? 1 : 0, buffer: rules.buffer, alloc: rules.allocation, plainPrice,
    stock: opts.push.stock ? 1 : 0, price: opts.push.price ? 1 : 0, content: opts.push.content ? 1 : 0,
  };
  return { rows: toPlanRows(stmt.iterate(params) as IterableIterator<Row>, db, rules, price), listedTotal };
}

function* toPlanRows(rows: IterableIterator<Row>, db: Db, rules: ChannelStockRules, price: PriceRule): Generator<PlanRow> {
  let bundles: Map<string, number> | undefined;
  for (const r of rows) {
    if (r.is_bundle) bundles ??= bundleQuantities(db, rules);
    yield {
      sku: r.sku,
      desiredQuantity: r.is_bundle ? (bundles!.get(r.sku) ?? 0) : publishedQuantity({ all: r.available }, { ...rules, stockFrom: ['all'] }),
      desiredPriceMinor: channelPrice(r.price_minor, price),
      desiredContentHash: r.content_hash,
      content: { title: r.title, description: r.description, brand: r.brand },
      remote: r.listed ? {
        sku: r.sku, remoteId: r.remote_id ?? undefined, remoteVariantId: r.remote_variant_id ?? undefined,
        inventoryItemId: r.inventory_item_id ?? undefined, quantity: r.seen_quantity ?? undefined,
        priceMinor: r.seen_price_minor ?? undefined, contentHash: r.seen_content_hash ?? undefined,
        ...(r.remote && r.remote !== '{}' ? fromRemote(r.remote) : {}),
      } : undefined,
    };
  }
}

function fromRemote(json: string): { extra: Record<string, unknown>; channelFulfilled: boolean } {
  const extra = JSON.parse(json) as Record<string, unknown>;
  return { extra, channelFulfilled: extra.channelFulfilled === true };
}

/** Bundles are few: derive each from its components with the same channel rules. */
function bundleQuantities(db: Db, rules: ChannelStockRules): Map<string, number> {
  const comps = db.$client.prepare(`
    SELECT b.bundle_sku AS bundle, b.quantity,
      COALESCE((SELECT SUM(MAX(l.on_hand, 0)) FROM stock_levels l
                WHERE l.sku = b.component_sku AND l.location IN (SELECT value FROM json_each(?))), 0) AS available
    FROM bundle_components b`).all(JSON.stringify(rules.stockFrom)) as { bundle: string; quantity: number; available: number }[];
  const out = new Map<string, number>();
  for (const c of comps) {
    const can = Math.floor(publishedQuantity({ all: c.available }, { ...rules, stockFrom: ['all'] }) / c.quantity);
    out.set(c.bundle, Math.min(out.get(c.bundle) ?? Number.POSITIVE_INFINITY, can));
  }
  return out;
}
