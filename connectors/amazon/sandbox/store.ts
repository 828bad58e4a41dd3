// The sandbox's whole state, in memory. Listings keep Amazon's own attribute JSON
// (fulfillment_availability, purchasable_offer …) so patches apply to the same shape Amazon
// patches; everything the API returns is derived from it when asked.
import type { Seed, SeedListing } from './seed.js';
import { buildOrder, type Order } from './order-build.js';
import { ProductTypes } from './product-types.js';

export interface Issue { code: string; message: string; severity: 'ERROR' | 'WARNING' | 'INFO'; attributeNames?: string[]; categories: string[] }

export interface Listing {
  sku: string; asin: string; productType: string; itemName: string; barcode?: string | undefined;
  fulfillment: 'MFN' | 'AFN'; fnSku?: string | undefined;
  createdDate: string; lastUpdatedDate: string;
  attributes: Record<string, unknown[]>;
  issues: Issue[];
}

export interface FbaItem {
  sku: string; fnSku: string; fulfillable: number; inboundWorking: number; inboundShipped: number; inboundReceiving: number;
  reserved: number; researching: number; unfulfillable: number; lastUpdatedTime: string;
}

export interface Document { id: string; kind: 'feed-input' | 'feed-result' | 'report'; contentType: string; body?: Buffer; createdAt: number; compression?: 'GZIP' }

export interface Feed {
  feedId: string; feedType: string; marketplaceIds: string[]; inputFeedDocumentId: string; createdAt: number;
  processingStatus: 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';
  processingStartTime?: string; processingEndTime?: string; resultFeedDocumentId?: string;
}

export interface Report {
  reportId: string; reportType: string; marketplaceIds: string[]; createdAt: number;
  processingStatus: 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';
  processingStartTime?: string; processingEndTime?: string; reportDocumentId?: string;
}

export class Store {
  readonly seller: Seed['seller'];
  readonly lwa: Seed['lwa'];
  readonly listings = new Map<string, Listing>();
  readonly fba = new Map<string, FbaItem>();
  readonly orders = new Map<string, Order>();
  /** sku → the message its feed messages and patches fail with. */
  readonly rejects = new Map<string, string>();
  readonly documents = new Map<string, Document>();
  readonly feeds = new Map<string, Feed>();
  readonly reports = new Map<string, Report>();
  /** The product types submissions are checked against. */
  readonly productTypes: ProductTypes;
  private seq = 0;

  constructor(seed: Seed) {
    this.seller = seed.seller;
    this.lwa = seed.lwa;
    this.productTypes = new ProductTypes(seed.listings.map((l) => l.productType));
    for (const l of seed.listings) {
      this.listings.set(l.sku, listingFromSeed(l, seed));
      if (l.rejects) this.rejects.set(l.sku, l.rejects);
    }
    for (const f of seed.fba) {
      this.fba.set(f.sku, { ...f });
      const l = this.listings.get(f.sku);
      if (l) l.fnSku = f.fnSku;
    }
    for (const o of seed.orders) this.orders.set(o.orderId, buildOrder(o, this));
  }

  /** Ids that are unique in this sandbox and stable from run to run (tests compare them). */
  nextId(): number {
    return ++this.seq;
  }

  /** Everything a test may compare before and after (documents as text, not bytes). */
  snapshot(): Record<string, unknown> {
    return structuredClone({
      seller: this.seller,
      listings: [...this.listings.values()],
      fba: [...this.fba.values()],
      orders: [...this.orders.values()],
      rejects: Object.fromEntries(this.rejects),
      feeds: [...this.feeds.values()],
      reports: [...this.reports.values()],
      documents: [...this.documents.values()].map(({ body, ...d }) => ({ ...d, size: body?.length ?? 0 })),
    });
  }
}

function listingFromSeed(l: SeedListing, seed: Seed): Listing {
  const { marketplaceId, currency, afnChannelCode } = seed.seller;
  const attributes: Record<string, unknown[]> = {
    item_name: [{ value: l.itemName, language_tag: 'de_DE', marketplace_id: marketplaceId }],
    condition_type: [{ value: 'new_new', marketplace_id: marketplaceId }],
    fulfillment_availability: l.fulfillment === 'MFN'
      ? [{ fulfillment_channel_code: 'DEFAULT', quantity: l.quantity ?? 0 }]
      : [{ fulfillment_channel_code: afnChannelCode }],
    purchasable_offer: [{
      marketplace_id: marketplaceId, currency, audience: 'ALL', our_price: [{ schedule: [{ value_with_tax: Number(l.price) }] }],
      ...(l.minimumPrice ? { minimum_seller_allowed_price: [{ schedule: [{ value_with_tax: Number(l.minimumPrice) }] }] } : {}),
      ...(l.maximumPrice ? { maximum_seller_allowed_price: [{ schedule: [{ value_with_tax: Number(l.maximumPrice) }] }] } : {}),
    }, ...(l.b2bPrice ? [{ marketplace_id: marketplaceId, currency, audience: 'B2B', our_price: [{ schedule: [{ value_with_tax: Number(l.b2bPrice) }] }] }] : [])],
  };
  if (l.leadTimeDays !== undefined && l.fulfillment === 'MFN') {
    (attributes.fulfillment_availability![0] as Record<string, unknown>).lead_time_to_ship_max_days = l.leadTimeDays;
  }
  if (l.barcode) attributes.externally_assigned_product_identifier = [{ type: 'ean', value: l.barcode, marketplace_id: marketplaceId }];
  return {
    sku: l.sku, asin: l.asin, productType: l.productType, itemName: l.itemName, barcode: l.barcode, fulfillment: l.fulfillment,
    createdDate: l.createdDate, lastUpdatedDate: l.lastUpdatedDate, attributes, issues: [],
  };
}

/** The merchant-fulfilled quantity in a listing's attributes (undefined for an AFN listing). */
export function merchantQuantity(l: Listing): number | undefined {
  const fa = (l.attributes.fulfillment_availability ?? []) as { fulfillment_channel_code?: string; quantity?: number }[];
  return fa.find((f) => f.fulfillment_channel_code === 'DEFAULT')?.quantity;
}

export function setMerchantQuantity(l: Listing, quantity: number): void {
  const fa = ((l.attributes.fulfillment_availability ?? []) as { fulfillment_channel_code?: string; quantity?: number }[])
    .filter((f) => f.fulfillment_channel_code !== 'DEFAULT');
  l.attributes.fulfillment_availability = [...fa, { fulfillment_channel_code: 'DEFAULT', quantity }];
}

/** The listing's price in a marketplace (`our_price[0].schedule[0].value_with_tax`). */
export function listingPrice(l: Listing, marketplaceId: string): { amount: number; currency: string } | undefined {
  const offers = (l.attributes.purchasable_offer ?? []) as { marketplace_id?: string; currency?: string; audience?: string; our_price?: { schedule?: { value_with_tax?: number }[] }[] }[];
  const o = offers.find((x) => (x.marketplace_id ?? marketplaceId) === marketplaceId && (x.audience ?? 'ALL') === 'ALL');
  const v = o?.our_price?.[0]?.schedule?.[0]?.value_with_tax;
  return typeof v === 'number' && o ? { amount: v, currency: o.currency ?? 'EUR' } : undefined;
}

export const money = (amount: number, currencyCode: string): { amount: string; currencyCode: string } => ({ amount: amount.toFixed(2), currencyCode });
