// The seed file's shape: a shop as a merchant would describe it, with real Shopify GIDs so that
// ids the connector stores are the same kind of string it would get from real Shopify.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../../src/package-root.js';

export interface SeedLevel { available: number; committed?: number; incoming?: number; damaged?: number }
export interface SeedVariant {
  id: string; inventoryItemId: string; sku: string | null; title?: string; price: string; compareAtPrice?: string | null; barcode?: string | null;
  /** Quantities by location GID; a location missing here means the item is not stocked there. */
  inventory: Record<string, SeedLevel>;
}
export interface SeedProduct {
  id: string; title: string; handle: string; descriptionHtml: string; vendor: string; productType?: string; tags?: string[];
  status?: 'ACTIVE' | 'ARCHIVED' | 'DRAFT' | 'UNLISTED'; createdAt: string; updatedAt: string; variants: SeedVariant[];
}
export interface SeedLocation { id: string; name: string; isActive?: boolean; fulfillsOnlineOrders?: boolean; createdAt?: string }
export interface SeedCustomer { id: string; firstName: string | null; lastName: string | null; email: string | null; phone: string | null; createdAt: string }
export interface SeedLineItem { id: string; variantId: string; quantity: number; price: string }
export interface SeedRefund {
  id: string; createdAt: string;
  lines: { lineItemId: string; quantity: number; restockType: 'CANCEL' | 'LEGACY_RESTOCK' | 'NO_RESTOCK' | 'RETURN'; locationId?: string }[];
}
export interface SeedOrder {
  id: string; name: string; createdAt: string; updatedAt: string; cancelledAt?: string | null; customerId?: string | null;
  financialStatus: 'AUTHORIZED' | 'EXPIRED' | 'PAID' | 'PARTIALLY_PAID' | 'PARTIALLY_REFUNDED' | 'PENDING' | 'REFUNDED' | 'VOIDED';
  fulfillmentStatus: 'FULFILLED' | 'UNFULFILLED' | 'PARTIALLY_FULFILLED' | 'RESTOCKED';
  lineItems: SeedLineItem[]; refunds?: SeedRefund[];
}
export interface ShopifySeed {
  shop: { id: string; name: string; email: string; myshopifyDomain: string; currencyCode: string };
  locations: SeedLocation[]; products: SeedProduct[]; customers: SeedCustomer[]; orders: SeedOrder[];
}

export const DEFAULT_SEED_PATH = (): string => path.join(packageRoot(), 'fixtures', 'shopify', 'seed.json');

/** A seed object, or the path of a JSON seed file; without either, the shipped demo shop. */
export function loadSeed(seed: ShopifySeed | string | undefined): ShopifySeed {
  if (seed && typeof seed === 'object') return structuredClone(seed);
  const file = seed ?? DEFAULT_SEED_PATH();
  const data = JSON.parse(readFileSync(file, 'utf8')) as ShopifySeed;
  for (const key of ['shop', 'locations', 'products', 'customers', 'orders'] as const) {
    if (!data[key]) throw new Error(`Shopify sandbox seed ${file} has no "${key}"`);
  }
  return data;
}
