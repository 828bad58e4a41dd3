// The connector interface: what the sync engine asks of a channel. Connectors speak in these
// types only; they never touch the database and never ask "is this a dry run?" — the engine
// decides whether push is called at all.
import type { z } from 'zod';

export type ChangeAction = 'stock' | 'price' | 'content' | 'create';

/**
 * What a channel showed for one listing when it was pulled. A listing is identified by the
 * channel's own sku (`sku` here: a seller sku, a variant sku); omni matches it to a master sku
 * (a mapping the owner made, the same sku, or the barcode) and never pushes to one it cannot match.
 */
export interface RemoteListing {
  /** The listing's sku on the channel (not necessarily a master sku). */
  sku: string;
  /** The barcode (EAN/UPC/GTIN) the channel reports for it, for matching by barcode. */
  barcode?: string | undefined;
  /** What the channel calls it (product and variant title), so a person can find it. */
  title?: string | undefined;
  /** The channel's product/listing id, variant id and inventory item id, as far as it has them. */
  remoteId?: string | undefined;
  remoteVariantId?: string | undefined;
  inventoryItemId?: string | undefined;
  /** The quantity the channel sells from (merchant-fulfilled), or undefined if it does not say. */
  quantity?: number | undefined;
  /** The channel fulfils this listing from its own stock (FBA): omni never pushes its quantity. */
  channelFulfilled?: boolean | undefined;
  /**
   * Quantities at the channel's other locations that omni manages (keyed by omni location code):
   * the channel sells their sum, so omni publishes its number at one location and sets these to 0.
   */
  elsewhere?: Record<string, number> | undefined;
  /**
   * Quantities at channel locations omni does not manage (keyed by the channel's location name):
   * the channel sells them on top of what omni publishes; omni leaves them and warns.
   */
  unmanaged?: Record<string, number> | undefined;
  priceMinor?: number | undefined;
  contentHash?: string | undefined;
  /** Anything else the connector needs back at push time (e.g. a product type). Small, JSON. */
  extra?: Record<string, unknown> | undefined;
}

export interface RemoteCustomer {
  remoteId?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

export interface RemoteOrderLine {
  /** The channel's line id: with the order id it makes the ledger's idempotency key. */
  lineKey: string;
  /** The channel's sku (booked through the same mapping as its listings). */
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface RemoteRefund {
  remoteId: string;
  lineKey: string;
  sku: string;
  quantity: number;
  restock: boolean;
  amountMinor?: number | undefined;
}

export interface RemoteOrder {
  remoteId: string;
  /** What the shop calls the order when it differs from the id (Shopify's "#1004"). */
  name?: string | undefined;
  status: 'open' | 'fulfilled' | 'cancelled' | 'refunded';
  /** merchant: we ship it, it moves our stock. channel: the channel ships it (FBA), its count already did. */
  fulfilment: 'merchant' | 'channel';
  placedAt: string;
  updatedAt: string;
  /**
   * When the units left the shelf, where the channel knows it (a till sale: when it was rung up).
   * A count taken after it already reflects the sale. Unset: the time the sale is booked.
   */
  stockMovedAt?: string | undefined;
  currency: string;
  totalMinor: number;
  customer?: RemoteCustomer | undefined;
  lines: RemoteOrderLine[];
  refunds?: RemoteRefund[] | undefined;
}

/**
 * A count the channel reports for one location: a channel-managed location (FBA), or a POS's
 * stocktake of the shop. The engine books the difference from on-hand as a count movement.
 */
export interface ManagedCount {
  location: string;
  sku: string;
  quantity: number;
  /**
   * When the count was taken (ISO 8601), if earlier than the pull: a POS export's file time.
   * Movements that occurred after it (sales booked since) are kept on top of the count.
   */
  asOf?: string | undefined;
}

export interface ChannelSnapshot {
  listings: RemoteListing[];
  /**
   * May be built as it is iterated (a POS export's million lines are not held as objects): read it
   * with for…of, as often as needed, never by index or length.
   */
  orders: Iterable<RemoteOrder>;
  managedCounts: ManagedCount[];
  /** Cursors to store once this snapshot is applied (e.g. orders updated since). */
  cursors: Record<string, string>;
  warnings: string[];
  /** Files the pull read that the feed circuit breakers watch (a POS's stock-count export). */
  feeds?: FeedReading[] | undefined;
}

/** One watched file as read: compared with the last accepted import of its feed. */
export interface FeedReading {
  /** e.g. `pos:till:counts` */
  feed: string;
  /** The file's absolute path (moved to quarantine/ when a breaker stops it). */
  file: string;
  rows: number;
  /** The header cells, as core/breakers.ts headerText joins them. */
  header: string;
}

/** One difference the plan wants the channel to take. `before` is what the pull saw. */
export interface Change {
  channel: string;
  /** The master sku (reports, journal). */
  sku: string;
  /** The listing's sku on the channel: what a connector addresses (a create uses the master sku). */
  channelSku: string;
  /** A stock change at one of the channel's other managed locations (omni location code), set to 0. */
  location?: string | undefined;
  action: ChangeAction;
  before: number | string | null;
  after: number | string;
  /** Derived from (channel, channel sku, location, action, before, after): the same change has the same key. */
  key: string;
  /** Why, in a few words: for stock the derivation (e.g. "warehouse 300 + store 200 − buffer 2 = 498"). */
  reason: string;
  /** The remote ids the connector needs to address the change. */
  target: Pick<RemoteListing, 'remoteId' | 'remoteVariantId' | 'inventoryItemId' | 'extra'>;
  /** For content and create changes: the content to send. */
  content?: { title: string; description: string | null; brand: string | null } | undefined;
  /** For create changes: everything the new listing needs. */
  desired?: { quantity: number; priceMinor: number | null } | undefined;
}

/**
 * applied: the channel shows the change. accepted: the channel took it but applies it later
 * (Amazon's ACCEPTED patch, a submitted feed) and a later run confirms it. failed: it did not land.
 * stale: the channel's value moved since the pull (a sale raced us); the next run converges.
 * skipped: not sent on purpose (the channel cannot take it, or a newer change superseded it).
 */
export type Outcome = 'applied' | 'accepted' | 'failed' | 'stale' | 'skipped';

export interface ChangeOutcome {
  key: string;
  outcome: Outcome;
  message?: string | undefined;
  /** For `accepted`: what the connector needs to confirm it later (a feed and message id, a submission). */
  confirmBy?: string | undefined;
}

/** A change a channel accepted in an earlier run and has not confirmed yet. */
export interface PendingChange {
  runId: number;
  key: string;
  /** The master sku (reports) and the channel's sku (what the connector reads back). */
  sku: string;
  channelSku: string;
  action: ChangeAction;
  after: string;
  confirmBy: string | null;
  /** When the run that sent it started (ISO 8601). */
  acceptedAt: string;
}

/** What a later run learnt of a pending change: it landed, it did not (rejected, never applied), or still waits. */
export interface Settlement {
  runId: number;
  key: string;
  outcome: 'applied' | 'failed' | 'accepted';
  message?: string | undefined;
}

export interface Logger {
  info(msg: string): void;
  debug(msg: string): void;
  warn(msg: string): void;
}

export interface PullContext {
  cursors: Readonly<Record<string, string>>;
  /** What we remembered of the channel's listings (remote ids), by the channel's sku. */
  known: ReadonlyMap<string, RemoteListing>;
  now(): Date;
  log: Logger;
  /**
   * full (the default): every listing, orders, channel counts. changes: only what moved since the
   * cursors (orders, and the listings of the skus they name, re-read so the next compare-and-swap
   * starts from what the channel shows), for `omni watch`'s frequent cheap reads. A connector
   * whose full read is cheap (local files) may ignore it.
   */
  scope?: 'full' | 'changes' | undefined;
}

export interface PushContext {
  /** The journal's run id, for the channel's reference fields (e.g. gid://omni/SyncRun/12). */
  runId: number;
  now(): Date;
  log: Logger;
}

export interface Capabilities {
  /** The channel can list a sku it does not have yet (the plan then includes `create` changes). */
  create: boolean;
  stock: boolean;
  price: boolean;
  content: boolean;
  orders: boolean;
}

export interface CheckResult {
  ok: boolean;
  message: string;
  /** What to do, when it is not "check the credentials and the network" (e.g. a config key to fix). */
  hint?: string | undefined;
  /** Reached, but something needs a look (e.g. stock at a channel location omni does not manage). */
  warnings?: string[] | undefined;
}

export interface Connector {
  readonly name: string;
  readonly type: string;
  readonly capabilities: Capabilities;
  /** Credentials and reachability, for `omni doctor`. Never throws. */
  check(): Promise<CheckResult>;
  pull(ctx: PullContext): Promise<ChannelSnapshot>;
  /** Sends the changes in the fewest calls it can; yields one outcome per change key. */
  push(ctx: PushContext, changes: readonly Change[]): AsyncIterable<ChangeOutcome>;
  /**
   * For channels that accept changes before applying them: after `pull`, says what became of
   * changes accepted in earlier runs (one settlement per pending change it could judge).
   */
  confirm?(ctx: PushContext, pending: readonly PendingChange[]): Promise<Settlement[]>;
  close?(): Promise<void>;
}

export interface ConnectorDeps {
  /** The channel's name (its key under `channels:`). */
  name: string;
  /** Folder of config.yaml: relative paths in connector config resolve from here. */
  configDir: string;
  /** The omni location codes declared in config, for validation. */
  locations: readonly string[];
  /** Locations declared `managed_by` this channel (e.g. amazon-fba). */
  managedLocations?: readonly string[];
  log: Logger;
  /** The longest single wait allowed (a Retry-After, a rate-limit token, a feed still processing). */
  maxWaitSeconds?: number | undefined;
  /** Time (ms) and sleeping; tests pass a fake one that runs minutes of waiting at once. */
  clock?: { now(): number; sleep(ms: number): Promise<void> } | undefined;
}

export interface ConnectorDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  /** zod schema of the connector's own keys in its channel block (the common rules are checked already). */
  configSchema: S;
  create(config: z.infer<S>, deps: ConnectorDeps): Connector;
}

/** Pass-through for type inference (as Nango's createSync): one object per connector. */
export function defineConnector<S extends z.ZodType>(def: ConnectorDefinition<S>): ConnectorDefinition<S> {
  return def;
}
