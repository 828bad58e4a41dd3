// Reading given skus: searchListingsItems with `identifiers` (up to 20 skus a call, identifiersType
// SKU) [spec: listingsItems_2021-08-01 searchListingsItems]; a sku with a comma cannot travel in
// that comma-separated list and is read alone with getListingsItem.
import type { AmazonConfig } from './config.js';
import type { SpApi } from './sp-api.js';
import type { ListingItem } from './listing-item.js';

const PER_CALL = 20;

export async function listingsBySku(api: SpApi, c: AmazonConfig, skus: readonly string[], includedData: readonly string[]): Promise<Map<string, ListingItem>> {
  const marketplace = c.marketplace_ids[0]!;
  const out = new Map<string, ListingItem>();
  const plain = [...new Set(skus)].filter((s) => !s.includes(','));
  for (let i = 0; i < plain.length; i += PER_CALL) {
    const chunk = plain.slice(i, i + PER_CALL);
    const page = await api.call<{ items: ListingItem[] }>({
      op: 'searchListingsItems', method: 'GET', path: `/listings/2021-08-01/items/${encodeURIComponent(c.seller_id)}`,
      query: { marketplaceIds: marketplace, identifiers: chunk, identifiersType: 'SKU', includedData, pageSize: PER_CALL },
    });
    for (const item of page.items) out.set(item.sku, item);
  }
  for (const sku of new Set(skus.filter((s) => s.includes(',')))) {
    const res = await api.call<ListingItem | { errors: unknown[] }>({
      op: 'getListingsItem', method: 'GET', path: `/listings/2021-08-01/items/${encodeURIComponent(c.seller_id)}/${encodeURIComponent(sku)}`,
      query: { marketplaceIds: marketplace, includedData }, okStatuses: [404],
    });
    if ('sku' in res) out.set(sku, res);
  }
  return out;
}
