// Reading Shopify: every variant with its sku, price, content and the available quantity at the
// publish location; and the orders (orders.ts).
import type { ChannelSnapshot, PullContext, RemoteListing } from '../../src/core/connector.js';
import { contentHash } from '../../src/core/content-hash.js';
import { parseMoney } from '../../src/core/money.js';
import type { ShopifyGraphql } from './graphql.js';
import { VARIANTS_COUNT_QUERY, VARIANTS_QUERY } from './queries.js';
import { pullOrders } from './orders.js';
import { bulkVariants } from './bulk.js';
import type { HttpClient } from '../../src/http/client.js';
import type { Clock } from '../../src/http/token-bucket.js';

interface Page<T> { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] }
interface VariantNode {
  id: string; sku: string | null; price: string;
  product: { id: string; title: string; descriptionHtml: string | null; vendor: string | null };
  inventoryItem: { id: string; inventoryLevel: { quantities: { name: string; quantity: number }[] } | null };
}
export function stripHtml(html: string | null): string | null {
  if (!html) return null;
  return html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").trim() || null;
}

export interface ReadOptions { pageSize: number; bulkThreshold: number; http: HttpClient; clock: Clock }

/** Variants by pages, or by one bulk operation when the catalog is larger than the threshold. */
export async function pullListings(gql: ShopifyGraphql, locationId: string, o: ReadOptions, ctx: PullContext): Promise<{ listings: RemoteListing[]; warnings: string[] }> {
  const { productVariantsCount: count } = await gql.run<{ productVariantsCount: { count: number; precision: string } }>('productVariantsCount', VARIANTS_COUNT_QUERY, {}, 1);
  const nodes = (count.count > o.bulkThreshold ? await bulkVariants<VariantNode>(gql, o.http, o.clock, locationId, ctx.log) : undefined)
    ?? await pagedVariants(gql, locationId, o.pageSize, ctx);
  const listings: RemoteListing[] = [];
  const warnings: string[] = [];
  if (count.precision === 'EXACT' && nodes.length < count.count) {
    warnings.push(`shopify: incomplete listing read: Shopify counts ${count.count} variants, ${nodes.length} came back; the others keep the state last seen`);
  }
  const seen = new Set<string>();
  for (const v of nodes) {
    if (!v.sku) continue; // not ours to manage
    if (seen.has(v.sku)) { warnings.push(`shopify: sku ${v.sku} is on more than one variant; only the first is synced`); continue; }
    seen.add(v.sku);
    const available = v.inventoryItem.inventoryLevel?.quantities.find((q) => q.name === 'available')?.quantity;
    if (available === undefined) warnings.push(`shopify: ${v.sku} is not stocked at the publish location; stock it there in Shopify admin`);
    listings.push({
      sku: v.sku, remoteId: v.product.id, remoteVariantId: v.id, inventoryItemId: v.inventoryItem.id, quantity: available,
      priceMinor: parseMoney(v.price),
      contentHash: contentHash({ title: v.product.title, description: stripHtml(v.product.descriptionHtml), brand: v.product.vendor }),
    });
  }
  return { listings, warnings };
}

async function pagedVariants(gql: ShopifyGraphql, locationId: string, pageSize: number, ctx: PullContext): Promise<VariantNode[]> {
  const out: VariantNode[] = [];
  let after: string | null = null;
  do {
    const data: { productVariants: Page<VariantNode> } = await gql.run('productVariants', VARIANTS_QUERY, { first: pageSize, after, locationId }, 2 + pageSize * 3);
    for (const { node } of data.productVariants.edges) out.push(node);
    after = data.productVariants.pageInfo.hasNextPage ? data.productVariants.pageInfo.endCursor : null;
    ctx.log.debug(`shopify: ${out.length} variants read`);
  } while (after);
  return out;
}

export async function pullShopify(gql: ShopifyGraphql, locationId: string, o2: ReadOptions, ctx: PullContext): Promise<ChannelSnapshot> {
  const l = await pullListings(gql, locationId, o2, ctx);
  const o = await pullOrders(gql, ctx);
  return { listings: l.listings, orders: o.orders, managedCounts: [], cursors: { orders_updated_at: o.cursor }, warnings: [...l.warnings, ...o.warnings] };
}
