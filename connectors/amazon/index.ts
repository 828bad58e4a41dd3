// The Amazon connector (Selling Partner API). Pointing it at the sandbox is only other base URLs.
import { defineConnector, type Change, type ChangeOutcome, type Connector, type ConnectorDeps, type RemoteOrder } from '../../src/core/connector.js';
import { confirmAccepted } from './confirm.js';
import { withProductTypes } from './product-types.js';
import { HttpClient } from '../../src/http/client.js';
import { realClock, type Clock } from '../../src/http/token-bucket.js';
import { channelWaits } from '../../src/http/waits.js';
import { packageVersion } from '../../src/package-root.js';
import { usageError } from '../../src/core/errors.js';
import { amazonConfigSchema, spApiBase, LWA_TOKEN_URL, type AmazonConfig } from './config.js';
import { LwaAuth } from './auth.js';
import { RateLimits } from './rate-limits.js';
import { SpApi, describeSpApiError } from './sp-api.js';
import { pullFbaCounts, pullListings, pullOrders } from './pull.js';
import { listingsBySku } from './listings-by-sku.js';
import { LISTING_DATA, toRemoteListing } from './listing-item.js';
import { choosePushMethod } from './push-choice.js';
import { pushByPatch } from './push-patch.js';
import { pushByFeed } from './push-feed.js';

/** Amazon requires `AppId/AppVersion (Language=…)` on every call. */
export function userAgent(): string {
  return `omni/${packageVersion()} (Language=Node.js/${process.versions.node}; Platform=${process.platform})`;
}

export interface AmazonConnector extends Connector {
  api: SpApi;
}

export type AmazonDeps = Pick<ConnectorDeps, 'name'> & Partial<Pick<ConnectorDeps, 'log' | 'maxWaitSeconds' | 'clock'>> & { fbaLocation?: string | undefined };

export function createAmazonConnector(config: AmazonConfig, deps: AmazonDeps): AmazonConnector {
  const clock: Clock = deps.clock ?? realClock;
  const waits = channelWaits(deps.name, deps.maxWaitSeconds, deps.log && ((l) => deps.log!.info(l)));
  const http = new HttpClient({ userAgent: userAgent(), clock, waits, describeError: describeSpApiError });
  const auth = new LwaAuth(http, config.lwa_endpoint ?? LWA_TOKEN_URL, {
    clientId: config.client_id, clientSecret: config.client_secret, refreshToken: config.refresh_token,
  }, () => clock.now());
  const api = new SpApi(spApiBase(config), http, auth, new RateLimits(clock));
  const fba = deps.fbaLocation;
  let pulledOrders: RemoteOrder[] = [];
  return {
    name: deps.name, type: 'amazon', api,
    capabilities: { create: false, stock: true, price: true, content: false, orders: true },
    async check() {
      try {
        await auth.accessToken();
        await api.call({ op: 'searchListingsItems', method: 'GET', path: `/listings/2021-08-01/items/${encodeURIComponent(config.seller_id)}`, query: { marketplaceIds: config.marketplace_ids[0]!, pageSize: 1 } });
        return { ok: true, message: `logged in; seller ${config.seller_id} reachable in ${config.marketplace_ids.join(', ')}` };
      } catch (e) {
        return { ok: false, message: (e as Error).message };
      }
    },
    async pull(ctx) {
      if (ctx.scope === 'changes') {
        // omni watch's cheap read: orders since the cursor and the listings they name (20 skus a
        // call), so the next compare starts from what Amazon shows after the sale. FBA counts and
        // the rest of the catalog wait for the full read.
        const o = await pullOrders(api, config, ctx);
        pulledOrders = o.orders;
        const since = ctx.cursors.orders_last_updated ?? '';
        const skus = [...new Set(o.orders.filter((x) => x.updatedAt > since && x.fulfilment === 'merchant').flatMap((x) => x.lines.map((l) => l.sku)))];
        const items = skus.length ? await listingsBySku(api, config, skus, [...LISTING_DATA]) : new Map();
        const listings = [...items.values()].map((item) => toRemoteListing(item, config.marketplace_ids[0]!, config.product_type));
        return { listings, orders: o.orders, managedCounts: [], cursors: { orders_last_updated: o.cursor }, warnings: o.warnings };
      }
      const l = await pullListings(api, http, clock, config, ctx);
      const counts = fba ? await pullFbaCounts(api, config, fba) : [];
      const o = await pullOrders(api, config, ctx);
      pulledOrders = o.orders;
      return { listings: l.listings, orders: o.orders, managedCounts: counts, cursors: { ...l.cursors, orders_last_updated: o.cursor }, warnings: [...l.warnings, ...o.warnings] };
    },
    confirm: (ctx, pending) => confirmAccepted(pending, { api, http, config, now: ctx.now(), orders: pulledOrders }),
    async *push(ctx, changes: readonly Change[]): AsyncGenerator<ChangeOutcome> {
      const sendable = await withProductTypes(api, config, changes.filter((c) => c.action === 'stock' || c.action === 'price'));
      for (const c of changes) if (c.action !== 'stock' && c.action !== 'price') yield { key: c.key, outcome: 'skipped', message: `${c.channelSku}: omni does not send ${c.action} changes to Amazon` };
      const skus = new Set(sendable.map((c) => c.channelSku)).size;
      const method = choosePushMethod(skus, config.feed_processing_seconds, config.push_method);
      ctx.log.info(`amazon: ${skus} sku(s) by ${method === 'feed' ? 'JSON_LISTINGS_FEED' : 'patchListingsItem'}`);
      yield* method === 'feed' ? pushByFeed(api, http, clock, config, sendable, ctx.log) : pushByPatch(api, config, sendable);
    },
  };
}

export default defineConnector({
  type: 'amazon',
  configSchema: amazonConfigSchema,
  create(config, deps) {
    // The FBA location: named, or the one declared as managed by this channel.
    const fba = config.fba_location;
    if (fba && !deps.locations.includes(fba)) throw usageError(`channels.${deps.name}.fba_location: unknown location "${fba}".`);
    return createAmazonConnector(config, { ...deps, fbaLocation: fba ?? deps.managedLocations?.[0] });
  },
});
