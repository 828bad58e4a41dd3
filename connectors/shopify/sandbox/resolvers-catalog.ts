// Reading the catalogue: shop, locations, products, variants, inventory items and levels.
import { GraphQLError } from 'graphql';
import { idKey, moneyString } from './ids.js';
import { paginate, type Connection, type PageArgs } from './paging.js';
import { matches, parseSearch } from './search.js';
import { QUANTITY_NAMES, type ItemRec, type LevelRec, type LocationRec, type ProductRec, type ShopStore, type VariantRec } from './store.js';
import type { ResolverMap, SandboxContext } from './context.js';

type Args = PageArgs & { query?: string | null; sortKey?: string };

function productKey(sortKey: string | undefined): (p: ProductRec) => [string, string] {
  const k = (p: ProductRec): string => {
    switch (sortKey) {
      case 'TITLE': return p.title.toLowerCase();
      case 'UPDATED_AT': return p.updatedAt;
      case 'CREATED_AT': return p.createdAt;
      case 'VENDOR': return p.vendor.toLowerCase();
      case 'PRODUCT_TYPE': return p.productType.toLowerCase();
      default: return idKey(p.id);
    }
  };
  return (p) => [k(p), idKey(p.id)];
}

function variantKey(sortKey: string | undefined): (v: VariantRec) => [string, string] {
  const k = (v: VariantRec): string => {
    switch (sortKey) {
      case 'SKU': return (v.sku ?? '').toLowerCase();
      case 'TITLE': return v.title.toLowerCase();
      case 'POSITION': return String(v.position).padStart(6, '0');
      default: return idKey(v.id);
    }
  };
  return (v) => [k(v), idKey(v.id)];
}

const num = (id: string): number => Number(idKey(id));

function filterProducts(store: ShopStore, query: string | null | undefined): ProductRec[] {
  const terms = parseSearch(query);
  return [...store.products.values()].filter((p) => matches(terms, (f) => {
    switch (f) {
      case 'title': return p.title;
      case 'vendor': return p.vendor;
      case 'handle': return p.handle;
      case 'product_type': return p.productType;
      case 'status': return p.status.toLowerCase();
      case 'sku': return p.variantIds.map((id) => store.variants.get(id)?.sku ?? null);
      case 'id': return num(p.id);
      case 'updated_at': return p.updatedAt;
      case 'created_at': return p.createdAt;
      default: return undefined;
    }
  }));
}

/** Shopify's `Count`: capped at `limit` (default 10,000), saying so with AT_LEAST. */
export function countOf(n: number, limit: number | null | undefined): { count: number; precision: string } {
  return limit != null && n > limit ? { count: limit, precision: 'AT_LEAST' } : { count: n, precision: 'EXACT' };
}

export function variantsPage(ctx: SandboxContext, list: VariantRec[], args: Args): Connection<VariantRec> {
  return paginate(filterVariants(list, args.query), args, variantKey(args.sortKey), ctx.unbounded);
}

function filterVariants(list: VariantRec[], query: string | null | undefined): VariantRec[] {
  const terms = parseSearch(query);
  return list.filter((v) => matches(terms, (f) => {
    switch (f) {
      case 'sku': return v.sku;
      case 'barcode': return v.barcode;
      case 'title': return v.title;
      case 'product_id': return String(num(v.productId));
      case 'id': return num(v.id);
      case 'updated_at': return v.updatedAt;
      case 'created_at': return v.createdAt;
      default: return undefined;
    }
  }));
}

function quantityView(ctx: SandboxContext, level: LevelRec, name: string): Record<string, unknown> {
  return {
    __typename: 'InventoryQuantity', id: `gid://shopify/InventoryQuantity/${idKey(level.locationId).replace(/^0+/, '')}?inventory_item_id=${idKey(level.itemId).replace(/^0+/, '')}&name=${name}`,
    name, quantity: ctx.store.quantity(level, name), updatedAt: level.updatedAt,
  };
}

/** Any node by id; an order outside the app's order window is not there for it. */
function visibleNode(ctx: SandboxContext, id: string): unknown {
  const n = ctx.store.node(id);
  if (n && n.__typename === 'Order' && !ctx.orderVisible(n as unknown as { createdAt: string })) return null;
  return n ?? ctx.bulk.get(id) ?? null;
}

export const catalogResolvers: ResolverMap = {
  QueryRoot: {
    shop: (_s, _a, ctx) => ctx.store.shop,
    node: (_s, a: { id: string }, ctx) => visibleNode(ctx, a.id),
    nodes: (_s, a: { ids: string[] }, ctx) => a.ids.map((id) => visibleNode(ctx, id)),
    product: (_s, a: { id: string }, ctx) => ctx.store.products.get(a.id) ?? null,
    products: (_s, a: Args, ctx) => paginate(filterProducts(ctx.store, a.query), a, productKey(a.sortKey), ctx.unbounded),
    productsCount: (_s, a: { query?: string | null; limit?: number | null }, ctx) => countOf(filterProducts(ctx.store, a.query).length, a.limit),
    productVariantsCount: (_s, a: { query?: string | null; limit?: number | null }, ctx) =>
      countOf(filterVariants([...ctx.store.variants.values()], a.query).length, a.limit),
    productVariant: (_s, a: { id: string }, ctx) => ctx.store.variants.get(a.id) ?? null,
    productVariants: (_s, a: Args, ctx) => variantsPage(ctx, [...ctx.store.variants.values()], a),
    inventoryItem: (_s, a: { id: string }, ctx) => ctx.store.items.get(a.id) ?? null,
    inventoryLevel: (_s, a: { id: string }, ctx) => [...ctx.store.levels.values()].find((l) => l.id === a.id) ?? null,
    location: (_s, a: { id?: string | null }, ctx) => (a.id ? ctx.store.locations.get(a.id) : [...ctx.store.locations.values()][0]) ?? null,
    locations: (_s, a: Args & { includeInactive: boolean }, ctx) => {
      const terms = parseSearch(a.query);
      const rows = [...ctx.store.locations.values()].filter((l) => (a.includeInactive || l.isActive)
        && matches(terms, (f) => (f === 'name' ? l.name : f === 'active' ? String(l.isActive) : f === 'id' ? num(l.id) : undefined)));
      const key = (l: LocationRec): [string, string] => [a.sortKey === 'ID' ? idKey(l.id) : l.name.toLowerCase(), idKey(l.id)];
      return paginate(rows, a, key, ctx.unbounded);
    },
  },
  Product: {
    description: (p: ProductRec, a: { truncateAt?: number | null }) => {
      const text = p.descriptionHtml.replace(/<[^>]*>/g, '').trim();
      return a.truncateAt != null && text.length > a.truncateAt ? `${text.slice(0, a.truncateAt)}…` : text;
    },
    variants: (p: ProductRec, a: Args, ctx) =>
      variantsPage(ctx, p.variantIds.map((id) => ctx.store.variants.get(id)).filter((v): v is VariantRec => Boolean(v)), a),
  },
  ProductVariant: {
    price: (v: VariantRec) => moneyString(v.priceMinor),
    compareAtPrice: (v: VariantRec) => (v.compareAtMinor == null ? null : moneyString(v.compareAtMinor)),
    displayName: (v: VariantRec, _a, ctx) => `${ctx.store.products.get(v.productId)?.title ?? ''} - ${v.title}`,
    product: (v: VariantRec, _a, ctx) => ctx.store.products.get(v.productId),
    inventoryItem: (v: VariantRec, _a, ctx) => ctx.store.items.get(v.inventoryItemId),
    inventoryQuantity: (v: VariantRec, _a, ctx) => ctx.store.levelsOfItem(v.inventoryItemId).reduce((n, l) => n + l.q.available, 0),
  },
  InventoryItem: {
    sku: (i: ItemRec, _a, ctx) => ctx.store.variants.get(i.variantId)?.sku ?? null,
    inventoryLevel: (i: ItemRec, a: { locationId: string }, ctx) => ctx.store.level(i.id, a.locationId) ?? null,
    inventoryLevels: (i: ItemRec, a: Args, ctx) =>
      paginate(ctx.store.levelsOfItem(i.id), a, (l) => [idKey(l.locationId), idKey(l.locationId)], ctx.unbounded),
  },
  InventoryLevel: {
    isActive: () => true,
    item: (l: LevelRec, _a, ctx) => ctx.store.items.get(l.itemId),
    location: (l: LevelRec, _a, ctx) => ctx.store.locations.get(l.locationId),
    quantities: (l: LevelRec, a: { names: string[] }, ctx) => a.names.map((name) => {
      if (!(QUANTITY_NAMES as readonly string[]).includes(name)) {
        throw new GraphQLError(`Invalid quantity name: '${name}'. Valid names are: ${QUANTITY_NAMES.join(', ')}.`, { extensions: { code: 'BAD_REQUEST' } });
      }
      return quantityView(ctx, l, name);
    }),
  },
  Location: {
    inventoryLevel: (l: LocationRec, a: { inventoryItemId: string }, ctx) => ctx.store.level(a.inventoryItemId, l.id) ?? null,
    inventoryLevels: (l: LocationRec, a: Args, ctx) =>
      paginate([...ctx.store.levels.values()].filter((x) => x.locationId === l.id), a, (x) => [idKey(x.itemId), idKey(x.itemId)], ctx.unbounded),
  },
};
