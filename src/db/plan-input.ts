// The planner's input, streamed from the database: one row per matched listing of the channel (a
// master sku may have several: an Amazon FBA and a merchant offer) and one per product the channel
// does not list. The pure planner (core/plan.ts) is the definition of what differs; this query
// only pre-filters: it returns every listing that *could* differ (unlisted, a bundle, quantity /
// price / content not what the master wants, units at a secondary location) and leaves out the
// ones that certainly do not, so a million unchanged listings never cross into JavaScript.
// Unmatched listings (no master sku) are never planned. test/sync/plan-input.test.ts checks that
// the pre-filtered plan equals the unfiltered one for every rule.
import { pgClient, type Db } from './open.js';
import type { PgDatabase } from './pg/client.js';
import type { PlanRow } from '../core/plan.js';
import type { BundleComponent } from '../core/allocation.js';
import { rulesFor, type ChannelRules, type RuleKey } from '../core/rules.js';
import { derive } from '../core/derivation.js';
import { channelPrice, type PriceRule } from '../core/price.js';

interface Row {
  sku: string; title: string; description: string | null; brand: string | null;
  price_minor: number | null; content_hash: string; is_bundle: number; levels: string | null;
  channel_sku: string | null; remote_id: string | null; remote_variant_id: string | null; inventory_item_id: string | null;
  seen_quantity: number | null; seen_price_minor: number | null; seen_content_hash: string | null; remote: string | null;
}

export interface PlanInput {
  rows: Iterable<PlanRow>;
  /** How many matched listings of the master's (unarchived) products the channel has in all, filtered out or not. */
  listedTotal: number;
  /** How many listings the channel has, matched or not (what `listings` takes next time). */
  listings: number;
}

export interface PlanInputOptions {
  push: { stock: boolean; price: boolean; content: boolean };
  /** false: return every row (used by tests to check the pre-filter). */
  prefilter?: boolean;
  /**
   * Only these master skus (omni watch: the skus that moved). The plan is the full plan restricted
   * to them: the same rows, rules and pre-filter; `listedTotal` still counts the whole channel so
   * the guards judge shares of the whole catalog.
   */
  skus?: readonly string[] | undefined;
  /** Rows read back per statement on PostgreSQL (default PG_CHUNK; tests lower it to cross chunk edges). */
  pgChunk?: number | undefined;
  /** The channel's listings, matched or not, known already (PostgreSQL's incremental plan): not counted again. */
  listings?: number | undefined;
}

/**
 * The channel price of `p.price_minor` in SQL, the same IEEE arithmetic as core/price.ts
 * (Math.round is floor + (fraction >= 0.5), also below zero). Only used to leave rows out: the
 * planner re-prices every row that comes through.
 */
function priceSql(price: PriceRule): string {
  if (price.source === 'master' && price.round_to === undefined) return '(CASE WHEN p.price_minor > 0 THEN p.price_minor ELSE 0 END)';
  let p = 'p.price_minor';
  // Comparisons cast to INTEGER and parameters to REAL: PostgreSQL neither adds booleans nor
  // guesses a fraction's type from an integer column (the same values on SQLite).
  const factor = 'CAST(@factor AS REAL)';
  if (price.source === 'markup') p = `(floor(p.price_minor * ${factor}) + CAST((p.price_minor * ${factor} - floor(p.price_minor * ${factor}) >= 0.5) AS INTEGER))`;
  if (price.round_to !== undefined) {
    const base = `(floor(${p} / 100.0) * 100 + @roundTo)`;
    p = `(${base} + 100 * CAST((${base} < ${p}) AS INTEGER))`;
  }
  return `MAX(0, ${p})`;
}

/**
 * One rule's value per product, as core/rules.ts resolves it: the first sku override that sets
 * it, else the first brand override, else the channel's. Overridden skus are looked up in a JSON
 * list that SQLite turns into an index once per statement, not per row.
 */
function ruleSql(rules: ChannelRules, key: RuleKey, params: Record<string, string | number>): string {
  // No safety_quantity is 0; no max_quantity is no cap.
  params[`r_${key}`] = rules[key] ?? (key === 'maxQuantity' ? Number.MAX_SAFE_INTEGER : 0);
  const whens: string[] = [];
  (rules.overrides ?? []).forEach((o, i) => {
    if (o[key] === undefined || !o.skus) return;
    params[`os${i}`] = JSON.stringify(o.skus);
    params[`o_${key}_${i}`] = o[key]!;
    whens.push(`WHEN p.sku IN (SELECT value FROM json_each(@os${i})) THEN @o_${key}_${i}`);
  });
  (rules.overrides ?? []).forEach((o, i) => {
    if (o[key] === undefined || o.brand === undefined) return;
    params[`ob${i}`] = o.brand;
    params[`o_${key}_${i}`] = o[key]!;
    whens.push(`WHEN p.brand = @ob${i} THEN @o_${key}_${i}`);
  });
  const value = whens.length ? `(CASE ${whens.join(' ')} ELSE @r_${key} END)` : `@r_${key}`;
  return `CAST(${value} AS REAL)`;
}

/** The published quantity (core/allocation.ts publishFromPool) of `available` in SQL; the common rules need no floats. */
function publishedSql(rules: ChannelRules, available: string, params: Record<string, string | number>): string {
  const plain = (rules.overrides ?? []).length === 0 && rules.allocation === 1 && Number.isInteger(rules.buffer)
    && (rules.safetyQuantity ?? 0) === 0 && rules.maxQuantity === undefined;
  if (plain) {
    if (rules.buffer === 0) return available;
    params.r_buffer = rules.buffer;
    return `(CASE WHEN ${available} > @r_buffer THEN ${available} - @r_buffer ELSE 0 END)`;
  }
  const buffer = ruleSql(rules, 'buffer', params);
  const alloc = ruleSql(rules, 'allocation', params);
  const safety = ruleSql(rules, 'safetyQuantity', params);
  const max = ruleSql(rules, 'maxQuantity', params);
  // floor, then the cast: SQLite's cast truncates, PostgreSQL's rounds (the value is never negative).
  const shared = `MAX(0, CAST(floor(MAX(0, ${available} - ${buffer}) * ${alloc} + 1e-9) AS INTEGER))`;
  return `(CASE WHEN ${available} <= ${safety} THEN 0 ELSE MIN(${shared}, ${max}) END)`;
}

export function planInput(db: Db, channel: string, rules: ChannelRules, price: PriceRule, opts: PlanInputOptions): PlanInput {
  const c = db.$client;
  // Unmatched listings and matched listings of archived products are not planned: both counted
  // apart (few) rather than joined (slow).
  const listings = opts.listings ?? countListings(db, channel);
  const unmatched = c.prepare('SELECT count(*) FROM channel_listings WHERE channel = @channel AND sku IS NULL').pluck().get({ channel }) as number;
  // CROSS JOIN: from the few archived products to their listings, never the other way round.
  const archived = c.prepare(`SELECT count(*) FROM products p CROSS JOIN channel_listings c ON c.channel = @channel AND c.sku = p.sku
    WHERE p.archived = 1`).pluck().get({ channel }) as number;
  const listedTotal = listings - unmatched - archived;
  const hasBundles = c.prepare('SELECT EXISTS (SELECT 1 FROM bundle_components)').pluck().get() === 1;

  // Stock: one range lookup of the sku in stock_levels' key (a WITHOUT ROWID table: the levels sit
  // in the key's own B-tree), its rows filtered to stock_from and to positive levels (a negative
  // level counts as 0) and summed, in a scalar subquery per listing: no GROUP BY over the whole
  // catalog. Products are read in sku order from their narrow products_plan index (sku, archived,
  // price_minor), never their wide rows, and a product's listings in the order of the (channel,
  // sku) index; only the ~1% that pass are sorted and joined back. A location named twice in
  // stock_from counts twice, as in core/allocation.ts.
  const params: Record<string, string | number> = { channel };
  const locs = [...new Set(rules.stockFrom)];
  locs.forEach((l, i) => { params[`loc${i}`] = l; });
  const weight = locs.length === rules.stockFrom.length ? ''
    : ` * CASE l.location ${locs.map((l, i) => `WHEN @loc${i} THEN ${rules.stockFrom.filter((x) => x === l).length}`).join(' ')} END`;
  const pg = pgClient(db);
  const locIn = `IN (${locs.map((_l, i) => `@loc${i}`).join(', ') || 'NULL'})`;
  // PostgreSQL sums every sku's stock in one pass (a grouped scan, hash-joined: no per-row index
  // probe), as an integer: SUM of bigint is numeric there, ten times slower to add and compare.
  const available = pg ? 'coalesce(a.available, 0)'
    : `(SELECT coalesce(SUM(l.on_hand${weight}), 0) FROM stock_levels l
        WHERE l.sku = p.sku AND +l.location ${locIn} AND l.on_hand > 0)`;
  const stockPerSku = `LEFT JOIN (SELECT l.sku, CAST(SUM(l.on_hand${weight}) AS BIGINT) AS available FROM stock_levels l
        WHERE l.location ${locIn} AND l.on_hand > 0 GROUP BY l.sku) a ON a.sku = p.sku`;
  const published = publishedSql(rules, available, params);
  // Only the checks this channel pushes; no per-row parameters to test.
  const differs = opts.prefilter === false ? ['1 = 1'] : [
    'c.channel_sku IS NULL',
    ...(opts.push.stock ? [`c.seen_quantity IS NOT ${published}`, 'c.seen_elsewhere > 0'] : []),
    ...(opts.push.price ? [`(p.price_minor IS NOT NULL AND c.seen_price_minor IS NOT ${priceSql(price)})`] : []),
    ...(opts.push.content ? ['(c.seen_content_hash IS NOT NULL AND c.seen_content_hash <> p.content_hash)'] : []),
    ...(hasBundles ? ['p.sku IN (SELECT bundle_sku FROM bundle_components)'] : []),
  ];
  // The decision reads only what it needs; the ~1% of rows that pass are joined back for the rest,
  // with their levels per location for the derivation (the report's "why").
  // A listing's identity: SQLite's rowid (the (channel, sku) index's implicit last column); PostgreSQL
  // has none, and uses the listing's key within the channel.
  const listing = pg ? 'c.channel_sku' : 'c.rowid';
  const where = `+p.archived = 0${opts.skus ? ' AND p.sku IN (SELECT value FROM json_each(@skus))' : ''}
        AND (${differs.join('\n        OR ')})`;
  // Distinct and in order: PostgreSQL looks them up one by one in this order, and neighbouring
  // keys share their index pages (456 → 265 ms for 20k of 1M skus).
  if (opts.skus) params.skus = JSON.stringify([...new Set(opts.skus)].sort());
  if (price.source === 'markup') params.factor = 1 + price.markup_percent / 100;
  if (price.round_to !== undefined) params.roundTo = price.round_to;
  const bound = (sql: string) => Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`@${k}\\b`).test(sql)));

  if (pg) {
    // PostgreSQL in two steps. The decision is one plain query (not a cursor: the server runs a
    // cursor's query without parallel workers and plans it for its first rows), whose answer is
    // only the keys that pass; their rows are then read back by key, a chunk at a time. Both read
    // the same snapshot when the caller holds a transaction (sync does).
    // For a few skus (watch, the incremental plan) every table is read by key: planned as joins,
    // the server scanned every product and summed every sku's stock to answer for 1% of them.
    const products = opts.skus
      ? `(SELECT p.* FROM (SELECT value AS sku FROM json_each(@skus)) k
        CROSS JOIN LATERAL (SELECT * FROM products p WHERE p.sku = k.sku LIMIT 1) p) p`
      : 'products p';
    const stock = opts.skus
      ? `LEFT JOIN LATERAL (SELECT CAST(SUM(l.on_hand${weight}) AS BIGINT) AS available FROM stock_levels l
        WHERE l.sku = p.sku AND l.location ${locIn} AND l.on_hand > 0) a ON true`
      : stockPerSku;
    const decide = `SELECT p.sku, ${listing} AS listing
      FROM ${products}
      LEFT JOIN channel_listings c ON c.channel = @channel AND c.sku = p.sku${where.includes('a.available') ? `\n      ${stock}` : ''}
      WHERE ${where}
      ORDER BY p.sku, ${listing}`;
    if (opts.skus) {
      // A few skus: their rows come with the decision, in one statement (read back by key, each
      // passing row was looked up twice).
      const one = `SELECT p.sku, p.title, p.description, p.brand, p.price_minor, p.content_hash,
          ${hasBundles ? 'p.sku IN (SELECT bundle_sku FROM bundle_components)' : 'false'} AS is_bundle,
          (SELECT string_agg(s.location || '=' || s.on_hand, ',') FROM stock_levels s WHERE s.sku = p.sku) AS levels,
          c.channel_sku, c.remote_id, c.remote_variant_id, c.inventory_item_id, c.seen_quantity, c.seen_price_minor,
          c.seen_content_hash, c.remote
        FROM ${products}
        LEFT JOIN channel_listings c ON c.channel = @channel AND c.sku = p.sku${where.includes('a.available') ? `\n        ${stock}` : ''}
        WHERE ${where}
        ORDER BY p.sku, ${listing}`;
      return { rows: toPlanRows(() => (c.prepare(one).all(bound(one)) as Row[])[Symbol.iterator](), db, rules, price), listedTotal, listings };
    }
    const keys = () => c.prepare(decide).raw().all(bound(decide)) as [string, string | null][];
    return { rows: toPlanRows(() => pgRowsByKey(pg, channel, hasBundles, keys(), opts.pgChunk ?? PG_CHUNK), db, rules, price), listedTotal, listings };
  }
  // SQLite would read products through their key's index and then each wide row: named, the
  // narrow index is read alone.
  const stmt = c.prepare(`
    SELECT p.sku, p.title, p.description, p.brand, p.price_minor, p.content_hash,
      ${hasBundles ? 'p.sku IN (SELECT bundle_sku FROM bundle_components)' : '0'} AS is_bundle,
      (SELECT group_concat(s.location || '=' || s.on_hand) FROM stock_levels s WHERE s.sku = f.sku) AS levels,
      c.channel_sku, c.remote_id, c.remote_variant_id, c.inventory_item_id, c.seen_quantity, c.seen_price_minor,
      c.seen_content_hash, c.remote
    FROM (
      SELECT p.sku, ${listing} AS listing
      FROM products p INDEXED BY products_plan
      LEFT JOIN channel_listings c ON c.channel = @channel AND c.sku = p.sku
      WHERE ${where}
      ORDER BY p.sku, ${listing}) f
    CROSS JOIN products p ON p.sku = f.sku
    LEFT JOIN channel_listings c ON c.rowid = f.listing
    ORDER BY f.sku, f.listing`);
  // The statement runs when the rows are first read (a generator's body is lazy), so an unread
  // PlanInput does not hold the connection busy.
  return { rows: toPlanRows(() => stmt.iterate(bound(stmt.source)) as IterableIterator<Row>, db, rules, price), listedTotal, listings };
}

/**
 * The channel's listings, matched or not. When the table holds this channel only (two seeks
 * tell), a bare count(*) of the table sums the cells per page instead of stepping through every
 * index entry (about 2.5× faster on SQLite).
 */
function countListings(db: Db, channel: string): number {
  const c = db.$client;
  const others = c.prepare('SELECT EXISTS (SELECT 1 FROM channel_listings WHERE channel < @channel) OR EXISTS (SELECT 1 FROM channel_listings WHERE channel > @channel)')
    .pluck().get({ channel }) === 1;
  return Number(others
    ? c.prepare('SELECT count(*) FROM channel_listings WHERE channel = @channel').pluck().get({ channel })
    : c.prepare('SELECT count(*) FROM channel_listings').pluck().get());
}

/** Keys read back per statement on PostgreSQL: one round trip per chunk, a small answer each. */
const PG_CHUNK = 4096;

/**
 * The planner's rows of `keys` (sku, listing's channel sku or null), in their order, a chunk at a
 * time. Each key looks its rows up by index (a LATERAL with LIMIT 1 is never turned into a join):
 * planned as a join, the server merge-joined a chunk's keys with every product, a full index scan
 * per chunk (35 ms for 1,000 keys among 100k products, against 3 ms by key).
 */
function* pgRowsByKey(pg: PgDatabase, channel: string, hasBundles: boolean, keys: [string, string | null][], chunkSize: number): Generator<Row> {
  const sql = `SELECT p.sku, p.title, p.description, p.brand, p.price_minor, p.content_hash,
      ${hasBundles ? 'p.sku IN (SELECT bundle_sku FROM bundle_components)' : 'false'} AS is_bundle,
      (SELECT string_agg(s.location || '=' || s.on_hand, ',') FROM stock_levels s WHERE s.sku = f.sku) AS levels,
      c.channel_sku, c.remote_id, c.remote_variant_id, c.inventory_item_id, c.seen_quantity, c.seen_price_minor,
      c.seen_content_hash, c.remote
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS f(sku, listing, n)
    CROSS JOIN LATERAL (SELECT * FROM products p WHERE p.sku = f.sku LIMIT 1) p
    LEFT JOIN LATERAL (SELECT * FROM channel_listings c WHERE c.channel = $3 AND c.channel_sku = f.listing LIMIT 1) c ON true
    ORDER BY f.n`;
  for (let at = 0; at < keys.length; at += chunkSize) {
    const chunk = keys.slice(at, at + chunkSize);
    const a = pg.native(sql, [chunk.map((k) => k[0]), chunk.map((k) => k[1]), channel]);
    const fields = a.fields ?? [];
    for (const r of a.rows ?? []) {
      const o: Record<string, unknown> = {};
      fields.forEach((f, i) => { o[f] = r[i]; });
      yield o as unknown as Row;
    }
  }
}

function* toPlanRows(query: () => IterableIterator<Row>, db: Db, rules: ChannelRules, price: PriceRule): Generator<PlanRow> {
  let bundles: BundleStock | undefined;
  for (const r of query()) {
    const eff = rulesFor(rules, r.sku, r.brand);
    if (r.is_bundle) bundles ??= bundleStock(db);
    const d = r.is_bundle
      ? derive({}, eff, { components: bundles!.components.get(r.sku) ?? [], levelsOf: (s) => bundles!.levels.get(s) ?? {} })
      : derive(parseLevels(r.levels), eff);
    yield {
      sku: r.sku,
      desiredQuantity: d.quantity,
      why: d.short,
      desiredPriceMinor: channelPrice(r.price_minor, price),
      desiredContentHash: r.content_hash,
      content: { title: r.title, description: r.description, brand: r.brand },
      remote: r.channel_sku !== null ? {
        sku: r.channel_sku, remoteId: r.remote_id ?? undefined, remoteVariantId: r.remote_variant_id ?? undefined,
        inventoryItemId: r.inventory_item_id ?? undefined, quantity: r.seen_quantity ?? undefined,
        priceMinor: r.seen_price_minor ?? undefined, contentHash: r.seen_content_hash ?? undefined,
        ...(r.remote && r.remote !== '{}' ? fromRemote(r.remote) : {}),
      } : undefined,
    };
  }
}

/** "store=3,warehouse=-1" → { store: 3, warehouse: -1 } (location codes hold no = or ,). */
function parseLevels(text: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!text) return out;
  for (const part of text.split(',')) {
    const at = part.lastIndexOf('=');
    out[part.slice(0, at)] = Number(part.slice(at + 1));
  }
  return out;
}

/** The remembered remote facts: the connector's extras, and the flags omni keeps beside them. */
export function fromRemote(json: string): { extra: Record<string, unknown>; channelFulfilled: boolean; elsewhere?: Record<string, number> } {
  const extra = JSON.parse(json) as Record<string, unknown>;
  const elsewhere = extra.elsewhere as Record<string, number> | undefined;
  return { extra, channelFulfilled: extra.channelFulfilled === true, ...(elsewhere ? { elsewhere } : {}) };
}

interface BundleStock { components: Map<string, BundleComponent[]>; levels: Map<string, Record<string, number>> }

/** Bundles are few: their components and the components' levels, read once per plan. */
function bundleStock(db: Db): BundleStock {
  const components = new Map<string, BundleComponent[]>();
  for (const b of db.$client.prepare('SELECT bundle_sku AS bundle, component_sku AS sku, quantity FROM bundle_components ORDER BY bundle_sku, component_sku').all() as { bundle: string; sku: string; quantity: number }[]) {
    components.set(b.bundle, [...(components.get(b.bundle) ?? []), { sku: b.sku, quantity: b.quantity }]);
  }
  const levels = new Map<string, Record<string, number>>();
  for (const l of db.$client.prepare('SELECT sku, location, on_hand FROM stock_levels WHERE sku IN (SELECT component_sku FROM bundle_components)').all() as { sku: string; location: string; on_hand: number }[]) {
    levels.set(l.sku, { ...levels.get(l.sku), [l.location]: l.on_hand });
  }
  return { components, levels };
}
