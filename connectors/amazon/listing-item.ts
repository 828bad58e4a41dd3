// A listing as the Listings Items API returns it (`Item`), and what omni reads from it: the
// merchant-fulfilled quantity, the B2C price in the marketplace, the product type, the issues.
import type { RemoteListing } from '../../src/core/connector.js';
import { parseMoney } from '../../src/core/money.js';

export interface ListingIssue { code: string; message: string; severity: string; attributeNames?: string[] }

export interface ListingItem {
  sku: string;
  attributes?: { externally_assigned_product_identifier?: { type?: string; value?: string }[] };
  summaries?: { marketplaceId: string; asin?: string; productType?: string; status?: string[]; itemName?: string; lastUpdatedDate?: string }[];
  offers?: { marketplaceId: string; offerType: string; price: { currencyCode: string; amount: string } }[];
  fulfillmentAvailability?: { fulfillmentChannelCode: string; quantity?: number }[];
  issues?: ListingIssue[];
}

export const LISTING_DATA = ['summaries', 'attributes', 'offers', 'fulfillmentAvailability'] as const;

export function toRemoteListing(item: ListingItem, marketplace: string, defaultProductType: string): RemoteListing {
  const merchant = item.fulfillmentAvailability?.find((f) => f.fulfillmentChannelCode === 'DEFAULT');
  const summary = item.summaries?.find((s) => s.marketplaceId === marketplace);
  const offer = item.offers?.find((o) => o.marketplaceId === marketplace && o.offerType === 'B2C');
  return {
    sku: item.sku, remoteId: summary?.asin, title: summary?.itemName, barcode: barcodeOf(item),
    quantity: merchant?.quantity, channelFulfilled: !merchant && (item.fulfillmentAvailability?.length ?? 0) > 0,
    priceMinor: offer ? parseMoney(offer.price.amount) : undefined,
    extra: { productType: summary?.productType ?? defaultProductType },
  };
}

/** The EAN/UPC/GTIN the listing carries (matching by barcode, src/db/listing-match.ts). */
function barcodeOf(item: ListingItem): string | undefined {
  const ids = item.attributes?.externally_assigned_product_identifier ?? [];
  return ids.find((i) => i.value && /^(ean|upc|gtin)$/i.test(i.type ?? ''))?.value;
}
