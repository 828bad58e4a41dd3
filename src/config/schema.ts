// The shape of config.yaml. Parsed with zod at the boundary; the rest of omni sees typed values.
// Connector-specific keys (shop, access_token, …) are kept as they are and checked by the
// connector's own schema when it is loaded, so this file never imports a connector. Keys that are
// neither common nor the connector's are rejected by load.ts (see connector-schemas.ts).
import { z } from 'zod';
import { supplierConfigSchema } from '../import/supplier-config.js';
import { schedulesSchema, alertsSchema, logSchema } from '../app/schedule/config.js';

/** A block left empty (`channels:` with its examples commented out) is YAML null: read it as absent. */
const nullAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema);

const code = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, - and _ (e.g. "warehouse")');

/** "80%" or 0.8 → 0.8 */
const share = z.union([
  z.number().min(0).max(1),
  z.string().regex(/^\d+(\.\d+)?%$/, 'a share like "80%" or 0.8').transform((s) => Number(s.slice(0, -1)) / 100),
]).pipe(z.number().min(0, 'at least 0%').max(1, 'at most 100%'));

export const locationSchema = z.object({
  code,
  name: z.string().min(1).optional(),
  kind: z.enum(['store', 'warehouse', 'channel', 'supplier']).default('warehouse'),
  /** The channel or supplier that owns this location's count (FBA, dropship): omni never pushes it. */
  managed_by: z.string().optional(),
});

export const priceRuleSchema = z.object({
  /** master: the product's price; markup: master price plus a percentage. */
  source: z.enum(['master', 'markup']).default('master'),
  markup_percent: z.number().min(-100).max(1000).default(0),
  /** Round the result to end in this many minor units, e.g. 99 for x.99. */
  round_to: z.number().int().min(0).max(99).optional(),
}).strict();

export const guardSchema = z.object({
  /** Refuse a plan that sets more than this share of listings to zero. */
  max_zeroed_share: share.default(0.2),
  /** Refuse a plan that moves more than this share of prices by more than max_price_change. */
  max_price_changed_share: share.default(0.2),
  max_price_change: share.default(0.3),
}).strict();

/** Channel rules for some skus or a brand; each key given replaces the channel's for those products. */
export const ruleOverrideSchema = z.object({
  skus: z.array(z.string().min(1)).min(1, 'name at least one sku').optional(),
  brand: z.string().min(1).optional(),
  buffer: z.number().int().min(0).optional(),
  allocation: share.optional(),
  safety_quantity: z.number().int().min(0).optional(),
  max_quantity: z.number().int().min(0).optional(),
}).strict()
  .refine((o) => (o.skus === undefined) !== (o.brand === undefined), 'give either skus: [...] or brand: NAME')
  .refine((o) => ['buffer', 'allocation', 'safety_quantity', 'max_quantity'].some((k) => o[k as keyof typeof o] !== undefined),
    'set at least one of buffer, allocation, safety_quantity, max_quantity');

export const channelSchema = z.looseObject({
  type: z.string().min(1),
  enabled: z.boolean().default(true),
  stock_from: z.array(code).min(1, 'name at least one location'),
  buffer: z.number().int().min(0).default(0),
  allocation: share.default(1),
  /** Publish 0 when the pool (stock_from) is at or below this. */
  safety_quantity: z.number().int().min(0).default(0),
  /** Publish at most this many. */
  max_quantity: z.number().int().min(0).optional(),
  /** Rules for some skus or brands (first override naming the sku wins, then the brand's). */
  overrides: z.array(ruleOverrideSchema).default([]),
  /** Match a listing whose channel sku is neither mapped nor a master sku by its barcode. */
  match_by_barcode: z.boolean().default(true),
  fulfil_from: z.array(code).optional(),
  price: priceRuleSchema.default({ source: 'master', markup_percent: 0 }),
  push: z.object({
    stock: z.boolean().default(true),
    price: z.boolean().default(true),
    content: z.boolean().default(false),
  }).strict().default({ stock: true, price: true, content: false }),
  guards: guardSchema.default({ max_zeroed_share: 0.2, max_price_changed_share: 0.2, max_price_change: 0.3 }),
  /**
   * The longest omni waits for this channel at a time: a Retry-After, a rate limit, a feed or a
   * bulk read still processing. Longer waits are left to the next run, with a message.
   */
  max_wait_seconds: z.number().int().min(1).max(3600).default(60),
});

/** `omni watch`: which channels, how often each is read (never under its documented floor), the full reconcile. */
export const watchSchema = z.object({
  /** Channels to watch; default every enabled channel. */
  channels: z.array(code).min(1).optional(),
  /** Seconds between cheap reads per channel (orders since the cursor); defaults per API in docs/watch.md. */
  interval_seconds: z.record(code, z.number().int().min(1).max(86_400)).default({}),
  /** Minutes between full reconciles (today's `omni sync`) per channel; one runs at start too. */
  reconcile_minutes: z.number().int().min(5).max(1440).default(60),
  /** Seconds between looks at the ledger for local changes (a `stock adjust`, a receipt, a return). */
  ledger_seconds: z.number().min(0.5).max(60).default(2),
  /** The longest a failing channel waits between tries. */
  max_backoff_seconds: z.number().int().min(10).max(3600).default(600),
}).strict();

export const configSchema = z.object({
  /** Path of the SQLite master, relative to config.yaml. */
  database: z.string().min(1).default('omni.sqlite'),
  timezone: z.string().default('UTC'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO code like EUR').default('EUR'),
  /** How long a writing command waits for another writer before it gives up. */
  lock_timeout_seconds: z.number().min(0).max(3600).default(30),
  reports_dir: z.string().default('reports'),
  low_stock: nullAsAbsent(z.object({
    /** Used for products without their own reorder point. */
    default_reorder_point: z.number().int().min(0).default(5),
  }).strict().default({ default_reorder_point: 5 })),
  locations: z.array(locationSchema).min(1, 'name at least one location'),
  channels: nullAsAbsent(z.record(code, channelSchema).default({})),
  /** Supplier feeds (`omni import supplier NAME`): columns, number format, sheet, matching. */
  suppliers: nullAsAbsent(z.record(code, supplierConfigSchema).default({})),
  /** Scheduled jobs (`omni schedule run`), alerts and the log file. */
  schedules: nullAsAbsent(schedulesSchema),
  alerts: nullAsAbsent(alertsSchema),
  log: nullAsAbsent(logSchema),
  watch: nullAsAbsent(watchSchema.optional()),
  /**
   * Feed circuit breakers: a supplier file whose rows drop by more than max_row_drop from the last
   * import, whose header changed, or that would zero more than max_zeroed of the items in stock is
   * quarantined and not applied until re-run with --accept.
   */
  breakers: nullAsAbsent(z.object({
    max_row_drop: share.default(0.5),
    max_zeroed: share.default(0.5),
  }).strict().default({ max_row_drop: 0.5, max_zeroed: 0.5 })),
}).strict();

export type Config = z.infer<typeof configSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;
export type WatchConfig = z.infer<typeof watchSchema>;
export type LocationConfig = z.infer<typeof locationSchema>;
