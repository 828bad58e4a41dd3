// Reading Amazon: listings (merchant-fulfilled quantity and price), FBA summaries as the count of
// the channel-managed location, and orders updated since the cursor (Orders API 2026-01-01).
import type { ManagedCount, PullContext, RemoteListing, RemoteOrder } from '../../src/core/connector.js';
import { parseMoney } from '../../src/core/money.js';
import type { AmazonConfig } from './config.js';
import type { SpApi } from './sp-api.js';
import { LISTING_DATA, toRemoteListing, type ListingItem } from './listing-item.js';
import { isWaitTooLong } from '../../src/http/waits.js';
import type { HttpClient } from '../../src/http/client.js';
import type { Clock } from '../../src/http/token-bucket.js';
import { listingsFromReport } from './listings-report.js';

/** searchListingsItems pages through at most this many skus [spec: searchListingsItems]. */
export const SEARCH_CAP = 1000;

export interface ListingsRead { listings: RemoteListing[]; cursors: Record<string, string>; warnings: string[] }

/**
 * Every listing: paged with searchListingsItems when the catalog fits in what it can page
 * through, from the GET_MERCHANT_LISTINGS_ALL_DATA report when it does not. A read that comes
 * back short says so.
 */
export async function pullListings(api: SpApi, http: HttpClient, clock: Clock, c: AmazonConfig, ctx: PullContext): Promise<ListingsRead> {
  const out: RemoteListing[] = [];
  const marketplace = c.marketplace_ids[0]!;
  let pageToken: string | undefined;
  let total = 0;
  do {
    const page = await api.call<{ numberOfResults?: number; items: ListingItem[]; pagination?: { nextToken?: string } }>({
      op: 'searchListingsItems', method: 'GET', path: `/listings/2021-08-01/items/${encodeURIComponent(c.seller_id)}`,
      query: { marketplaceIds: marketplace, includedData: [...LISTING_DATA], pageSize: 20, pageToken, sortBy: 'sku', sortOrder: 'ASC' },
    });
    total = page.numberOfResults ?? total;
    if (total > SEARCH_CAP) {
      const r = await listingsFromReport(api, http, clock, c, ctx, total);
      return { listings: r.listings ?? [], cursors: { listings_report: r.pending }, warnings: r.warnings };
    }
    for (const item of page.items) out.push(toRemoteListing(item, marketplace, c.product_type));
    pageToken = page.pagination?.nextToken;
    ctx.log.debug(`amazon: ${out.length} listings read`);
  } while (pageToken);
  const warnings = out.length < total
    ? [`amazon: incomplete listing read: Amazon reports ${total} listings, ${out.length} came back; the others keep the state last seen`] : [];
  return { listings: out, cursors: { listings_report: '' }, warnings };
}

/** The EAN/UPC/GTIN Amazon holds for the listing (for matching by barcode), if any. */
interface InventorySummary { sellerSku?: string; inventoryDetails?: { fulfillableQuantity?: number }; totalQuantity?: number }

export async function pullFbaCounts(api: SpApi, c: AmazonConfig, location: string): Promise<ManagedCount[]> {
  const out: ManagedCount[] = [];
  const marketplace = c.marketplace_ids[0]!;
  let nextToken: string | undefined;
  do {
    const page = await api.call<{ payload?: { inventorySummaries?: InventorySummary[] }; pagination?: { nextToken?: string } }>({
      op: 'getInventorySummaries', method: 'GET', path: '/fba/inventory/v1/summaries',
      query: { details: 'true', granularityType: 'Marketplace', granularityId: marketplace, marketplaceIds: marketplace, nextToken },
    });
    for (const s of page.payload?.inventorySummaries ?? []) {
      if (s.sellerSku) out.push({ location, sku: s.sellerSku, quantity: s.inventoryDetails?.fulfillableQuantity ?? 0 });
    }
    nextToken = page.pagination?.nextToken; // expires in 30 s: pages are fetched back to back
  } while (nextToken);
  return out;
}

interface Money { amount: string; currencyCode: string }
interface AmazonOrder {
  orderId: string; createdTime: string; lastUpdatedTime: string;
  buyer?: { buyerName?: string; buyerEmail?: string };
  fulfillment?: { fulfillmentStatus: string; fulfilledBy?: string };
  proceeds?: { grandTotal?: Money };
  orderItems: { orderItemId: string; quantityOrdered: number; product: { sellerSku?: string; price?: { unitPrice?: Money } } }[];
}

/** Orders re-read this far back on every pull: applying is idempotent, missing one is not. */
const CURSOR_OVERLAP_MS = 5 * 60_000;

export async function pullOrders(api: SpApi, c: AmazonConfig, ctx: PullContext): Promise<{ orders: RemoteOrder[]; cursor: string; warnings: string[] }> {
  const since = ctx.cursors.orders_last_updated;
  if (!since) {
    return { orders: [], cursor: ctx.now().toISOString(), warnings: ['amazon: first sync: orders placed before now are not imported (your counts already reflect them)'] };
  }
  const orders: RemoteOrder[] = [];
  let cursor = since;
  let paginationToken: string | undefined;
  const from = new Date(Date.parse(since) - CURSOR_OVERLAP_MS).toISOString();
  try {
    do {
      const page = await api.call<{ orders: AmazonOrder[]; pagination?: { nextToken?: string } }>({
        op: 'searchOrders', method: 'GET', path: '/orders/2026-01-01/orders',
        // Later pages repeat the first call's parameters with the token (the model's rule).
        query: { lastUpdatedAfter: from, marketplaceIds: c.marketplace_ids, maxResultsPerPage: 100, includedData: ['BUYER', 'FULFILLMENT', 'PROCEEDS'], paginationToken },
      });
      for (const o of page.orders) {
        orders.push(toOrder(o, c.currency));
        if (o.lastUpdatedTime > cursor) cursor = o.lastUpdatedTime;
      }
      paginationToken = page.pagination?.nextToken;
    } while (paginationToken);
  } catch (e) {
    if (!isWaitTooLong(e)) throw e;
    // searchOrders refills one call every 3 minutes (burst 20): when Amazon's allowance is used up
    // (by earlier runs or other apps), waiting would block the run for minutes. The cursor stays
    // where it was, so the next run reads these orders (booking is idempotent, nothing doubles).
    return {
      orders, cursor: since,
      warnings: [`amazon: orders not read completely this run: ${e.message.replace(/\.$/, '')}; the next run reads them (sales stay as last booked until then)`],
    };
  }
  return { orders, cursor, warnings: [] };
}

function toOrder(o: AmazonOrder, currency: string): RemoteOrder {
  const status = o.fulfillment?.fulfillmentStatus;
  return {
    remoteId: o.orderId,
    status: status === 'CANCELLED' ? 'cancelled' : status === 'SHIPPED' ? 'fulfilled' : 'open',
    fulfilment: o.fulfillment?.fulfilledBy === 'AMAZON' ? 'channel' : 'merchant',
    placedAt: o.createdTime, updatedAt: o.lastUpdatedTime,
    currency: o.proceeds?.grandTotal?.currencyCode ?? currency,
    totalMinor: o.proceeds?.grandTotal ? parseMoney(o.proceeds.grandTotal.amount) ?? 0 : 0,
    // Buyer e-mail is restricted and often absent: a customer is matched only when it is there.
    customer: o.buyer?.buyerEmail ? { email: o.buyer.buyerEmail, name: o.buyer.buyerName } : undefined,
    lines: o.orderItems.filter((i) => i.product.sellerSku).map((i) => ({
      lineKey: i.orderItemId, sku: i.product.sellerSku!, quantity: i.quantityOrdered,
      unitPriceMinor: i.product.price?.unitPrice ? parseMoney(i.product.price.unitPrice.amount) ?? 0 : 0,
    })),
  };
}
