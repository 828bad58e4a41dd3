// A catalog of N generated products for the large-catalog tests: in the master (products and
// warehouse stock), on Amazon (merchant-fulfilled listings) and in Shopify (one variant each).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/db/open.js';
import { importProducts } from '../../src/app/products-import.js';
import { applyCount } from '../../src/db/ledger.js';
import type { AmazonSeed } from '../../connectors/amazon/sandbox/index.js';
import type { ShopifySeed } from '../../connectors/shopify/sandbox/index.js';
import { ROOT } from './workspace.js';
import { WAREHOUSE } from './shopify-workspace.js';

export const bigSku = (i: number): string => `BIG-${String(i).padStart(5, '0')}`;
/** What the master holds of product i in the warehouse. */
export const bigStock = (i: number): number => 10 + (i % 7);

export async function addBigProducts(db: Db, dir: string, n: number): Promise<void> {
  const file = path.join(dir, 'big-products.csv');
  writeFileSync(file, ['sku,title,price', ...Array.from({ length: n }, (_x, i) => `${bigSku(i)},Big item ${i},${(5 + (i % 50)).toFixed(2)}`)].join('\n'));
  await importProducts(db, file, 'EUR');
  db.transaction(() => {
    for (let i = 0; i < n; i++) applyCount(db, { sku: bigSku(i), location: 'warehouse', counted: bigStock(i), idempotencyKey: `big:${i}`, reason: 'test' });
  });
}

/** The demo seller with n more merchant-fulfilled listings, each showing 1 unit at the master's price. */
export function bigAmazonSeed(n: number): AmazonSeed {
  const seed = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/amazon/seed.json'), 'utf8')) as AmazonSeed;
  for (let i = 0; i < n; i++) {
    seed.listings.push({ sku: bigSku(i), asin: `B0BIG${String(i).padStart(5, '0')}`, itemName: `Big item ${i}`, productType: 'HOME',
      fulfillment: 'MFN', quantity: 1, price: (5 + (i % 50)).toFixed(2), createdDate: '2026-01-01T00:00:00Z', lastUpdatedDate: '2026-01-01T00:00:00Z' });
  }
  return seed;
}

/** The demo shop with n more products of one variant each, 1 unit at the Warehouse. */
export function bigShopifySeed(n: number): ShopifySeed {
  const seed = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/shopify/seed.json'), 'utf8')) as ShopifySeed;
  for (let i = 0; i < n; i++) {
    const id = 9_000_000 + i;
    seed.products.push({
      id: `gid://shopify/Product/${id}`, title: `Big item ${i}`, handle: `big-${i}`, descriptionHtml: '', vendor: 'Big', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
      variants: [{ id: `gid://shopify/ProductVariant/${id}`, inventoryItemId: `gid://shopify/InventoryItem/${id}`, sku: bigSku(i), price: (5 + (i % 50)).toFixed(2), inventory: { [WAREHOUSE]: { available: 1 } } }],
    } as ShopifySeed['products'][number]);
  }
  return seed;
}
