// Reading Shopify: every variant with its sku, price, content and the available quantity at the
// publish location; orders updated since the cursor with their lines, customer and refunds.
import type { ChannelSnapshot, PullContext, RemoteListing, RemoteOrder } from '../../src/core/connector.js';
import { contentHash } from '../../src/core/content-hash.js';
import { parseMoney } from '../../src/core/money.js';
import type { ShopifyGraphql } from './graphql.js';
import { ORDERS_PAGE_SIZE, ORDERS_QUERY, VARIANTS_COUNT_QUERY, variantCost, variantsQuery } from './queries.js';
import { queriedLocations, type ShopifyLocations } from './locations.js';
import { bulkVariants } from './bulk.js';
import type { HttpClient } from '../../src/http/client.js';
import type { Clock } from '../../src/http/token-bucket.js';

interface Money { shopMoney: { amount: string; currencyCode?: string } }
interface Page<T> { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] }
interface VariantNode {
  id: string; sku: string | null; barcode?: string | null; title?: string | null; price: string;
  product: { id: string; title: string; descriptionHtml: string | null; vendor: string | null };
  /** l0 … ln: the level at each queried location (null: the item is not stocked there). */
  inventoryItem: { id: string } & Record<string, { quantities: { name: string; quantity: number }[] } | null | string>;
}

/** Shopify refuses a query over 1,000 points. */
const MAX_QUERY_COST = 1000;
interface OrderNode {
  id: string; name: string; createdAt: string; updatedAt: string; cancelledAt: string | null; displayFinancialStatus: string | null;
  totalPriceSet: Money;
  customer: {
    id: string; firstName: string | null; lastName: string | null;
    // Customer.email / .phone are deprecated in 2026-10
    defaultEmailAddress: { emailAddress: string | null } | null; defaultPhoneNumber: { phoneNumber: string | null } | null;
  } | null;
  lineItems: Page<{ id: string; sku: string | null; variant?: { id: string } | null; quantity: number; originalUnitPriceSet: Money }>;
  refunds: { id: string; createdAt: string; refundLineItems: Page<{ quantity: number; restockType: string; lineItem: { id: string; sku: string | null }; subtotalSet: Money | null }> }[];
}

/** Orders re-read this far back on every pull: applying is idempotent, missing one is not. */
const CURSOR_OVERLAP_MS = 5 * 60_000;

export function stripHtml(html: string | null): string | null {
  if (!html) return null;
  return html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").trim() || null;
}

export interface ReadOptions { pageSize: number; bulkThreshold: number; http: HttpClient; clock: Clock }

/**
 * Variants by pages, or by one bulk operation when the catalog is larger than the threshold, with
 * the available quantity at every active location: the publish location's is the listing's
 * quantity, the other mapped ones' go to `elsewhere` (omni sets them to 0), the rest to `unmanaged`.
 */
export async function pullListings(gql: ShopifyGraphql, locs: ShopifyLocations, o: ReadOptions, ctx: PullContext): Promise<{ listings: RemoteListing[]; warnings: string[] }> {
  const ids = queriedLocations(locs);
  const { productVariantsCount } = await gql.run<{ productVariantsCount: { count: number } }>('productVariantsCount', VARIANTS_COUNT_QUERY, {}, 1);
  const nodes = productVariantsCount.count > o.bulkThreshold
    ? await bulkVariants<VariantNode>(gql, o.http, o.clock, ids, ctx.log)
    : await pagedVariants(gql, ids, o.pageSize, ctx);
  const listings: RemoteListing[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const available = (v: VariantNode, i: number) => {
    const level = v.inventoryItem[`l${i}`];
    return level && typeof level === 'object' ? level.quantities.find((q) => q.name === 'available')?.quantity : undefined;
  };
  for (const v of nodes) {
    // A variant without a SKU is still a listing: it goes by its id until the owner maps it.
    const sku = v.sku || v.id;
    if (seen.has(sku)) { warnings.push(`shopify: sku ${sku} is on more than one variant; only the first is synced`); continue; }
    seen.add(sku);
    const quantity = available(v, 0);
    if (quantity === undefined) warnings.push(`shopify: ${sku} is not stocked at the publish location; stock it there in Shopify admin`);
    const elsewhere: Record<string, number> = {};
    locs.zeroed.forEach((z, i) => { const q = available(v, 1 + i); if (q !== undefined) elsewhere[z.code] = q; });
    const unmanaged: Record<string, number> = {};
    locs.unmanaged.forEach((u, i) => { const q = available(v, 1 + locs.zeroed.length + i); if (q) unmanaged[u.name] = q; });
    listings.push({
      sku, barcode: v.barcode ?? undefined, title: v.title && v.title !== 'Default Title' ? `${v.product.title} - ${v.title}` : v.product.title,
      remoteId: v.product.id, remoteVariantId: v.id, inventoryItemId: v.inventoryItem.id, quantity,
      ...(locs.zeroed.length ? { elsewhere } : {}), ...(Object.keys(unmanaged).length ? { unmanaged } : {}),
      priceMinor: parseMoney(v.price),
      contentHash: contentHash({ title: v.product.title, description: stripHtml(v.product.descriptionHtml), brand: v.product.vendor }),
    });
  }
  return { listings, warnings };
}

async function pagedVariants(gql: ShopifyGraphql, locationIds: readonly string[], pageSize: number, ctx: PullContext): Promise<VariantNode[]> {
  const out: VariantNode[] = [];
  // Each location adds to every variant's cost: smaller pages keep a call under Shopify's ceiling.
  const first = Math.max(1, Math.min(pageSize, Math.floor((MAX_QUERY_COST - 2) / variantCost(locationIds.length))));
  const query = variantsQuery(locationIds.length);
  const vars = Object.fromEntries(locationIds.map((id, i) => [`l${i}`, id]));
  let after: string | null = null;
  do {
    const data: { productVariants: Page<VariantNode> } = await gql.run('productVariants', query, { first, after, ...vars }, 2 + first * variantCost(locationIds.length));
    for (const { node } of data.productVariants.edges) out.push(node);
    after = data.productVariants.pageInfo.hasNextPage ? data.productVariants.pageInfo.endCursor : null;
    ctx.log.debug(`shopify: ${out.length} variants read`);
  } while (after);
  return out;
}

export async function pullOrders(gql: ShopifyGraphql, ctx: PullContext): Promise<{ orders: RemoteOrder[]; cursor: string; warnings: string[] }> {
  const since = ctx.cursors.orders_updated_at;
  if (!since) {
    // First sync: sales before today are already in the counts the shop entered; importing them
    // would take them off twice. Start reading orders from now on.
    return { orders: [], cursor: ctx.now().toISOString(), warnings: ['shopify: first sync: orders placed before now are not imported (your counts already reflect them)'] };
  }
  const from = new Date(Date.parse(since) - CURSOR_OVERLAP_MS).toISOString();
  const orders: RemoteOrder[] = [];
  let cursor = since;
  let after: string | null = null;
  do {
    const data: { orders: Page<OrderNode> } = await gql.run('orders', ORDERS_QUERY, { first: ORDERS_PAGE_SIZE, after, query: `updated_at:>'${from}'` }, 2 + ORDERS_PAGE_SIZE * 160);
    for (const { node } of data.orders.edges) {
      orders.push(toOrder(node));
      if (node.updatedAt > cursor) cursor = node.updatedAt;
    }
    after = data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null;
  } while (after);
  return { orders, cursor, warnings: [] };
}

const tail = (gid: string) => gid.slice(gid.lastIndexOf('/') + 1);

function toOrder(o: OrderNode): RemoteOrder {
  const money = (m: Money | null | undefined) => (m ? parseMoney(m.shopMoney.amount) ?? 0 : 0);
  return {
    remoteId: tail(o.id), name: o.name,
    status: o.cancelledAt ? 'cancelled' : o.displayFinancialStatus === 'REFUNDED' ? 'refunded' : 'open',
    fulfilment: 'merchant',
    placedAt: o.createdAt, updatedAt: o.updatedAt,
    currency: o.totalPriceSet.shopMoney.currencyCode ?? 'EUR',
    totalMinor: money(o.totalPriceSet),
    customer: o.customer ? {
      remoteId: tail(o.customer.id), email: o.customer.defaultEmailAddress?.emailAddress ?? undefined, phone: o.customer.defaultPhoneNumber?.phoneNumber ?? undefined,
      name: [o.customer.firstName, o.customer.lastName].filter(Boolean).join(' ') || undefined,
    } : undefined,
    // A line of a variant without a SKU goes by the variant id, as its listing does.
    lines: o.lineItems.edges.filter((e) => e.node.sku || e.node.variant).map(({ node: l }) => ({ lineKey: tail(l.id), sku: l.sku || l.variant!.id, quantity: l.quantity, unitPriceMinor: money(l.originalUnitPriceSet) })),
    // A refund finds its order line by id; the sku only matters for a line omni never saw.
    refunds: o.refunds.flatMap((r) => r.refundLineItems.edges.map(({ node: rl }) => ({
      remoteId: tail(r.id), lineKey: tail(rl.lineItem.id), sku: rl.lineItem.sku ?? '', quantity: rl.quantity,
      restock: rl.restockType !== 'NO_RESTOCK', amountMinor: money(rl.subtotalSet),
    }))),
  };
}

export async function pullShopify(gql: ShopifyGraphql, locs: ShopifyLocations, o2: ReadOptions, ctx: PullContext): Promise<ChannelSnapshot> {
  const l = await pullListings(gql, locs, o2, ctx);
  const o = await pullOrders(gql, ctx);
  return { listings: l.listings, orders: o.orders, managedCounts: [], cursors: { orders_updated_at: o.cursor }, warnings: [...l.warnings, ...o.warnings] };
}
