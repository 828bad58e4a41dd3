// The Shopify sandbox: a local emulator of the Admin GraphQL API 2026-10 on loopback, for tests,
// `omni demo` and trying omni before entering real credentials. A connector points at `url` as
// its shop's base URL and is otherwise the same code that talks to Shopify.
import type { AddressInfo } from 'node:net';
import { SandboxEngine, type RequestRecord } from './engine.js';
import { createServer, GRAPHQL_PATH } from './server.js';
import { loadSeed, type ShopifySeed } from './seed.js';
import { cancelOrder, createOrder, refundOrder, setQuantity, type NewOrderInput, type RefundInput, type SetQuantityInput } from './orders-control.js';
import type { FaultRequest } from './faults.js';
import type { OrderRec, LevelRec, RefundRec } from './store.js';

export type { ShopifySeed } from './seed.js';
export type { FaultRequest } from './faults.js';
export type { NewOrderInput, RefundInput, SetQuantityInput } from './orders-control.js';
export { GRAPHQL_PATH, INVALID_TOKEN_BODY } from './server.js';

export const DEFAULT_SANDBOX_TOKEN = 'shpat_sandbox';
/** Shopify's Standard plan restores 100 points a second; the bucket size is configurable. */
export const DEFAULT_BUCKET = { maximumAvailable: 2000, restoreRate: 100 };

export interface ShopifySandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the sandbox has unauthenticated control endpoints and must stay on loopback. */
  host?: string;
  /** A seed object or the path of a seed JSON file; default fixtures/shopify/seed.json. */
  seed?: ShopifySeed | string;
  accessToken?: string;
  bucket?: { maximumAvailable: number; restoreRate: number };
  /** Single-query cost ceiling (Shopify: 1000). */
  maxQueryCost?: number;
  /** How many reads of a bulk operation see RUNNING before it is COMPLETED (default 1). */
  bulkPollsUntilDone?: number;
  /** Bulk query operations allowed to run at once (default 1). */
  maxRunningBulkQueries?: number;
  /** The app holds read_all_orders: orders older than 60 days are readable (default false). */
  readAllOrders?: boolean;
  /** Milliseconds since the epoch; inject for deterministic tests. */
  now?: () => number;
}

export interface ShopifySandbox {
  /** Base URL, e.g. http://127.0.0.1:PORT — the "shop domain" a connector is configured with. */
  url: string;
  /** The full GraphQL endpoint: `${url}/admin/api/2026-10/graphql.json`. */
  graphqlUrl: string;
  shop: string;
  accessToken: string;
  close(): Promise<void>;
  /** The whole shop as JSON-friendly data. */
  state(): Record<string, unknown>;
  reset(): void;
  createOrder(input: NewOrderInput): OrderRec;
  cancelOrder(id: string, restock?: boolean): OrderRec;
  /** Refund some lines of an order (a return). */
  refund(input: RefundInput): RefundRec;
  setQuantity(input: SetQuantityInput): LevelRec;
  /** Opens another location (e.g. a pop-up) that can hold stock of any item; returns its id. */
  addLocation(name: string, opts?: { isActive?: boolean }): string;
  /** The current quantity by name (default available), or undefined when not stocked there. */
  quantity(sku: string, locationName: string, name?: string): number | undefined;
  injectFault(fault: FaultRequest): void;
  /** A sale that lands just before the next request to `before` (a root field, e.g. inventorySetQuantities). */
  raceBefore(before: string, order: NewOrderInput): void;
  /** Run `fn` once, just before the next request using `field` (e.g. inventorySetQuantities) executes. */
  beforeRequest(field: string, fn: () => void | Promise<void>): void;
  clearFaults(): void;
  /** Mutations that reached execution since the last reset, by root field name. */
  mutationCounts(): Record<string, number>;
  requests(): RequestRecord[];
  /** How many GraphQL requests reached the sandbox since the last reset (all of them, unlike requests()). */
  requestCount(): number;
  /** Sets the bucket's current level (e.g. 0 to test throttling). */
  setBucket(currentlyAvailable: number): void;
}

export async function startShopifySandbox(opts: ShopifySandboxOptions = {}): Promise<ShopifySandbox> {
  const seed = loadSeed(opts.seed);
  const accessToken = opts.accessToken ?? DEFAULT_SANDBOX_TOKEN;
  let baseUrl = '';
  const engine = new SandboxEngine({
    seed, now: opts.now ?? Date.now, bucket: { ...(opts.bucket ?? DEFAULT_BUCKET) }, maxQueryCost: opts.maxQueryCost ?? 1000,
    bulkPollsUntilDone: opts.bulkPollsUntilDone ?? 1, baseUrl: () => baseUrl,
    maxRunningBulkQueries: opts.maxRunningBulkQueries ?? 1, readAllOrders: opts.readAllOrders ?? false,
  });
  const server = createServer(engine, accessToken);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: baseUrl, graphqlUrl: `${baseUrl}${GRAPHQL_PATH}`, shop: seed.shop.myshopifyDomain, accessToken,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections();
    }),
    state: () => engine.store.snapshot(),
    reset: () => engine.reset(),
    createOrder: (input) => createOrder(engine.store, input),
    cancelOrder: (id, restock = true) => cancelOrder(engine.store, id, restock),
    refund: (input) => refundOrder(engine.store, input),
    setQuantity: (input) => setQuantity(engine.store, input),
    addLocation: (name, o = {}) => engine.store.addLocation(name, o.isActive ?? true),
    quantity: (sku, locationName, name = 'available') => {
      const v = engine.store.variantBySku(sku);
      const loc = [...engine.store.locations.values()].find((l) => l.name === locationName);
      const level = v && loc ? engine.store.level(v.inventoryItemId, loc.id) : undefined;
      return level ? engine.store.quantity(level, name) : undefined;
    },
    injectFault: (f) => engine.faults.add(f),
    raceBefore: (before, order) => { engine.hooks.push({ field: before, run: () => { createOrder(engine.store, order); } }); },
    beforeRequest: (field, fn) => { engine.hooks.push({ field, run: fn }); },
    clearFaults: () => engine.faults.clear(),
    mutationCounts: () => Object.fromEntries(engine.mutationCounts),
    requests: () => [...engine.requests],
    requestCount: () => engine.requestTotal,
    setBucket: (n) => { engine.bucketState = { available: Math.max(0, Math.min(n, engine.bucket.maximumAvailable)), at: engine.now() }; },
  };
}

/** Where the CLI runner writes, and what stops it; tests pass their own, the CLI the defaults. */
export interface SandboxCliIo { out?: (text: string) => void; err?: (text: string) => void; until?: Promise<void> }

/** `omni sandbox shopify --port N`: serve until SIGINT/SIGTERM, printing where to point omni. */
export async function runShopifySandboxCli(opts: { port?: number; seed?: string } = {}, io: SandboxCliIo = {}): Promise<void> {
  const out = io.out ?? ((t: string) => void process.stdout.write(t));
  const err = io.err ?? ((t: string) => void process.stderr.write(t));
  const sandbox = await startShopifySandbox({ port: opts.port ?? 0, seed: opts.seed });
  out(`Shopify sandbox (Admin GraphQL API 2026-10) listening on ${sandbox.url}\n`
    + `  GraphQL endpoint: ${sandbox.graphqlUrl}\n`
    + `  Access token:     ${sandbox.accessToken} (sandbox only; not a real credential)\n`
    + `  Control:          ${sandbox.url}/_sandbox/state, /_sandbox/reset, /_sandbox/orders, /_sandbox/refunds, /_sandbox/faults\n`);
  err('Press Ctrl+C to stop.\n');
  await (io.until ?? untilSignal());
  await sandbox.close();
  err('Shopify sandbox stopped.\n');
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
