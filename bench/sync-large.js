// A whole `sync` of a large catalog, in this process, against both sandboxes: Amazon with N
// merchant-fulfilled listings (past the 1,000 skus searchListingsItems pages through, so the pull
// reads the GET_MERCHANT_LISTINGS_ALL_DATA report) and Shopify with N single-variant products
// (past bulk_threshold, so a bulk operation). The master holds the same N products with warehouse
// stock, so the first run pushes N changes per channel (Amazon by one feed, Shopify by
// inventorySetQuantities of 250) and the second finds nothing to send — the proof that every
// listing was read.
//
// Time is a fake clock shared by omni and the sandboxes (as in test/support/inprocess-world.ts):
// rate-limit waits, feed and report processing and bulk polling take no wall time, so the figures
// are omni's own work plus the sandboxes' (loopback HTTP, SQLite, the emulators). Not a test: it
// measures. `npm run bench -- sync-large` (after `npm run build`); `node bench/sync-large.js N`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startShopifySandbox } from '../dist/connectors/shopify/sandbox/index.js';
import { startAmazonSandbox } from '../dist/connectors/amazon/sandbox/index.js';
import { createDemo } from '../dist/src/app/demo.js';
import { openWorkspace } from '../dist/src/app/workspace.js';
import { sync } from '../dist/src/app/sync.js';
import { importProducts } from '../dist/src/app/products-import.js';
import { applyCount } from '../dist/src/db/ledger.js';
import { generateAmazonSeed } from './push-amazon.js';
import { generateShopifySeed } from './push-shopify.js';
import { TOKEN, channelBlocks } from './bench-channels.js';

const skuOf = (i) => `BENCH-${String(i).padStart(6, '0')}`;

function fakeClock() {
  let t = Date.parse('2026-11-10T12:00:00Z');
  return { now: () => t, sleep: async (ms) => { t += ms; } };
}

async function world(n) {
  const clock = fakeClock();
  const amazonSeed = generateAmazonSeed(n);
  const shopifySeed = generateShopifySeed(n);
  const amazon = await startAmazonSandbox({ port: 0, now: clock.now, seed: amazonSeed, feedProcessingMs: 30_000 });
  const shopify = await startShopifySandbox({ port: 0, now: clock.now, seed: shopifySeed, accessToken: TOKEN });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-bench-sync-'));
  await createDemo({ dir, business: false });
  writeFileSync(path.join(dir, 'config.yaml'), `database: omni.sqlite
locations:
  - { code: store, kind: store }
  - { code: warehouse, kind: warehouse }
channels:
${channelBlocks(shopify, amazon)}`);
  const open = () => openWorkspace({ config: path.join(dir, 'config.yaml') }, { write: true });
  // The same catalog in the master (both generators name the skus BENCH-000001 …), 20 units more
  // in the warehouse than either channel shows.
  const ws = await open();
  try {
    const file = path.join(dir, 'bench-products.csv');
    const rows = amazonSeed.listings.map((l) => `${l.sku},${l.itemName},10.00`);
    writeFileSync(file, ['sku,title,price', ...rows].join('\n'));
    await importProducts(ws.db, file, 'EUR');
    ws.db.transaction(() => {
      for (let i = 1; i <= n; i++) applyCount(ws.db, { sku: skuOf(i), location: 'warehouse', counted: 30 + (i % 50), idempotencyKey: `bench:${i}`, reason: 'bench' });
    });
  } finally { ws.close(); }
  const silent = { info() {}, debug() {}, warn() {} };
  return {
    async run(channel) {
      const w = await open();
      const t = performance.now();
      try {
        const [r] = await sync(w, { channels: [channel], dryRun: false, force: false, clock, now: () => new Date(clock.now()), log: silent });
        return { ms: performance.now() - t, r };
      } finally { w.close(); }
    },
    async close() { await amazon.close(); await shopify.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function benchSyncLarge(sizes = [10_000]) {
  const rows = [];
  for (const n of sizes) {
    const w = await world(n);
    try {
      for (const channel of ['amazon', 'shopify']) {
        const first = await w.run(channel);
        const second = await w.run(channel);
        rows.push({
          channel, skus: n,
          'listings read': first.r.plan?.summary.listings ?? 0,
          'first run s': +(first.ms / 1000).toFixed(1), 'changes sent': first.r.outcomes.length,
          'landed': (first.r.counts.applied ?? 0) + (first.r.counts.accepted ?? 0),
          'second run s': +(second.ms / 1000).toFixed(1), 'changes left': second.r.plan?.changes.length ?? -1,
          status: `${first.r.status}/${second.r.status}`,
        });
      }
    } finally { await w.close(); }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  console.table(await benchSyncLarge(sizes.length ? sizes : undefined));
}
