// Push N stock changes through the real Shopify connector (createShopifyConnector → push →
// pushStock → ShopifyGraphql, over loopback HTTP) against the Shopify sandbox with its real cost
// bucket (2,000 points, 100 points/s restore, THROTTLED when empty). Measured: the push alone —
// no pull, plan or journal — from the first call to the last outcome, with a fresh connector each
// time (so it knows nothing of the bucket until the first response tells it).
//
// Reference ("what the bucket allows"): Shopify takes at most 250 quantities per
// inventorySetQuantities, so the fewest calls are ceil(N/250). Each call costs what the sandbox
// charges (read from its extensions.cost, 10 points for a mutation). The bucket lets call k start
// once k·cost points are there: ((calls·cost − level at start) / restoreRate) s for the last one.
// No client can finish before that plus the last call's own service time, nor before the sandbox
// has served every call one after the other; so floor = max(bucket time + one call, all calls),
// with the sandbox's service time measured in the same run by posting the same mutation documents
// straight to it (plain fetch, no connector, full bucket). Two starting states: a full bucket, and
// an empty one (as after a pull or another app spent it). Goal: wall time within 10% of the floor.
import { createShopifyConnector } from '../dist/connectors/shopify/index.js';
import { shopifyConfigSchema } from '../dist/connectors/shopify/config.js';
import { SET_QUANTITIES_MUTATION } from '../dist/connectors/shopify/queries.js';
import { MAX_QUANTITIES_PER_CALL } from '../dist/connectors/shopify/push.js';
import { startShopifySandbox, DEFAULT_BUCKET } from '../dist/connectors/shopify/sandbox/index.js';
import { request } from 'undici';

const LOCATION = 'gid://shopify/Location/70000000001';
const TOKEN = 'shpat_bench';
const silent = { info() {}, debug() {}, warn() {} };

/** A shop with `n` single-variant products stocked at one location (the data generator). */
export function generateShopifySeed(n) {
  const at = '2026-01-01T00:00:00Z';
  const products = [];
  for (let i = 1; i <= n; i++) {
    const num = 8_000_000_000_000 + i;
    products.push({
      id: `gid://shopify/Product/${num}`, title: `Bench product ${i}`, handle: `bench-${i}`, descriptionHtml: '', vendor: 'Bench',
      status: 'ACTIVE', createdAt: at, updatedAt: at,
      variants: [{
        id: `gid://shopify/ProductVariant/${num}`, inventoryItemId: `gid://shopify/InventoryItem/${num}`, sku: skuOf(i), title: 'Default Title',
        price: '10.00', inventory: { [LOCATION]: { available: 10 + (i % 50) } },
      }],
    });
  }
  return {
    shop: { id: 'gid://shopify/Shop/1', name: 'bench shop', email: 'bench@example.com', myshopifyDomain: 'bench.myshopify.com', currencyCode: 'EUR' },
    locations: [{ id: LOCATION, name: 'Warehouse', isActive: true, fulfillsOnlineOrders: true, createdAt: at }],
    products, customers: [], orders: [],
  };
}

const skuOf = (i) => `BENCH-${String(i).padStart(6, '0')}`;

/** One stock change per product: the pulled quantity as `before`, a different one as `after`. */
function stockChanges(seed) {
  return seed.products.map((p, i) => {
    const v = p.variants[0];
    const before = v.inventory[LOCATION].available;
    return {
      channel: 'shopify', sku: v.sku, channelSku: v.sku, action: 'stock', before, after: before + 1 + (i % 7), key: `bench-${v.sku}`, reason: 'bench',
      target: { remoteId: p.id, remoteVariantId: v.id, inventoryItemId: v.inventoryItemId },
    };
  });
}

function connectorFor(sandbox) {
  const config = shopifyConfigSchema.parse({
    shop: 'bench', access_token: TOKEN, endpoint: sandbox.url, location_map: { warehouse: LOCATION }, stock_from: ['warehouse'],
  });
  return createShopifyConnector(config, 'shopify');
}

const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;

/** The connector's push, timed; every outcome must be `applied` and the sandbox must agree. */
async function timedPush(sandbox, changes) {
  const connector = connectorFor(sandbox);
  const t = process.hrtime.bigint();
  const outcomes = [];
  for await (const o of connector.push({ runId: 1, now: () => new Date(), log: silent }, changes)) outcomes.push(o);
  const wallMs = ms(t);
  const notApplied = outcomes.filter((o) => o.outcome !== 'applied');
  if (outcomes.length !== changes.length || notApplied.length) throw new Error(`push: ${outcomes.length} outcomes, ${notApplied.length} not applied: ${notApplied[0]?.message}`);
  for (const c of [changes[0], changes[changes.length - 1]]) {
    if (sandbox.quantity(c.sku, 'Warehouse') !== c.after) throw new Error(`sandbox has ${sandbox.quantity(c.sku, 'Warehouse')} for ${c.sku}, pushed ${c.after}`);
  }
  return { wallMs, stats: { ...connector.gql.stats }, mutations: sandbox.mutationCounts().inventorySetQuantities ?? 0 };
}

/** The sandbox's own service time for the same mutations, posted straight to it (bucket kept full). */
async function rawCalls(sandbox, changes) {
  const times = [];
  let cost = 0;
  for (let i = 0; i < changes.length; i += MAX_QUANTITIES_PER_CALL) {
    const batch = changes.slice(i, i + MAX_QUANTITIES_PER_CALL);
    const input = {
      name: 'available', reason: 'correction', referenceDocumentUri: 'gid://omni/SyncRun/1',
      quantities: batch.map((c) => ({ inventoryItemId: c.target.inventoryItemId, locationId: LOCATION, quantity: c.after, changeFromQuantity: c.before })),
    };
    sandbox.setBucket(Infinity); // a full bucket for every call: service time only, never THROTTLED
    const t = process.hrtime.bigint();
    const res = await request(sandbox.graphqlUrl, { // the HTTP client the connector uses
      method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-access-token': TOKEN },
      body: JSON.stringify({ query: SET_QUANTITIES_MUTATION(`raw-${i}`), variables: { input } }),
    });
    const body = await res.body.json();
    times.push(ms(t));
    if (body.errors || body.data.inventorySetQuantities.userErrors.length) throw new Error(`raw call failed: ${JSON.stringify(body.errors ?? body.data.inventorySetQuantities.userErrors[0])}`);
    cost = body.extensions.cost.actualQueryCost;
  }
  return { times, cost, serviceMs: times.reduce((a, b) => a + b, 0) };
}

const median = (runs, key) => [...runs].sort((x, y) => key(x) - key(y))[Math.floor(runs.length / 2)];

export async function benchPushShopify(sizes = [1_000, 10_000, 100_000]) {
  const bucket = DEFAULT_BUCKET; // the sandbox default: 2,000 points, Shopify's Standard restore rate
  const starts = [bucket.maximumAvailable, 0];
  const rows = [];
  for (const n of sizes) {
    const seed = generateShopifySeed(n);
    const changes = stockChanges(seed);
    const sandbox = await startShopifySandbox({ port: 0, accessToken: TOKEN, seed, bucket });
    try {
      // Warm up both sides (JIT, the keep-alive socket): the first pushes of a process run 2-3x slower.
      for (let i = 0; i < 4; i++) {
        sandbox.reset();
        await timedPush(sandbox, changes.slice(0, 2500));
        sandbox.reset();
        await rawCalls(sandbox, changes.slice(0, 2500));
      }
      // Short runs are noisy: the median of a few, the sandbox-only run interleaved with the pushes.
      const reps = n <= 1_000 ? 5 : n <= 10_000 ? 3 : 1;
      const raws = [];
      const pushes = starts.map(() => []);
      for (let i = 0; i < reps; i++) {
        sandbox.reset(); // the seed again, a full bucket, no idempotency keys, zeroed counters
        raws.push(await rawCalls(sandbox, changes));
        for (const [k, level] of starts.entries()) {
          sandbox.reset();
          sandbox.setBucket(level);
          pushes[k].push(await timedPush(sandbox, changes));
        }
      }
      const raw = median(raws, (r) => r.serviceMs);
      const minCalls = Math.ceil(n / MAX_QUANTITIES_PER_CALL);
      for (const [k, level] of starts.entries()) {
        const r = median(pushes[k], (x) => x.wallMs);
        const bucketMs = (Math.max(0, minCalls * raw.cost - level) / bucket.restoreRate) * 1000;
        const floorMs = Math.max(bucketMs + raw.times[raw.times.length - 1], raw.serviceMs);
        rows.push({
          bench: 'push-shopify', changes: n, bucketAtStart: `${level}/${bucket.maximumAvailable} +${bucket.restoreRate}/s`,
          mutations: r.mutations, minCalls, httpCalls: r.stats.calls, throttled: r.stats.throttled, costPerCall: raw.cost,
          wallMs: Math.round(r.wallMs), bucketMs: Math.round(bucketMs), serviceMs: Math.round(raw.serviceMs), floorMs: Math.round(floorMs),
          ratio: (r.wallMs / floorMs).toFixed(2), goal: 'mutations = min, ≤ 1.10',
        });
      }
    } finally {
      await sandbox.close();
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchPushShopify(process.argv[2] ? process.argv.slice(2).map(Number) : undefined));
