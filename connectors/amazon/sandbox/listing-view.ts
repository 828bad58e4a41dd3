// A listing as the Listings Items API returns it (model `Item`), with only the `includedData`
// sets asked for. Offers and fulfillment availability are read from the attributes, as on Amazon.
import { listingPrice, merchantQuantity, type Listing, type Store } from './store.js';

export const INCLUDED_DATA = ['summaries', 'attributes', 'issues', 'offers', 'fulfillmentAvailability', 'procurement', 'relationships', 'productTypes'] as const;

export function isBuyable(store: Store, l: Listing): boolean {
  const price = listingPrice(l, store.seller.marketplaceId);
  const qty = l.fulfillment === 'AFN' ? store.fba.get(l.sku)?.fulfillable ?? 0 : merchantQuantity(l) ?? 0;
  return price !== undefined && qty > 0;
}

export function renderItem(store: Store, l: Listing, included: readonly string[]): Record<string, unknown> {
  const mp = store.seller.marketplaceId;
  const item: Record<string, unknown> = { sku: l.sku };
  if (included.includes('summaries')) {
    item.summaries = [{
      marketplaceId: mp, asin: l.asin, productType: l.productType, conditionType: 'new_new',
      status: isBuyable(store, l) ? ['BUYABLE', 'DISCOVERABLE'] : ['DISCOVERABLE'],
      ...(l.fnSku ? { fnSku: l.fnSku } : {}),
      itemName: l.itemName, createdDate: l.createdDate, lastUpdatedDate: l.lastUpdatedDate,
    }];
  }
  if (included.includes('attributes')) item.attributes = structuredClone(l.attributes);
  if (included.includes('issues')) item.issues = structuredClone(l.issues);
  if (included.includes('offers')) {
    const price = listingPrice(l, mp);
    item.offers = price ? [{ marketplaceId: mp, offerType: 'B2C', price: { currencyCode: price.currency, amount: price.amount.toFixed(2) }, audience: { value: 'ALL', displayName: 'Sell on Amazon' } }] : [];
  }
  if (included.includes('fulfillmentAvailability')) {
    const fa = (l.attributes.fulfillment_availability ?? []) as { fulfillment_channel_code?: string; quantity?: number }[];
    // Amazon reports a quantity only for merchant fulfilment; FBA counts come from the FBA Inventory API.
    item.fulfillmentAvailability = fa.map((f) => ({
      fulfillmentChannelCode: f.fulfillment_channel_code ?? 'DEFAULT',
      ...(f.fulfillment_channel_code === 'DEFAULT' && typeof f.quantity === 'number' ? { quantity: f.quantity } : {}),
    }));
  }
  if (included.includes('procurement')) item.procurement = [];
  if (included.includes('relationships')) item.relationships = [{ marketplaceId: mp, relationships: [] }];
  if (included.includes('productTypes')) item.productTypes = [{ marketplaceId: mp, productType: l.productType }];
  return item;
}
