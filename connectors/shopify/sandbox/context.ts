// What every resolver gets: the shop's state and the sandbox services around it.
import type { GraphQLFieldResolver } from 'graphql';
import type { ShopStore } from './store.js';
import type { BulkRegistry } from './bulk.js';
import type { IdempotencyStore } from './idempotency.js';

export interface SandboxContext {
  store: ShopStore;
  bulk: BulkRegistry;
  idempotency: IdempotencyStore;
  /** True while a bulk operation runs its query: connections then ignore `first` and the 250 cap. */
  unbounded: boolean;
  /**
   * Whether the app may read this order: without the read_all_orders scope only orders created in
   * the last 60 days are (spec: Order description: "Only the last 60 days' worth of orders … by default").
   */
  orderVisible(o: { createdAt: string }): boolean;
}

// Resolvers receive GraphQL-coerced arguments; each reads what it needs from `args`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Resolver = GraphQLFieldResolver<any, SandboxContext, any>;
export type ResolverMap = Record<string, Record<string, Resolver>>;
