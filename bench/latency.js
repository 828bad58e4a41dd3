// `npm run bench -- latency`: how long a sale takes to reach every other channel under omni watch.
// Both sandboxes with N listings each (default 10,000; `node bench/latency.js --listings 2000`)
// and their documented rate limits (Amazon's token buckets per operation, Shopify's cost bucket),
// the master holding the same N products. Over a simulated run (default 30 minutes) sales land at
// random moments on Shopify and Amazon and stock adjustments at the terminal, each on its own sku;
// for each, the time from the sale to the moment every other channel shows its effect.
//
// SIMULATED: time is one fake clock shared by omni (the watch loop's waits, the connectors' rate
// limiters and retries) and the sandboxes (their buckets, feed processing). A wait costs no wall
// time; the figures are simulated seconds, from the intervals omni chose under the documented
// limits plus the simulated waits — not network latency. Calls/min and RSS are real counts of this
// process. The POS route is not in it (a POS is read from local files on file events; its latency
// is the 5 s poll at worst), and Amazon's own processing delay of an accepted patch is 0 here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startShopifySandbox } from '../dist/connectors/shopify/sandbox/index.js';
import { startAmazonSandbox } from '../dist/connectors/amazon/sandbox/index.js';
import { merchantQuantity } from '../dist/connectors/amazon/sandbox/store.js';
import { createDemo } from '../dist/src/app/demo.js';
import { openWorkspace } from '../dist/src/app/workspace.js';
import { importProducts } from '../dist/src/app/products-import.js';
import { applyCount, applyMovement } from '../dist/src/db/ledger.js';
import { watchSettings } from '../dist/src/app/watch/settings.js';
import { watchLoop } from '../dist/src/app/watch/loop.js';
import { percentile } from '../dist/src/core/watch-timing.js';
import { generateAmazonSeed } from './push-amazon.js';
import { generateShopifySeed } from './push-shopify.js';

const TOKEN = 'shpat_bench';
const SHOPIFY_LOCATION = 'gid://shopify/Location/70000000001';
const skuOf = (i) => `BENCH-${String(i).padStart(6, '0')}`;
const initial = (i) => 30 + (i % 50);

/** A seeded random (mulberry32): the same run every time. */
function random(seed) {
  let a = seed;
  return () => { a |= 0; a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

export async function benchLatency({ listings = 10_000, minutes = 30, sales = 100, adjustments = 20, idleMinutes = 30 } = {}) {
  let t = Date.parse('2026-11-10T12:00:00Z');
  const amazonSeed = generateAmazonSeed(listings);
  const amazon = await startAmazonSandbox({ port: 0, now: () => t, seed: amazonSeed, feedProcessingMs: 30_000 });
  const shopify = await startShopifySandbox({ port: 0, now: () => t, seed: generateShopifySeed(listings), accessToken: TOKEN });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-bench-latency-'));
  await createDemo({ dir, business: false });
  writeFileSync(path.join(dir, 'config.yaml'), `database: omni.sqlite
locations:
  - { code: store, kind: store }
  - { code: warehouse, kind: warehouse }
channels:
  shopify:
    type: shopify
    shop: bench.myshopify.com
    endpoint: ${shopify.url}
    access_token: ${TOKEN}
    location_map: { warehouse: ${SHOPIFY_LOCATION} }
    stock_from: [warehouse]
    guards: { max_zeroed_share: "100%" }
  amazon:
    type: amazon
    endpoint: ${amazon.url}
    lwa_endpoint: ${amazon.lwaUrl}
    seller_id: ${amazon.sellerId}
    marketplace_ids: [${amazon.marketplaceId}]
    client_id: ${amazon.credentials.clientId}
    client_secret: ${amazon.credentials.clientSecret}
    refresh_token: ${amazon.credentials.refreshToken}
    stock_from: [warehouse]
    guards: { max_zeroed_share: "100%" }
watch: {}
`);
  const ws = await openWorkspace({ config: path.join(dir, 'config.yaml') });
  const file = path.join(dir, 'bench-products.csv');
  writeFileSync(file, ['sku,title,price', ...amazonSeed.listings.map((l) => `${l.sku},${l.itemName},10.00`)].join('\n'));
  await importProducts(ws.db, file, 'EUR');
  ws.db.transaction(() => { for (let i = 1; i <= listings; i++) applyCount(ws.db, { sku: skuOf(i), location: 'warehouse', counted: initial(i), idempotencyKey: `bench:${i}`, reason: 'bench' }); });

  // The events: each on its own sku, at a random moment after the start-up reconcile.
  const rnd = random(12);
  const start = t;
  const skus = new Set();
  const pick = () => { for (;;) { const i = 1 + Math.floor(rnd() * listings); if (!skus.has(i)) { skus.add(i); return i; } } };
  const events = [];
  for (const [route, count] of [['shopify', sales], ['amazon', sales], ['terminal', adjustments]]) {
    for (let k = 0; k < count; k++) events.push({ route, i: pick(), q: 1 + Math.floor(rnd() * 3), at: start + 60_000 + Math.floor(rnd() * (minutes - 1) * 60_000) });
  }
  events.sort((a, b) => a.at - b.at);
  const shopifyQ = (i) => shopify.quantity(skuOf(i), 'Warehouse');
  const amazonQ = (i) => merchantQuantity(amazon.store().listings.get(skuOf(i)));
  const fire = (e) => {
    if (e.route === 'shopify') shopify.createOrder({ lineItems: [{ sku: skuOf(e.i), quantity: e.q }], locationId: SHOPIFY_LOCATION });
    else if (e.route === 'amazon') amazon.createOrder({ lines: [{ sku: skuOf(e.i), quantity: e.q }] });
    else applyMovement(ws.db, { sku: skuOf(e.i), location: 'warehouse', delta: -e.q, kind: 'adjustment', idempotencyKey: `bench-adjust:${e.i}` });
    e.fired = t;
  };
  const reached = (e) => {
    const want = initial(e.i) - e.q;
    return (e.route === 'shopify' || shopifyQ(e.i) === want) && (e.route === 'amazon' || amazonQ(e.i) === want);
  };
  let next = 0;
  const pending = new Set();
  let rss = [];
  let idleFrom;
  let calls;
  const stop = new AbortController();
  const end = start + (minutes + idleMinutes) * 60_000;
  const clock = {
    now: () => t,
    // Events land at their moment inside a wait; the loop then sees them at its next read.
    sleep: async (ms) => {
      const until = t + ms;
      while (next < events.length && events[next].at <= until) { t = Math.max(t, events[next].at); fire(events[next]); pending.add(events[next]); next++; }
      t = until;
      if (idleFrom === undefined && next === events.length && pending.size === 0) {
        idleFrom = t;
        calls = { amazon: Object.values(amazon.calls()).reduce((a, b) => a + b, 0), shopify: shopify.requestCount() };
      }
      if (t >= end) stop.abort();
    },
  };
  const silent = { info() {}, debug() {}, warn() {} };
  const wall = performance.now();
  await watchLoop(ws, watchSettings(ws.config, { all: true }), {
    clock, stop: stop.signal, log: silent, lockTimeoutMs: 30_000,
    onCycle: () => {
      for (const e of pending) if (reached(e)) { e.latency = t - e.fired; pending.delete(e); if (process.env.BENCH_TRACE && e.latency > 30_000) console.error(`${e.route} ${skuOf(e.i)} fired +${(e.fired - start) / 1000}s took ${e.latency / 1000}s`); }
      rss.push(process.memoryUsage().rss);
    },
  });
  const idleMin = idleFrom !== undefined ? (t - idleFrom) / 60_000 : 0;
  const idle = idleFrom !== undefined ? {
    amazon: (Object.values(amazon.calls()).reduce((a, b) => a + b, 0) - calls.amazon) / idleMin,
    shopify: (shopify.requestCount() - calls.shopify) / idleMin,
  } : { amazon: NaN, shopify: NaN };
  ws.close();
  await amazon.close(); await shopify.close(); rmSync(dir, { recursive: true, force: true });

  const s = (ms) => (ms === undefined ? '-' : +(ms / 1000).toFixed(1));
  const rows = [];
  for (const [route, to] of [['shopify', 'amazon'], ['amazon', 'shopify'], ['terminal', 'shopify+amazon']]) {
    const done = events.filter((e) => e.route === route && e.latency !== undefined).map((e) => e.latency);
    // The start-up reconcile sends every listing (an Amazon feed that processes for minutes); events
    // in its first 5 minutes wait for it. Shown apart, not left out.
    const settled = events.filter((e) => e.route === route && e.latency !== undefined && e.fired - start >= 5 * 60_000).map((e) => e.latency);
    rows.push({ route: `${route} → ${to}`, events: events.filter((e) => e.route === route).length, reached: done.length,
      'p50 s': s(percentile(done, 50)), 'p95 s': s(percentile(done, 95)), 'max s': s(done.length ? Math.max(...done) : undefined),
      'p95 s from min 5': s(percentile(settled, 95)), 'max s from min 5': s(settled.length ? Math.max(...settled) : undefined) });
  }
  const mb = (b) => Math.round(b / 1024 / 1024);
  const quarter = Math.max(1, Math.floor(rss.length / 4));
  rows.push({ route: `idle ${idleMin.toFixed(0)} min: API calls/min`, events: '-', reached: '-', 'p50 s': `amazon ${idle.amazon.toFixed(2)}`, 'p95 s': `shopify ${idle.shopify.toFixed(1)}`, 'max s': '-' });
  rows.push({ route: `RSS MB (first/last quarter, max) over ${listings} listings`, events: '-', reached: '-',
    'p50 s': mb(Math.max(...rss.slice(0, quarter))), 'p95 s': mb(Math.max(...rss.slice(-quarter))), 'max s': mb(Math.max(...rss)) });
  rows.push({ route: `wall time s (simulated ${minutes + idleMinutes} min)`, events: '-', reached: '-', 'p50 s': +((performance.now() - wall) / 1000).toFixed(0), 'p95 s': '-', 'max s': '-' });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, d) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
  console.table(await benchLatency({ listings: arg('listings', 10_000), minutes: arg('minutes', 30), sales: arg('sales', 100), adjustments: arg('adjustments', 20), idleMinutes: arg('idle', 30) }));
}
