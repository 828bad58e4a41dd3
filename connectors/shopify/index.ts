// The Shopify connector (Admin GraphQL API). Pointing it at the sandbox is only another endpoint.
import { defineConnector, type Change, type ChangeOutcome, type Connector, type ConnectorDeps } from '../../src/core/connector.js';
import { HttpClient } from '../../src/http/client.js';
import { realClock, type Clock } from '../../src/http/token-bucket.js';
import { channelWaits } from '../../src/http/waits.js';
import { packageVersion } from '../../src/package-root.js';
import { shopifyConfigSchema, graphqlUrl, publishLocationId, type ShopifyConfig } from './config.js';
import { ShopifyGraphql } from './graphql.js';
import { pullShopify } from './pull.js';
import { pushContent, pushPrices, pushStock } from './push.js';
import { LOCATIONS_QUERY, SHOP_QUERY } from './queries.js';
import { shopifyLocations, unmanagedStock, type ShopifyLocations } from './locations.js';

export type ShopifyDeps = Partial<Pick<ConnectorDeps, 'log' | 'maxWaitSeconds' | 'clock'>>;

export function createShopifyConnector(config: ShopifyConfig, name: string, deps: ShopifyDeps = {}): Connector & { gql: ShopifyGraphql } {
  const clock: Clock = deps.clock ?? realClock;
  const client = new HttpClient({
    clock, waits: channelWaits(name, deps.maxWaitSeconds, deps.log && ((l) => deps.log!.info(l))),
    userAgent: `omni/${packageVersion()}`,
    describeError: (status, body) => (status === 401 ? 'the access token was refused (check access_token)' : body.slice(0, 200)),
  });
  const gql = new ShopifyGraphql(graphqlUrl(config), config.access_token, client, clock);
  let lastLocations: ShopifyLocations | undefined;
  const locationId = publishLocationId(config);
  return {
    name, type: 'shopify', gql,
    capabilities: { create: false, stock: true, price: true, content: true, orders: true },
    async check() {
      try {
        const d = await gql.run<{ shop: { name: string } }>('shop', SHOP_QUERY, {}, 1);
        // A location id copied from the example (or from another shop) would make every sync warn
        // that nothing is stocked at the publish location: say so here, with the real ids.
        const l = await gql.run<{ locations: { edges: { node: { id: string; name: string; isActive: boolean } }[] } }>('locations', LOCATIONS_QUERY, {}, 2);
        const known = new Map(l.locations.edges.map((e) => [e.node.id, e.node]));
        const wrong = Object.entries(config.location_map ?? {}).filter(([, id]) => !known.has(id));
        if (wrong.length > 0) {
          const list = [...known.values()].map((n) => `${n.id} (${n.name}${n.isActive ? '' : ', inactive'})`).join(', ');
          return {
            ok: false, message: `location_map: ${wrong.map(([code, id]) => `${code} → ${id}`).join(', ')} is not a location of shop "${d.shop.name}". Its locations: ${list}`,
            hint: `The shop was reached and the token works: put one of the shop's location ids listed above under channels.${name}.location_map in config.yaml, then run \`omni doctor\` again.`,
          };
        }
        const warnings = await unmanagedStock(gql, await shopifyLocations(gql, config));
        return { ok: true, message: `reached shop "${d.shop.name}" (API ${config.api_version}); ${Object.keys(config.location_map ?? {}).length} mapped location(s) found`, warnings };
      } catch (e) {
        return { ok: false, message: (e as Error).message };
      }
    },
    async pull(ctx) {
      // omni watch's cheap reads (every 10 s) reuse the locations of the last read; a full read
      // (the hourly reconcile, every sync) asks again, so a location added in the admin is seen then.
      const locs = ctx.scope === 'changes' && lastLocations ? lastLocations : await shopifyLocations(gql, config);
      lastLocations = locs;
      return pullShopify(gql, locs, { pageSize: config.page_size, bulkThreshold: config.bulk_threshold, http: client, clock }, ctx);
    },
    async *push(ctx, changes: readonly Change[]): AsyncGenerator<ChangeOutcome> {
      const of = (a: Change['action']) => changes.filter((c) => c.action === a);
      const ref = `gid://omni/SyncRun/${ctx.runId}`;
      // a change at another mapped location (set to 0) goes to that location; the rest to the publish one
      const stock = of('stock');
      const lost = stock.filter((c) => c.location !== undefined && !config.location_map[c.location]);
      for (const c of lost) yield { key: c.key, outcome: 'failed', message: `${c.sku}: location ${c.location} is no longer in location_map` };
      yield* pushStock(gql, (c) => (c.location ? config.location_map[c.location]! : locationId), ref, stock.filter((c) => !lost.includes(c)));
      yield* pushPrices(gql, of('price'));
      yield* pushContent(gql, of('content'));
      for (const c of of('create')) yield { key: c.key, outcome: 'skipped', message: `${c.sku}: omni does not create Shopify products yet; create it in Shopify admin with this sku and the next sync links it` };
    },
  };
}

export default defineConnector({
  type: 'shopify',
  configSchema: shopifyConfigSchema,
  create: (config, deps) => createShopifyConnector(config, deps.name, deps),
});
