// Every listing submission names the listing's product type (patchListingsItem and each feed
// message require `productType`) [spec: ListingsItemPatchRequest; listings-feed-message-schema-v2].
// A listing read from the listing report has none (the report has no such column): before a push,
// the product types of those skus are read with searchListingsItems, 20 skus a call.
import type { Change } from '../../src/core/connector.js';
import type { AmazonConfig } from './config.js';
import type { SpApi } from './sp-api.js';
import { listingsBySku } from './listings-by-sku.js';

export async function withProductTypes(api: SpApi, c: AmazonConfig, changes: readonly Change[]): Promise<Change[]> {
  const missing = changes.filter((ch) => typeof ch.target.extra?.productType !== 'string').map((ch) => ch.channelSku);
  if (missing.length === 0) return [...changes];
  const marketplace = c.marketplace_ids[0]!;
  const items = await listingsBySku(api, c, missing, ['summaries']);
  const typeOf = (sku: string): string => items.get(sku)?.summaries?.find((s) => s.marketplaceId === marketplace)?.productType ?? c.product_type;
  return changes.map((ch) => (typeof ch.target.extra?.productType === 'string' ? ch
    : { ...ch, target: { ...ch.target, extra: { ...ch.target.extra, productType: typeOf(ch.channelSku) } } }));
}
