// The SP-API sandbox: a local emulator of Amazon's Selling Partner API (and Login with Amazon) on
// loopback, seeded from fixtures/amazon/seed.json. The Amazon connector talks to it unchanged;
// only its `endpoint` and `lwa_endpoint` point here.
import type { AddressInfo } from 'node:net';
import type { SandboxContext } from './context.js';
import { Faults, type Fault } from './faults.js';
import { Tokens } from './auth.js';
import { RateLimiter } from './rate-limit.js';
import { Store } from './store.js';
import { loadSeed, type AmazonSeed } from './seed.js';
import { createServer } from './server.js';
import { cancelOrder, createOrder, setFbaQuantity, shipOrder, type NewOrder } from './mutations.js';
import type { Order } from './order-build.js';
import { advanceSubmissions, type QueuedSubmission } from './submissions.js';

export type { AmazonSeed } from './seed.js';
export type { NewOrder } from './mutations.js';
export type { Fault, FaultKind } from './faults.js';
export { USAGE_PLANS } from './rate-limit.js';

export interface AmazonSandboxOptions {
  port?: number;
  host?: string;
  /** A seed object or the path of a seed file; default fixtures/amazon/seed.json. */
  seed?: AmazonSeed | string;
  /** The clock (ms); inject one to drain buckets, expire tokens and finish feeds deterministically. */
  now?: () => number;
  /** Multiplies every operation's rate (burst unchanged); 1 = Amazon's real usage plans. */
  rateScale?: number;
  /** How long a feed (or report) takes from createFeed to DONE. Default 3000 ms. */
  feedProcessingMs?: number;
  /** How long an ACCEPTED patch waits before Amazon applies it. Default 0 (at once). */
  applyDelayMs?: number;
  /** Lifetime of LWA access tokens. Default 3600 (Amazon's). */
  tokenTtlSeconds?: number;
  /** FBA inventory summaries per page. Default 50 (Amazon's). */
  fbaPageSize?: number;
  /** Serve feed results and reports gzipped with compressionAlgorithm GZIP, as Amazon may. */
  gzipDocuments?: boolean;
  /** Refuse SP-API calls without a User-Agent (Amazon requires one). Default true. */
  requireUserAgent?: boolean;
}

export interface AmazonSandbox {
  /** SP-API base URL (the connector's `endpoint`). */
  url: string;
  /** Full LWA token URL (the connector's `lwa_endpoint`). */
  lwaUrl: string;
  credentials: { clientId: string; clientSecret: string; refreshToken: string };
  sellerId: string;
  marketplaceId: string;
  close(): Promise<void>;
  /** Live state (mutate with care) and a deep copy for before/after comparisons. */
  store(): Store;
  state(): Record<string, unknown>;
  reset(): void;
  /** An access token without the LWA round trip. */
  accessToken(): string;
  createOrder(o: NewOrder): Order;
  cancelOrder(orderId: string, reason?: string): Order;
  shipOrder(orderId: string): Order;
  setFbaQuantity(sku: string, fulfillable: number): void;
  rejectSku(sku: string, message?: string): void;
  /** How long ACCEPTED patches wait before they are applied (0: at once). */
  setApplyDelay(ms: number): void;
  /** Apply every queued patch now; returns how many. */
  applyQueued(): number;
  queued(): QueuedSubmission[];
  /** The next `count` listing feeds end FATAL. */
  failNextFeeds(count?: number): void;
  injectFault(f: Omit<Fault, 'remaining'> & { count?: number }): void;
  expireTokens(): void;
  drainBucket(operation: string): void;
  calls(): Record<string, number>;
  requests(): SandboxContext['requests'];
}

export async function startAmazonSandbox(opts: AmazonSandboxOptions = {}): Promise<AmazonSandbox> {
  const seed = loadSeed(opts.seed);
  const now = opts.now ?? Date.now;
  let base = '';
  const ctx: SandboxContext = {
    store: new Store(seed), now,
    limiter: new RateLimiter(now, opts.rateScale ?? 1),
    faults: new Faults(),
    tokens: new Tokens(opts.tokenTtlSeconds ?? 3600),
    baseUrl: () => base,
    feedProcessingMs: opts.feedProcessingMs ?? 3000,
    applyDelayMs: opts.applyDelayMs ?? 0,
    fatalFeeds: 0,
    queued: [],
    fbaPageSize: opts.fbaPageSize ?? 50,
    gzipDocuments: opts.gzipDocuments ?? false,
    requireUserAgent: opts.requireUserAgent ?? true,
    calls: {}, requests: [],
  };
  const reset = (): void => {
    // Tokens survive a reset, so a connector that is logged in stays logged in.
    ctx.store = new Store(seed);
    ctx.limiter.reset();
    ctx.faults.clear();
    ctx.queued.length = 0;
    ctx.fatalFeeds = 0;
    for (const k of Object.keys(ctx.calls)) delete ctx.calls[k];
    ctx.requests.length = 0;
  };
  const server = createServer(ctx, reset);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: base, lwaUrl: `${base}/auth/o2/token`,
    credentials: { ...seed.lwa }, sellerId: seed.seller.sellerId, marketplaceId: seed.seller.marketplaceId,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
    store: () => ctx.store,
    state: () => ctx.store.snapshot(),
    reset,
    accessToken: () => ctx.tokens.issue(now()).token,
    createOrder: (o) => createOrder(ctx.store, o, now()),
    cancelOrder: (id, reason) => cancelOrder(ctx.store, id, now(), reason),
    shipOrder: (id) => shipOrder(ctx.store, id, now()),
    setFbaQuantity: (sku, q) => setFbaQuantity(ctx.store, sku, q, now()),
    setApplyDelay: (ms) => { ctx.applyDelayMs = ms; },
    applyQueued: () => advanceSubmissions(ctx, true),
    queued: () => ctx.queued.map((q) => ({ ...q })),
    failNextFeeds: (count = 1) => { ctx.fatalFeeds += count; },
    rejectSku: (sku, message) => { ctx.store.rejects.set(sku, message ?? 'This listing cannot be changed: the sandbox was told to reject it.'); },
    injectFault: (f) => ctx.faults.add(f),
    expireTokens: () => ctx.tokens.expireAll(now()),
    drainBucket: (op) => ctx.limiter.bucket(op)?.drain(now()),
    calls: () => ({ ...ctx.calls }),
    requests: () => ctx.requests.map((r) => ({ ...r })),
  };
}

/** `omni sandbox amazon`: print where it listens and the credentials, run until SIGINT/SIGTERM. */
export async function runAmazonSandboxCli(opts: { port: number; seed?: string }): Promise<void> {
  const sb = await startAmazonSandbox({ port: opts.port, ...(opts.seed ? { seed: opts.seed } : {}) });
  process.stdout.write([
    `Amazon SP-API sandbox listening on ${sb.url}`,
    `  endpoint:      ${sb.url}`,
    `  lwa_endpoint:  ${sb.lwaUrl}`,
    `  seller_id:     ${sb.sellerId}`,
    `  marketplace:   ${sb.marketplaceId}`,
    `  client_id:     ${sb.credentials.clientId}`,
    `  client_secret: ${sb.credentials.clientSecret}`,
    `  refresh_token: ${sb.credentials.refreshToken}`,
    `  control API:   ${sb.url}/_sandbox/state (reset, orders, faults …)`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'));
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void sb.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
