// Reading Shopify: every variant with its sku, price, content and the available quantity at the
// publish location; and the orders (orders.ts).
import type { ChannelSnapshot, PullContext, RemoteListing } from '../../src/core/connector.js';
import { contentHash } from '../../src/core/content-hash.js';
import { parseMoney } from '../../src/core/money.js';
import type { ShopifyGraphql } from './graphql.js';
import { VARIANTS_COUNT_QUERY, variantCost, variantsQuery } from './queries.js';
import { pullOrders } from './orders.js';
import { queriedLocations, type ShopifyLocations } from './locations.js';
import { bulkVariants } from './bulk.js';
import type { HttpClient } from '../../src/http/client.js';
import type { Clock } from '../../src/http/token-bucket.js';

interface Page<T> { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] }
interface VariantNode {
  id: string; sku: string | null; barcode?: string | null; title?: string | null; price: string;
  product: { id: string; title: string; descriptionHtml: string | null; vendor: string | null };
  /** l0 … ln: the level at each queried location (null: the item is not stocked there). */
  inventoryItem: { id: string } & Record<string, { quantities: { name: string; quantity: number }[] } | null | string>;
}

/** Shopify refuses a query over 1,000 points. */
const MAX_QUERY_COST = 1000;

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
  const { productVariantsCount: count } = await gql.run<{ productVariantsCount: { count: number; precision: string } }>('productVariantsCount', VARIANTS_COUNT_QUERY, {}, 1);
  // A bulk read Shopify will not start now (another one runs) falls back to pages.
  const nodes = (count.count > o.bulkThreshold ? await bulkVariants<VariantNode>(gql, o.http, o.clock, ids, ctx.log) : undefined)
    ?? await pagedVariants(gql, ids, o.pageSize, ctx);
  const warnings: string[] = [];
  if (count.precision === 'EXACT' && nodes.length < count.count) {
    warnings.push(`shopify: incomplete listing read: Shopify counts ${count.count} variants, ${nodes.length} came back; the others keep the state last seen`);
  }
  return toListings(nodes, locs, warnings);
}

/**
 * The cheap read of `omni watch`: orders updated since the cursor, and the variants their lines
 * name (one small search per sku), so the quantity the next compare-and-swap starts from is the
 * one Shopify shows after the sale. Everything else keeps the state last seen until a full read.
 */
async function pullChanges(gql: ShopifyGraphql, locs: ShopifyLocations, o2: ReadOptions, ctx: PullContext): Promise<ChannelSnapshot> {
  const o = await pullOrders(gql, ctx);
  const since = ctx.cursors.orders_updated_at ?? '';
  const skus = new Set(o.orders.filter((x) => x.updatedAt > since).flatMap((x) => [...x.lines.map((l) => l.sku), ...(x.refunds ?? []).map((r) => r.sku)]));
  const ids = queriedLocations(locs);
  const nodes: VariantNode[] = [];
  for (const sku of skus) {
    if (sku.startsWith('gid://')) continue; // a variant without a sku: the next full read sees it
    nodes.push(...(await pagedVariants(gql, ids, 5, ctx, `sku:"${sku.replaceAll('"', '')}"`)).filter((v) => v.sku === sku));
  }
  const l = toListings(nodes, locs, []);
  return { listings: l.listings, orders: o.orders, managedCounts: [], cursors: { orders_updated_at: o.cursor }, warnings: [...l.warnings, ...o.warnings] };
}

function toListings(nodes: readonly VariantNode[], locs: ShopifyLocations, warnings: string[]): { listings: RemoteListing[]; warnings: string[] } {
  const listings: RemoteListing[] = [];
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

async function pagedVariants(gql: ShopifyGraphql, locationIds: readonly string[], pageSize: number, ctx: PullContext, search: string | null = null): Promise<VariantNode[]> {
  const out: VariantNode[] = [];
  // Each location adds to every variant's cost: smaller pages keep a call under Shopify's ceiling.
  const first = Math.max(1, Math.min(pageSize, Math.floor((MAX_QUERY_COST - 2) / variantCost(locationIds.length))));
  const query = variantsQuery(locationIds.length);
  const vars = Object.fromEntries(locationIds.map((id, i) => [`l${i}`, id]));
  let after: string | null = null;
  do {
    const data: { productVariants: Page<VariantNode> } = await gql.run('productVariants', query, { first, after, query: search, ...vars }, 2 + first * variantCost(locationIds.length));
    for (const { node } of data.productVariants.edges) out.push(node);
    after = data.productVariants.pageInfo.hasNextPage ? data.productVariants.pageInfo.endCursor : null;
    ctx.log.debug(`shopify: ${out.length} variants read`);
  } while (after);
  return out;
}

export async function pullShopify(gql: ShopifyGraphql, locs: ShopifyLocations, o2: ReadOptions, ctx: PullContext): Promise<ChannelSnapshot> {
  if (ctx.scope === 'changes') return pullChanges(gql, locs, o2, ctx);
  const l = await pullListings(gql, locs, o2, ctx);
  const o = await pullOrders(gql, ctx);
  return { listings: l.listings, orders: o.orders, managedCounts: [], cursors: { orders_updated_at: o.cursor }, warnings: [...l.warnings, ...o.warnings] };
}
