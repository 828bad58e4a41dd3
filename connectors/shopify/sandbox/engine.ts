// One sandbox shop: its state, executable schema, cost bucket, idempotency keys, bulk
// operations, pending faults and the counters tests read. The HTTP layer only routes to it.
import type { GraphQLSchema } from 'graphql';
import { buildSandboxSchema } from './schema.js';
import { ShopStore } from './store.js';
import { BulkRegistry } from './bulk.js';
import { IdempotencyStore } from './idempotency.js';
import { FaultQueue } from './faults.js';
import type { BucketConfig, BucketState } from './bucket.js';
import type { SandboxContext } from './context.js';
import type { ShopifySeed } from './seed.js';
import type { NewOrderInput } from './orders-control.js';

export interface EngineOptions {
  seed: ShopifySeed;
  now: () => number;
  bucket: BucketConfig;
  /** Shopify refuses any single query whose requested cost is above this (1000). */
  maxQueryCost: number;
  bulkPollsUntilDone: number;
  baseUrl: () => string;
  /** The app holds the read_all_orders scope (older orders readable). Default false, as most apps. */
  readAllOrders?: boolean;
  /** How many bulk query operations may run at once (API-NOTES: 5 from 2026-01; 1 before). */
  maxRunningBulkQueries?: number;
}

/** Without read_all_orders, orders older than this are not readable. */
export const ORDER_WINDOW_MS = 60 * 24 * 3600_000;

export interface RequestRecord { operationName: string | null; kind: 'query' | 'mutation' | 'invalid'; rootFields: string[]; outcome: string }

export class SandboxEngine {
  readonly schema: GraphQLSchema = buildSandboxSchema();
  store!: ShopStore;
  bulk!: BulkRegistry;
  readonly idempotency = new IdempotencyStore();
  readonly faults = new FaultQueue();
  bucketState!: BucketState;
  /** Mutations that reached execution, by root field name (e.g. inventorySetQuantities). */
  readonly mutationCounts = new Map<string, number>();
  readonly requests: RequestRecord[] = [];
  /** Every request since the last reset (the list above keeps the last 1,000 only). */
  requestTotal = 0;
  /**
   * Run once just before the next request that uses this root field executes (tests put a sale
   * between a client's pull and its push, or kill the client mid-push, without timing anything).
   * The one hook mechanism behind beforeRequest, raceBefore and POST /_sandbox/races.
   */
  readonly hooks: { field: string; run: () => void | Promise<void> }[] = [];

  constructor(readonly opts: EngineOptions) {
    this.reset();
  }

  get bucket(): BucketConfig {
    return this.opts.bucket;
  }

  now(): number {
    return this.opts.now();
  }

  /** Back to the seed: state, keys, bulk operations, faults, counters and a full bucket. */
  reset(): void {
    this.store = new ShopStore(this.opts.seed, this.opts.now);
    this.bulk = new BulkRegistry(this.opts.baseUrl, this.opts.now, this.opts.bulkPollsUntilDone, this.opts.maxRunningBulkQueries ?? 1);
    this.idempotency.clear();
    this.faults.clear();
    this.hooks.length = 0;
    this.mutationCounts.clear();
    this.requests.length = 0;
    this.requestTotal = 0;
    this.bucketState = { available: this.opts.bucket.maximumAvailable, at: this.opts.now() };
  }

  context(): SandboxContext {
    const oldest = this.opts.readAllOrders ? Number.NEGATIVE_INFINITY : this.now() - ORDER_WINDOW_MS;
    return { store: this.store, bulk: this.bulk, idempotency: this.idempotency, unbounded: false, orderVisible: (o) => Date.parse(o.createdAt) >= oldest };
  }

  countMutation(field: string): void {
    this.mutationCounts.set(field, (this.mutationCounts.get(field) ?? 0) + 1);
  }

  record(r: RequestRecord): void {
    this.requests.push(r);
    this.requestTotal++;
    if (this.requests.length > 1000) this.requests.shift();
  }
}
