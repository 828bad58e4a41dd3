// `npm run bench -- latency`: how long a sale takes to reach every other channel under omni watch.
// Both sandboxes with N listings each (default 10,000; `node bench/latency.js --listings 2000`)
// and their documented rate limits (Amazon's token buckets per operation, Shopify's cost bucket),
// a POS export folder, the master holding the same N products.
//
// Two omni watch processes, one after the other, as a shop would run it:
// 1. COLD START: the master and the channels start out of step (every listing's quantity differs);
//    the first watch runs until both channels show the master's quantities (the start-up reconcile:
//    all N listings to Amazon as a feed, to Shopify in batches), then stops. Reported on its own.
// 2. MEASURED: a fresh watch on the shop now in step, as after a restart. Its own start-up reconcile
//    (a full read of every channel, ~nothing to push) is timed apart; the measured window starts when
//    it is done. Over a simulated run (default 30 minutes) sales land at random moments on Shopify and
//    Amazon, POS sales exports are dropped into the POS folder, and stock adjustments are made at
//    the terminal, each on its own sku; for each, the time from the sale to the moment every other
//    channel shows its effect. Then idle minutes (default 30) for the idle API calls.
//
// SIMULATED: time is one fake clock shared by omni (the watch loop's waits, the connectors' rate
// limiters and retries) and the sandboxes (their buckets, feed processing). A wait costs no wall
// time; the figures are simulated seconds, from the intervals omni chose under the documented
// limits plus the simulated waits — not network latency. A POS file drop wakes watch at once, as
// the folder's file events do on a local disk (`--no-file-events`: the 5 s poll only). Amazon
// applies an accepted patch at once and a feed after 30 s; its real processing delay is not modelled.
// REAL: API calls are counted by the sandboxes; omni's RSS is its own process's (the sandboxes run
// in this process, omni watch in bench/latency-omni-child.js).
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startShopifySandbox } from '../dist/connectors/shopify/sandbox/index.js';
import { startAmazonSandbox } from '../dist/connectors/amazon/sandbox/index.js';
import { merchantQuantity } from '../dist/connectors/amazon/sandbox/store.js';
import { createDemo } from '../dist/src/app/demo.js';
import { openWorkspace } from '../dist/src/app/workspace.js';
import { importProducts } from '../dist/src/app/products-import.js';
import { applyCount, applyMovement } from '../dist/src/db/ledger.js';
import { percentile } from '../dist/src/core/watch-timing.js';
import { WATCH_NODE_FLAGS } from '../dist/src/app/watch/node-flags.js';
import { generateAmazonSeed } from './push-amazon.js';
import { generateShopifySeed } from './push-shopify.js';
import { TOKEN, SHOPIFY_LOCATION, channelBlocks } from './bench-channels.js';

const CHILD = fileURLToPath(new URL('./latency-omni-child.js', import.meta.url));
const skuOf = (i) => `BENCH-${String(i).padStart(6, '0')}`;
const initial = (i) => 30 + (i % 50);
const POS_HEADER = 'receipt,date,time,sku,quantity,unit_price,type';

/** A seeded random (mulberry32): the same run every time. */
function random(seed) {
  let a = seed;
  return () => { a |= 0; a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

/**
 * One omni watch process on the shared clock. `onSleep(ms, interruptible)` advances the clock and
 * says whether a POS file was dropped / watch must stop; `onCycle(rss)` after every cycle.
 */
function runOmni(configFile, startMs, { onSleep, onCycle }) {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [configFile, String(startMs)], { execArgv: process.env.BENCH_OMNI_FLAGS !== undefined ? process.env.BENCH_OMNI_FLAGS.split(' ').filter(Boolean) : [...WATCH_NODE_FLAGS], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let done;
    child.on('message', async (m) => {
      if (m.type === 'sleep') child.send({ id: m.id, ...(await onSleep(m.ms, m.interruptible)) });
      else if (m.type === 'cycle') onCycle(m.rss, m.channel, m.kind, m.heap);
      else if (m.type === 'done') done = m;
    });
    child.on('error', reject);
    child.on('exit', (code) => (done ? resolve(done) : reject(new Error(`omni watch child exited ${code} before it finished`))));
  });
}

export async function benchLatency({ listings = 10_000, minutes = 30, sales = 100, posDrops = 50, adjustments = 20, idleMinutes = 30, fileEvents = true } = {}) {
  let t = Date.parse('2026-11-10T12:00:00Z');
  const amazonSeed = generateAmazonSeed(listings);
  const amazon = await startAmazonSandbox({ port: 0, now: () => t, seed: amazonSeed, feedProcessingMs: 30_000 });
  const shopify = await startShopifySandbox({ port: 0, now: () => t, seed: generateShopifySeed(listings), accessToken: TOKEN });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-bench-latency-'));
  await createDemo({ dir, business: false });
  const posDir = path.join(dir, 'pos-exports');
  mkdirSync(posDir);
  // The POS export the shop starts from (the first read takes only the newest file, as history).
  writeFileSync(path.join(posDir, 'sales-00000.csv'), `${POS_HEADER}\n`);
  const configFile = path.join(dir, 'config.yaml');
  writeFileSync(configFile, `database: omni.sqlite
locations:
  - { code: store, kind: store }
  - { code: warehouse, kind: warehouse }
channels:
${channelBlocks(shopify, amazon)}  pos:
    type: pos-file
    preset: generic
    location: warehouse
    sales_file: pos-exports/sales-*.csv
    import_file: pos-imports/import-{date}.csv
    stock_from: [warehouse]
    guards: { max_zeroed_share: "100%" }
watch: {}
`);
  const ws = await openWorkspace({ config: configFile });
  const file = path.join(dir, 'bench-products.csv');
  writeFileSync(file, ['sku,title,price', ...amazonSeed.listings.map((l) => `${l.sku},${l.itemName},10.00`)].join('\n'));
  await importProducts(ws.db, file, 'EUR');
  ws.db.transaction(() => { for (let i = 1; i <= listings; i++) applyCount(ws.db, { sku: skuOf(i), location: 'warehouse', counted: initial(i), idempotencyKey: `bench:${i}`, reason: 'bench' }); });
  const shopifyQ = (i) => shopify.quantity(skuOf(i), 'Warehouse');
  const amazonQ = (i) => merchantQuantity(amazon.store().listings.get(skuOf(i)));
  const wall = performance.now();
  const mb = (b) => Math.round(b / 1024 / 1024);

  // 1. Cold start: watch until every listing on both channels shows the master's quantity.
  const coldFrom = t;
  let inStepAt;
  const coldRss = [];
  const inStep = () => { for (let i = 1; i <= listings; i++) if (shopifyQ(i) !== initial(i) || amazonQ(i) !== initial(i)) return false; return true; };
  const cold = await runOmni(configFile, t, {
    onSleep: async (ms) => { t += ms; return { t, stop: inStepAt !== undefined || t - coldFrom > 3 * 3600_000 }; },
    onCycle: (rss) => { coldRss.push(rss); if (inStepAt === undefined && inStep()) inStepAt = t; },
  });

  // 2. Measured: a fresh watch on the shop in step. Its own start-up reconcile (a full read of every
  // channel, finding ~nothing to push) runs first and is timed apart; the measured window starts
  // when every channel has been reconciled once; the events land at random moments over `minutes`.
  const rnd = random(12);
  const warmFrom = t;
  const reconciled = new Set();
  let start;
  let end = Infinity;
  const skus = new Set();
  const pick = () => { for (;;) { const i = 1 + Math.floor(rnd() * listings); if (!skus.has(i)) { skus.add(i); return i; } } };
  const events = [];
  const beginMeasuring = () => {
    start = t;
    end = start + (minutes + idleMinutes) * 60_000;
    for (const [route, count] of [['shopify', sales], ['amazon', sales], ['terminal', adjustments], ['pos', posDrops]]) {
      for (let k = 0; k < count; k++) events.push({ route, i: pick(), q: 1 + Math.floor(rnd() * 3), at: start + 1 + Math.floor(rnd() * minutes * 60_000) });
    }
    events.sort((a, b) => a.at - b.at);
  };
  let drops = 0;
  const fire = (e) => {
    if (e.route === 'shopify') shopify.createOrder({ lineItems: [{ sku: skuOf(e.i), quantity: e.q }], locationId: SHOPIFY_LOCATION });
    else if (e.route === 'amazon') amazon.createOrder({ lines: [{ sku: skuOf(e.i), quantity: e.q }] });
    else if (e.route === 'pos') {
      const at = new Date(t).toISOString();
      writeFileSync(path.join(posDir, `sales-${String(++drops).padStart(5, '0')}.csv`),
        `${POS_HEADER}\nB${drops},${at.slice(0, 10)},${at.slice(11, 19)},${skuOf(e.i)},${e.q},10.00,sale\n`);
    } else applyMovement(ws.db, { sku: skuOf(e.i), location: 'warehouse', delta: -e.q, kind: 'adjustment', idempotencyKey: `bench-adjust:${e.i}` });
    e.fired = t;
  };
  const reached = (e) => {
    const want = initial(e.i) - e.q;
    return (e.route === 'shopify' || shopifyQ(e.i) === want) && (e.route === 'amazon' || amazonQ(e.i) === want);
  };
  let next = 0;
  const pending = new Set();
  const rss = [];
  const heap = [];
  const startupRss = [];
  const reconcileRss = [];
  let idleFrom;
  let calls;
  const apiCalls = () => ({ amazon: Object.values(amazon.calls()).reduce((a, b) => a + b, 0), shopify: shopify.requestCount() });
  const warm = await runOmni(configFile, t, {
    // Events land at their moment inside a wait; watch sees them at its next read. A POS file
    // drop ends a loop wait there (file events), not a connector's rate-limit wait.
    onSleep: async (ms, interruptible) => {
      const until = t + ms;
      let fileEvent = false;
      while (next < events.length && events[next].at <= until) {
        const e = events[next++];
        t = Math.max(t, e.at); fire(e); pending.add(e);
        if (e.route === 'pos' && fileEvents) { fileEvent = true; if (interruptible) return { t, fileEvent }; }
      }
      t = until;
      if (start !== undefined && idleFrom === undefined && next === events.length && pending.size === 0) { idleFrom = t; calls = apiCalls(); }
      return { t, fileEvent, stop: t >= end || (start === undefined && t - warmFrom > 3 * 3600_000) };
    },
    onCycle: (r, channel, kind, heapUsed) => {
      if (start === undefined) {
        startupRss.push(r);
        if (kind === 'reconcile') reconciled.add(channel);
        if (reconciled.size === 3) beginMeasuring();
        return;
      }
      for (const e of pending) if (reached(e)) { e.latency = t - e.fired; pending.delete(e); if (process.env.BENCH_TRACE && e.latency > 30_000) console.error(`${e.route} ${skuOf(e.i)} fired +${(e.fired - start) / 1000}s took ${e.latency / 1000}s`); }
      rss.push(r); heap.push(heapUsed);
      if (kind === 'reconcile') reconcileRss.push(r);
    },
  });
  const idleMin = idleFrom !== undefined ? (t - idleFrom) / 60_000 : 0;
  const now = apiCalls();
  const idle = idleFrom !== undefined
    ? { amazon: (now.amazon - calls.amazon) / idleMin, shopify: (now.shopify - calls.shopify) / idleMin } : { amazon: NaN, shopify: NaN };
  const sandboxRss = process.memoryUsage().rss;
  ws.close();
  await amazon.close(); await shopify.close(); rmSync(dir, { recursive: true, force: true });

  const s = (ms) => (ms === undefined ? '-' : +(ms / 1000).toFixed(1));
  const rows = [];
  rows.push({ route: `cold start (out of step, ${listings} listings): until both channels show the master`, events: '-', reached: inStepAt !== undefined ? 'yes' : 'NO',
    'p50 s': '-', 'p95 s': '-', 'max s': s(inStepAt !== undefined ? inStepAt - coldFrom : undefined) });
  rows.push({ route: `restart in step: start-up reconcile of every channel (events wait for it)`, events: '-', reached: start !== undefined ? 'yes' : 'NO',
    'p50 s': '-', 'p95 s': '-', 'max s': s(start !== undefined ? start - warmFrom : undefined) });
  for (const [route, to] of [['shopify', 'amazon'], ['amazon', 'shopify'], ['terminal', 'shopify+amazon'], ['pos', 'shopify+amazon']]) {
    const done = events.filter((e) => e.route === route && e.latency !== undefined).map((e) => e.latency);
    rows.push({ route: `${route} → ${to} (in step)`, events: events.filter((e) => e.route === route).length, reached: done.length,
      'p50 s': s(percentile(done, 50)), 'p95 s': s(percentile(done, 95)), 'max s': s(done.length ? Math.max(...done) : undefined) });
  }
  rows.push({ route: `idle ${idleMin.toFixed(0)} min: API calls/min`, events: '-', reached: '-', 'p50 s': `amazon ${idle.amazon.toFixed(2)}`, 'p95 s': `shopify ${idle.shopify.toFixed(1)}`, 'max s': '-' });
  // omni's own process. Its steady level is the median RSS after a cycle over the first and the last
  // quarter of the run (flat = the last no more than 5% above the first); a full reconcile (at start,
  // then hourly, so in the last quarter of a 60-minute run) reads whole channels and peaks above it:
  // those peaks are shown apart, and the process's peak (VmHWM) holds them all.
  const quarter = Math.max(1, Math.floor(rss.length / 4));
  const firstQ = percentile(rss.slice(0, quarter), 50);
  const lastQ = percentile(rss.slice(-quarter), 50);
  const most = (a) => (a.length ? mb(Math.max(...a)) : '-');
  rows.push({ route: 'omni RSS MB (measured run): start / steady, first quarter / steady, last quarter', events: '-', reached: '-', 'p50 s': mb(warm.startRss), 'p95 s': mb(firstQ), 'max s': mb(lastQ) });
  rows.push({ route: 'omni RSS MB: at the start-up reconcile / at the hourly reconcile / flat?', events: '-', reached: '-', 'p50 s': most(startupRss), 'p95 s': most(reconcileRss), 'max s': lastQ <= firstQ * 1.05 ? 'flat' : `+${mb(lastQ - firstQ)} MB` });
  rows.push({ route: 'omni RSS MB (measured run): end / peak (VmHWM)', events: '-', reached: '-', 'p50 s': mb(warm.endRss), 'p95 s': mb(warm.peakRss), 'max s': '-' });
  // The least heap in use over a quarter of the cycles is about what stays alive after a GC.
  rows.push({ route: 'omni live heap MB (least heapUsed, first / last quarter)', events: '-', reached: '-', 'p50 s': mb(Math.min(...heap.slice(0, quarter))), 'p95 s': mb(Math.min(...heap.slice(-quarter))), 'max s': '-' });
  rows.push({ route: 'omni at the end MB: V8 heap total / external (Buffers, SQLite is not in it) / rest of RSS', events: '-', reached: '-', 'p50 s': mb(warm.heapTotal), 'p95 s': mb(warm.external), 'max s': mb(warm.endRss - warm.heapTotal - warm.external) });
  rows.push({ route: 'omni RSS MB (cold start): start / end / peak (VmHWM)', events: '-', reached: '-', 'p50 s': mb(cold.startRss), 'p95 s': mb(cold.endRss), 'max s': mb(cold.peakRss) });
  rows.push({ route: 'sandboxes + bench process RSS MB (not omni)', events: '-', reached: '-', 'p50 s': mb(sandboxRss), 'p95 s': '-', 'max s': '-' });
  rows.push({ route: `wall time s (simulated cold start + ${minutes + idleMinutes} min)`, events: '-', reached: '-', 'p50 s': +((performance.now() - wall) / 1000).toFixed(0), 'p95 s': '-', 'max s': '-' });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, d) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
  console.table(await benchLatency({ listings: arg('listings', 10_000), minutes: arg('minutes', 30), sales: arg('sales', 100), posDrops: arg('pos', 50),
    adjustments: arg('adjustments', 20), idleMinutes: arg('idle', 30), fileEvents: !process.argv.includes('--no-file-events') }));
}
