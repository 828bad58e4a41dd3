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

/**
 * The channel price of `p.price_minor` in SQL, the same IEEE arithmetic as core/price.ts
 * (Math.round is floor + (fraction >= 0.5), also below zero). Only used to leave rows out: the
 * planner re-prices every row that comes through.
 */
function priceSql(price: PriceRule): string {
  if (price.source === 'master' && price.round_to === undefined) return '(CASE WHEN p.price_minor > 0 THEN p.price_minor ELSE 0 END)';
  let p = 'p.price_minor';
  if (price.source === 'markup') p = '(floor(p.price_minor * @factor) + (p.price_minor * @factor - floor(p.price_minor * @factor) >= 0.5))';
  if (price.round_to !== undefined) {
    const base = `(floor(${p} / 100.0) * 100 + @roundTo)`;
    p = `(${base} + 100 * (${base} < ${p}))`;
  }
  return `MAX(0, ${p})`;
}

export function planInput(db: Db, channel: string, rules: ChannelStockRules, price: PriceRule, opts: PlanInputOptions): PlanInput {
  const c = db.$client;
  // Listings of archived products are not planned: counted apart (few) rather than joined (slow).
  // When the table holds this channel only (two seeks tell), a bare count(*) of the table sums the
  // cells per page instead of stepping through every index entry (about 2.5× faster).
  const others = c.prepare('SELECT EXISTS (SELECT 1 FROM channel_listings WHERE channel < @channel) OR EXISTS (SELECT 1 FROM channel_listings WHERE channel > @channel)')
    .pluck().get({ channel }) === 1;
  const listings = others
    ? c.prepare('SELECT count(*) FROM channel_listings WHERE channel = @channel').pluck().get({ channel }) as number
    : c.prepare('SELECT count(*) FROM channel_listings').pluck().get() as number;
  const listedTotal = listings - (c.prepare(`SELECT count(*) FROM channel_listings c JOIN products p ON p.sku = c.sku
    WHERE c.channel = @channel AND p.archived = 1`).pluck().get({ channel }) as number);
  const hasBundles = c.prepare('SELECT EXISTS (SELECT 1 FROM bundle_components)').pluck().get() === 1;

  // Stock: one range lookup of the sku in stock_levels' primary key, its rows (one per location)
  // filtered to stock_from and to positive levels (a negative level counts as 0) and summed.
  // Products are read in sku order (their primary key), so the GROUP BY streams without sorting
  // and each lookup lands next to the previous one. A location named twice in stock_from counts
  // twice, as in core/allocation.ts.
  const locs = [...new Set(rules.stockFrom)];
  const weight = locs.length === rules.stockFrom.length ? ''
    : ` * CASE l.location ${locs.map((l, i) => `WHEN @loc${i} THEN ${rules.stockFrom.filter((x) => x === l).length}`).join(' ')} END`;
  const available = `coalesce(SUM(l.on_hand${weight}), 0)`;
  // The published quantity (core/allocation.ts) for these rules; the common rules need no floats.
  const published = rules.allocation === 1 && Number.isInteger(rules.buffer)
    ? (rules.buffer === 0 ? available : `(CASE WHEN ${available} > @buffer THEN ${available} - @buffer ELSE 0 END)`)
    : `MAX(0, CAST(MAX(0, ${available} - @buffer) * @alloc + 1e-9 AS INTEGER))`;
  // Only the checks this channel pushes; no per-row parameters to test.
  const differs = opts.prefilter === false ? ['1'] : [
    'c.sku IS NULL',
    ...(opts.push.stock ? [`c.seen_quantity IS NOT ${published}`] : []),
    ...(opts.push.price ? [`(p.price_minor IS NOT NULL AND c.seen_price_minor IS NOT ${priceSql(price)})`] : []),
    ...(opts.push.content ? ['(c.seen_content_hash IS NOT NULL AND c.seen_content_hash <> p.content_hash)'] : []),
    ...(hasBundles ? ['p.sku IN (SELECT bundle_sku FROM bundle_components)'] : []),
  ];
  // The decision reads only what it needs; the ~1% of rows that pass are joined back for the rest.
  const stmt = c.prepare(`
    SELECT p.sku, p.title, p.description, p.brand, p.price_minor, p.content_hash, f.available,
      ${hasBundles ? 'p.sku IN (SELECT bundle_sku FROM bundle_components)' : '0'} AS is_bundle,
      c.remote_id, c.remote_variant_id, c.inventory_item_id, c.seen_quantity, c.seen_price_minor,
      c.seen_content_hash, c.remote, c.sku IS NOT NULL AS listed
    FROM (
      SELECT p.sku, ${available} AS available
      FROM products p
      LEFT JOIN channel_listings c ON c.channel = @channel AND c.sku = p.sku
      LEFT JOIN stock_levels l ON l.sku = p.sku AND +l.location IN (${locs.map((_l, i) => `@loc${i}`).join(', ') || 'NULL'}) AND l.on_hand > 0
      WHERE +p.archived = 0
      GROUP BY p.sku
      HAVING ${differs.join('\n        OR ')}
      ORDER BY p.sku) f
    CROSS JOIN products p ON p.sku = f.sku
    LEFT JOIN channel_listings c ON c.channel = @channel AND c.sku = f.sku
    ORDER BY f.sku`);
  const params: Record<string, string | number> = { ...Object.fromEntries(locs.map((l, i) => [`loc${i}`, l])), channel };
  if (stmt.source.includes('@buffer')) params.buffer = rules.buffer;
  if (stmt.source.includes('@alloc')) params.alloc = rules.allocation;
  if (stmt.source.includes('@factor')) params.factor = 1 + price.markup_percent / 100;
  if (price.round_to !== undefined) params.roundTo = price.round_to;
  // The statement runs when the rows are first read (a generator's body is lazy), so an unread
  // PlanInput does not hold the connection busy.
  return { rows: toPlanRows(() => stmt.iterate(params) as IterableIterator<Row>, db, rules, price), listedTotal };
}

function* toPlanRows(query: () => IterableIterator<Row>, db: Db, rules: ChannelStockRules, price: PriceRule): Generator<PlanRow> {
  let bundles: Map<string, number> | undefined;
  const flat = { ...rules, stockFrom: ['all'] };
  for (const r of query()) {
    if (r.is_bundle) bundles ??= bundleQuantities(db, rules);
    yield {
      sku: r.sku,
      desiredQuantity: r.is_bundle ? (bundles!.get(r.sku) ?? 0) : publishedQuantity({ all: r.available }, flat),
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
