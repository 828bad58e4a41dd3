// Catalogs past what one listing read returns: 10,000 skus on Amazon (searchListingsItems pages
// through 1,000 at most; the rest comes from the listing report) and 10,000 variants on Shopify
// (a bulk operation). Every listing is read, every difference pushed, and a second run finds
// nothing left to send. In-process on a fake clock, against the sandboxes.
import { afterEach, expect, it } from 'vitest';
import { inProcessWorld, type InProcessWorld } from '../support/inprocess-world.js';
import { addBigProducts, bigAmazonSeed, bigShopifySeed, bigSku, bigStock } from '../support/big-catalog.js';
import { amazonQuantity } from '../support/channels-workspace.js';

let w: InProcessWorld | undefined;
afterEach(async () => { await w?.close(); w = undefined; });

// Over every limit that matters (1,000 skus searchListingsItems pages through; bulk_threshold) and
// small enough for CI on two cores. 10,000 skus: `npm run bench -- sync-large`.
const N = 2_500;

it('a 2,500-sku Amazon catalog is read whole (listing report) and synced completely', async () => {
  w = await inProcessWorld({ amazonSandbox: { seed: bigAmazonSeed(N), feedProcessingMs: 10_000 } });
  await w.withDb((ws) => addBigProducts(ws.db, w!.dir, N));
  const [first] = await w.sync(['amazon']);
  expect(first!.status, first!.error).toBe('ok');
  expect(first!.plan!.summary.listings).toBe(N + 8);
  expect(first!.applied!.warnings.filter((x) => /incomplete|not ready/.test(x))).toEqual([]);
  expect(w.amazon.calls().createReport).toBe(1);
  expect(first!.counts.applied).toBeGreaterThanOrEqual(N);
  for (const i of [0, 1, 999, 1000, 2000, N - 1]) expect(amazonQuantity(w.amazon, bigSku(i)), bigSku(i)).toBe(Math.floor(bigStock(i) * 0.8));
  const [second] = await w.sync(['amazon']);
  expect(second!.status).toBe('ok');
  expect(second!.plan!.summary.listings).toBe(N + 8);
  expect(second!.plan!.changes).toEqual([]);
}, 120_000);

it('a 2,500-variant Shopify catalog is read whole (bulk operation) and synced completely', async () => {
  w = await inProcessWorld({ shopify: '    bulk_threshold: 1000\n', shopifySandbox: { seed: bigShopifySeed(N), bulkPollsUntilDone: 3 } });
  await w.withDb((ws) => addBigProducts(ws.db, w!.dir, N));
  const [first] = await w.sync(['shopify']);
  expect(first!.status, first!.error).toBe('ok');
  expect(first!.plan!.summary.listings).toBe(N + 10);
  expect(first!.applied!.warnings.filter((x) => /incomplete|not stocked/.test(x))).toEqual([]);
  expect(w.shopify.requests().some((r) => r.rootFields.includes('bulkOperationRunQuery'))).toBe(true);
  expect(first!.counts.applied).toBeGreaterThanOrEqual(N);
  // published: the warehouse count (nothing in the shop) less the buffer of 2
  for (const i of [0, 1, 999, 1000, 2000, N - 1]) expect(w.shopify.quantity(bigSku(i), 'Warehouse'), bigSku(i)).toBe(bigStock(i) - 2);
  const [second] = await w.sync(['shopify']);
  expect(second!.status).toBe('ok');
  expect(second!.plan!.summary.listings).toBe(N + 10);
  expect(second!.plan!.changes).toEqual([]);
}, 120_000);
