// The master: every table of the design, defined once so the model is reviewed as a whole.
// Money is integer minor units (cents) with a currency; times are ISO-8601 UTC text; stock is
// integers per (sku, location), changed only through the ledger (`stock_movements`).
import { sql } from 'drizzle-orm';
import {
  sqliteTable, text, integer, primaryKey, uniqueIndex, index,
} from 'drizzle-orm/sqlite-core';

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const products = sqliteTable('products', {
  sku: text('sku').primaryKey(),
  title: text('title').notNull(),
  description: text('description'),
  brand: text('brand'),
  barcode: text('barcode'),
  priceMinor: integer('price_minor'),
  costMinor: integer('cost_minor'),
  currency: text('currency').notNull().default('EUR'),
  /** JSON object of free-form attributes (colour, size, …). */
  attributes: text('attributes').notNull().default('{}'),
  /** Hash of the content a channel shows (title, description, brand, attributes). */
  contentHash: text('content_hash').notNull().default(''),
  reorderPoint: integer('reorder_point'),
  reorderQty: integer('reorder_qty'),
  archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
}, (t) => [
  index('products_barcode').on(t.barcode), index('products_archived').on(t.archived),
  // The plan reads every product in sku order for these two columns only: from this narrow index
  // instead of a lookup of each (wide) row.
  index('products_plan').on(t.sku, t.archived, t.priceMinor),
]);

/** A bundle (kit) sells as one sku and is made of components; its stock is derived, never held. */
export const bundleComponents = sqliteTable('bundle_components', {
  bundleSku: text('bundle_sku').notNull().references(() => products.sku),
  componentSku: text('component_sku').notNull().references(() => products.sku),
  quantity: integer('quantity').notNull(),
}, (t) => [primaryKey({ columns: [t.bundleSku, t.componentSku] })]);

/** Where units physically are. `managedBy` names the channel or supplier that owns the count. */
export const locations = sqliteTable('locations', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['store', 'warehouse', 'channel', 'supplier'] }).notNull(),
  managedBy: text('managed_by'),
  createdAt: createdAt(),
});

/** The append-only ledger. The idempotency key makes re-applying a movement a no-op. */
export const stockMovements = sqliteTable('stock_movements', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sku: text('sku').notNull().references(() => products.sku),
  location: text('location').notNull().references(() => locations.code),
  delta: integer('delta').notNull(),
  kind: text('kind', {
    enum: ['sale', 'cancel', 'return', 'receipt', 'count', 'transfer', 'adjustment', 'import'],
  }).notNull(),
  reason: text('reason'),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  /** What caused it: an order, a PO, a sync run, a file. Free text, for people. */
  ref: text('ref'),
  /**
   * When the units moved, where that is not the booking time: a till sale's time, a count's
   * "as of". Null means created_at. A count as of T keeps every movement that occurred after T.
   */
  occurredAt: text('occurred_at'),
  /**
   * For a key the user chose (`-k`): the command's parameters as canonical JSON. The same key with
   * other parameters is refused instead of silently dropped.
   */
  keyParams: text('key_params'),
  createdAt: createdAt(),
}, (t) => [index('stock_movements_sku_location').on(t.sku, t.location)]);

/** On-hand per (sku, location): the ledger's sum, kept in the same transaction as each movement. */
export const stockLevels = sqliteTable('stock_levels', {
  sku: text('sku').notNull().references(() => products.sku),
  location: text('location').notNull().references(() => locations.code),
  onHand: integer('on_hand').notNull().default(0),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
}, (t) => [primaryKey({ columns: [t.sku, t.location] })]);

/**
 * One listing on a channel, identified by the channel's own sku (`channel_sku`: a seller sku, a
 * variant sku), with what it last showed (seen) and what omni last sent (pushed). `sku` is the
 * master sku it is matched to (null: unmatched, never pushed to); `match` says how (map, identity,
 * barcode). Several listings may match one master sku (an Amazon FBA and a merchant offer).
 */
export const channelListings = sqliteTable('channel_listings', {
  channel: text('channel').notNull(),
  channelSku: text('channel_sku').notNull(),
  sku: text('sku'),
  match: text('match', { enum: ['map', 'identity', 'barcode'] }),
  /** The barcode (EAN/UPC/GTIN) the channel reports for the listing, if any. */
  barcode: text('barcode'),
  /** What the channel calls it, so a person can find an unmatched listing. */
  title: text('title'),
  remoteId: text('remote_id'),
  remoteVariantId: text('remote_variant_id'),
  inventoryItemId: text('inventory_item_id'),
  seenQuantity: integer('seen_quantity'),
  /** How many of the channel's other managed locations hold a non-zero quantity (omni sets them to 0). */
  seenElsewhere: integer('seen_elsewhere'),
  seenPriceMinor: integer('seen_price_minor'),
  seenContentHash: text('seen_content_hash'),
  seenAt: text('seen_at'),
  pushedQuantity: integer('pushed_quantity'),
  pushedPriceMinor: integer('pushed_price_minor'),
  pushedContentHash: text('pushed_content_hash'),
  pushedAt: text('pushed_at'),
  /** Connector-specific remote facts (JSON), e.g. per-location quantities. */
  remote: text('remote').notNull().default('{}'),
}, (t) => [primaryKey({ columns: [t.channel, t.channelSku] }), index('channel_listings_channel_sku').on(t.channel, t.sku)]);

/**
 * The owner's word on which master sku a channel sku is (`omni listings map|import`): checked before
 * identity and barcode. `source` is manual (one command) or import (a CSV).
 */
export const listingMap = sqliteTable('listing_map', {
  channel: text('channel').notNull(),
  channelSku: text('channel_sku').notNull(),
  sku: text('sku').notNull().references(() => products.sku),
  source: text('source', { enum: ['manual', 'import'] }).notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.channel, t.channelSku] }), index('listing_map_sku').on(t.sku)]);

/** A supplier's or channel's sku mapped to the master sku. `source` is e.g. `supplier:acme`. */
export const skuAliases = sqliteTable('sku_aliases', {
  source: text('source').notNull(),
  alias: text('alias').notNull(),
  sku: text('sku').notNull().references(() => products.sku),
}, (t) => [primaryKey({ columns: [t.source, t.alias] })]);

export const customers = sqliteTable('customers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name'),
  /** Lower-cased, trimmed; gmail dots are kept (they are only equivalent on one provider). */
  email: text('email'),
  /** E.164, e.g. +4915112345678. */
  phone: text('phone'),
  /** Set when merged into another customer; kept so a merge can be undone. */
  mergedInto: integer('merged_into'),
  createdAt: createdAt(),
}, (t) => [index('customers_email').on(t.email), index('customers_phone').on(t.phone)]);

/** One row per merge of one customer into another, with exactly what moved, so a split undoes it. */
export const customerMerges = sqliteTable('customer_merges', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The customer merged away (its row stays, with `merged_into` set). */
  sourceId: integer('source_id').notNull().references(() => customers.id),
  targetId: integer('target_id').notNull().references(() => customers.id),
  /** JSON [{channel, remoteId}]: the identities moved from source to target. */
  identities: text('identities').notNull().default('[]'),
  /** JSON [order id]: the orders moved from source to target. */
  orderIds: text('order_ids').notNull().default('[]'),
  reason: text('reason'),
  mergedAt: text('merged_at').notNull(),
  /** Set when the merge was undone. */
  splitAt: text('split_at'),
}, (t) => [index('customer_merges_source').on(t.sourceId), index('customer_merges_target').on(t.targetId)]);

export const customerIdentities = sqliteTable('customer_identities', {
  channel: text('channel').notNull(),
  remoteId: text('remote_id').notNull(),
  customerId: integer('customer_id').notNull().references(() => customers.id),
  email: text('email'),
  phone: text('phone'),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.channel, t.remoteId] })]);

export const orders = sqliteTable('orders', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  channel: text('channel').notNull(),
  remoteId: text('remote_id').notNull(),
  /** What the shop calls the order when it differs from the id (Shopify's "#1004"). */
  name: text('name'),
  status: text('status', { enum: ['open', 'fulfilled', 'cancelled', 'refunded'] }).notNull(),
  /** Who fulfils: the merchant (moves our stock) or the channel (FBA: its count already does). */
  fulfilment: text('fulfilment', { enum: ['merchant', 'channel'] }).notNull().default('merchant'),
  customerId: integer('customer_id').references(() => customers.id),
  currency: text('currency').notNull(),
  totalMinor: integer('total_minor').notNull().default(0),
  placedAt: text('placed_at').notNull(),
  remoteUpdatedAt: text('remote_updated_at'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('orders_channel_remote').on(t.channel, t.remoteId)]);

export const orderLines = sqliteTable('order_lines', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  orderId: integer('order_id').notNull().references(() => orders.id),
  /** The channel's own line id, so a re-pulled order matches its lines. */
  lineKey: text('line_key').notNull(),
  /** The master sku (the channel's own sku when it matches none). */
  sku: text('sku').notNull(),
  /** The sku the channel sold it under, when it differs from the master sku. */
  channelSku: text('channel_sku'),
  quantity: integer('quantity').notNull(),
  unitPriceMinor: integer('unit_price_minor').notNull().default(0),
  /** The location the sale was taken from (null for channel-fulfilled lines). */
  location: text('location'),
}, (t) => [uniqueIndex('order_lines_order_line').on(t.orderId, t.lineKey)]);

/**
 * A bundle sold is its components sold: what one bundle of the line was made of when it was sold,
 * and where each component was taken from (null: the channel fulfilled it). Cancels and returns of
 * the line move exactly these.
 */
export const orderLineComponents = sqliteTable('order_line_components', {
  orderLineId: integer('order_line_id').notNull().references(() => orderLines.id),
  sku: text('sku').notNull().references(() => products.sku),
  /** Units of this component in one bundle. */
  quantity: integer('quantity').notNull(),
  location: text('location').references(() => locations.code),
}, (t) => [primaryKey({ columns: [t.orderLineId, t.sku] })]);

export const returns = sqliteTable('returns', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  orderLineId: integer('order_line_id').references(() => orderLines.id),
  channel: text('channel').notNull(),
  /** The channel's refund id, unique per channel when the return was pulled. */
  remoteId: text('remote_id'),
  sku: text('sku').notNull(),
  quantity: integer('quantity').notNull(),
  location: text('location').references(() => locations.code),
  disposition: text('disposition', { enum: ['restock', 'damaged'] }).notNull(),
  refundMinor: integer('refund_minor'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('returns_channel_remote').on(t.channel, t.remoteId)]);

export const suppliers = sqliteTable('suppliers', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  currency: text('currency').notNull().default('EUR'),
  leadTimeDays: integer('lead_time_days'),
  /** A location whose count this supplier's feed sets (dropship stock). */
  dropshipLocation: text('dropship_location').references(() => locations.code),
  createdAt: createdAt(),
});

export const supplierItems = sqliteTable('supplier_items', {
  supplier: text('supplier').notNull().references(() => suppliers.code),
  supplierSku: text('supplier_sku').notNull(),
  sku: text('sku').references(() => products.sku),
  barcode: text('barcode'),
  title: text('title'),
  costMinor: integer('cost_minor'),
  currency: text('currency').notNull().default('EUR'),
  stock: integer('stock'),
  packSize: integer('pack_size').notNull().default(1),
  minOrder: integer('min_order').notNull().default(1),
  leadTimeDays: integer('lead_time_days'),
  /** Hash of the feed row, so a re-import writes only rows that changed. */
  rowHash: text('row_hash'),
  lastSeenAt: text('last_seen_at'),
}, (t) => [primaryKey({ columns: [t.supplier, t.supplierSku] }), index('supplier_items_sku').on(t.sku)]);

export const purchaseOrders = sqliteTable('purchase_orders', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  number: text('number').notNull().unique(),
  supplier: text('supplier').notNull().references(() => suppliers.code),
  status: text('status', { enum: ['draft', 'sent', 'partial', 'received', 'cancelled'] }).notNull(),
  currency: text('currency').notNull(),
  expectedAt: text('expected_at'),
  createdAt: createdAt(),
});

export const purchaseOrderLines = sqliteTable('purchase_order_lines', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  poId: integer('po_id').notNull().references(() => purchaseOrders.id),
  sku: text('sku').notNull().references(() => products.sku),
  quantity: integer('quantity').notNull(),
  costMinor: integer('cost_minor').notNull(),
}, (t) => [uniqueIndex('po_lines_po_sku').on(t.poId, t.sku)]);

export const receipts = sqliteTable('receipts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  poId: integer('po_id').references(() => purchaseOrders.id),
  sku: text('sku').notNull().references(() => products.sku),
  quantity: integer('quantity').notNull(),
  location: text('location').notNull().references(() => locations.code),
  /** The ledger movement this receipt wrote. */
  movementKey: text('movement_key').notNull().unique(),
  receivedAt: createdAt(),
});

export const syncRuns = sqliteTable('sync_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** A channel name, or e.g. `import:acme` / `schedule:nightly` for other jobs. */
  job: text('job').notNull(),
  status: text('status', { enum: ['running', 'ok', 'failed', 'refused', 'partial', 'dry-run'] }).notNull(),
  dryRun: integer('dry_run', { mode: 'boolean' }).notNull().default(false),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
  /** JSON summary: counts per action and outcome. */
  summary: text('summary').notNull().default('{}'),
  error: text('error'),
  reportPath: text('report_path'),
});

export const syncChanges = sqliteTable('sync_changes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  runId: integer('run_id').notNull().references(() => syncRuns.id),
  channel: text('channel').notNull(),
  /** The master sku. */
  sku: text('sku').notNull(),
  /** The listing's sku on the channel, when it differs from the master sku. */
  channelSku: text('channel_sku'),
  /** For a stock change at one of the channel's other locations (set to 0): that omni location. */
  location: text('location'),
  action: text('action', { enum: ['stock', 'price', 'content', 'create'] }).notNull(),
  before: text('before'),
  after: text('after'),
  idempotencyKey: text('idempotency_key').notNull(),
  /** `accepted`: the channel took it and a later run confirms it (then it becomes applied or failed). */
  outcome: text('outcome', { enum: ['planned', 'applied', 'accepted', 'failed', 'stale', 'skipped'] }).notNull(),
  message: text('message'),
  /** For an accepted change: what the connector needs to confirm it (e.g. `feed:123:4`). */
  confirmRef: text('confirm_ref'),
  /** When a later run settled an accepted change (confirmed, rejected, superseded). */
  settledAt: text('settled_at'),
}, (t) => [index('sync_changes_run').on(t.runId, t.idempotencyKey), index('sync_changes_pending').on(t.channel, t.outcome), index('sync_changes_listing').on(t.channel, t.sku)]);

/** Where each pull left off per channel (e.g. orders updated since). */
export const cursors = sqliteTable('cursors', {
  channel: text('channel').notNull(),
  name: text('name').notNull(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.channel, t.name] })]);

/**
 * What omni watch did, for `omni status`: each cycle's read of a channel, each push (with the
 * sale-to-push latency of the movements it carried), each failure, and the process's start.
 * Kept for a day (older rows are dropped as new ones come).
 */
export const watchEvents = sqliteTable('watch_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The channel, or '*' for the watch process itself (its start). */
  channel: text('channel').notNull(),
  kind: text('kind', { enum: ['start', 'read', 'push', 'error'] }).notNull(),
  at: text('at').notNull(),
  /** For a push: from the oldest movement it carried to the push, in ms. */
  latencyMs: integer('latency_ms'),
  message: text('message'),
}, (t) => [index('watch_events_channel').on(t.channel, t.kind, t.at)]);

/**
 * What a products import changed, so `omni runs undo` can put it back: each product's row before
 * the import (JSON of its columns), or null for a product the import created.
 */
export const runProductChanges = sqliteTable('run_product_changes', {
  runId: integer('run_id').notNull().references(() => syncRuns.id),
  sku: text('sku').notNull(),
  before: text('before'),
}, (t) => [primaryKey({ columns: [t.runId, t.sku] })]);

/**
 * The last accepted import of each supplier or POS feed (`supplier:acme`, `pos:till`): how many
 * rows and which header it had, for the feed circuit breakers (a file that shrank or changed shape).
 */
export const feedImports = sqliteTable('feed_imports', {
  feed: text('feed').primaryKey(),
  rows: integer('rows').notNull(),
  header: text('header').notNull(),
  runId: integer('run_id'),
  importedAt: text('imported_at').notNull(),
});

/**
 * The scheduler's active alert conditions (`failed:shopify`, `low-stock`): since when, when one was
 * last sent, by which job on which machine. In the master, not a file per machine, so every
 * machine on one master (a chain's store PCs, the online server) lists them all in `omni status`
 * and a condition two machines see alerts once per interval.
 */
export const alertConditions = sqliteTable('alert_conditions', {
  condition: text('condition').primaryKey(),
  /** The job whose runs raise and clear it ('*': any job, e.g. low stock). */
  job: text('job').notNull(),
  /** The machine (host name) whose job raised it: only that machine's runs of the job clear it. */
  host: text('host').notNull(),
  since: text('since').notNull(),
  lastAlertAt: text('last_alert_at'),
  message: text('message').notNull(),
});

/**
 * The master skus whose planning inputs changed (stock levels, the product, a channel's listing),
 * in the order they changed: written by triggers on those tables (migrations 0011 / PG 0006), so no
 * write path can forget it; read by the incremental plan (db/plan-marks.ts) and pruned behind the
 * oldest channel's mark. AUTOINCREMENT: an id is never handed out twice, even after pruning.
 * On PostgreSQL a listing's insert or delete also says by how much its channel's number of
 * listings changed (`channel`, `listings`; an unmatched listing's row has the sku ''): the
 * incremental plan adds those to its mark's count instead of counting (PG migration 0007). SQLite
 * leaves them empty: its count(*) is fast.
 */
export const planTouches = sqliteTable('plan_touches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sku: text('sku').notNull(),
  channel: text('channel'),
  listings: integer('listings').notNull().default(0),
});
