// The sandbox shop's state: plain records in maps, built from a seed and changed only through the
// methods here, so resolvers and control endpoints agree on what "a sale" or "a set" means.
import { gid, iso, parseGid, toMinor } from './ids.js';
import type { ShopifySeed } from './seed.js';

export const QUANTITY_NAMES = ['available', 'committed', 'damaged', 'incoming', 'on_hand', 'quality_control', 'reserved', 'safety_stock'] as const;
/** Stored states; `on_hand` is derived from them (available + committed + reserved + unavailable). */
type Stored = Exclude<(typeof QUANTITY_NAMES)[number], 'on_hand'>;

export interface ShopRec { __typename: 'Shop'; id: string; name: string; email: string; myshopifyDomain: string; currencyCode: string }
export interface LocationRec { __typename: 'Location'; id: string; name: string; isActive: boolean; fulfillsOnlineOrders: boolean; createdAt: string; updatedAt: string }
export interface ProductRec {
  __typename: 'Product'; id: string; title: string; handle: string; descriptionHtml: string; vendor: string; productType: string; tags: string[];
  status: string; createdAt: string; updatedAt: string; variantIds: string[];
}
export interface VariantRec {
  __typename: 'ProductVariant'; id: string; productId: string; inventoryItemId: string; title: string; sku: string | null; barcode: string | null;
  priceMinor: number; compareAtMinor: number | null; position: number; createdAt: string; updatedAt: string;
}
export interface ItemRec { __typename: 'InventoryItem'; id: string; variantId: string; tracked: boolean; createdAt: string; updatedAt: string }
export interface LevelRec { __typename: 'InventoryLevel'; id: string; itemId: string; locationId: string; q: Record<Stored, number>; createdAt: string; updatedAt: string }
export interface CustomerRec { __typename: 'Customer'; id: string; firstName: string | null; lastName: string | null; email: string | null; phone: string | null; createdAt: string; updatedAt: string }
export interface LineItemRec { __typename: 'LineItem'; id: string; orderId: string; variantId: string | null; sku: string | null; title: string; quantity: number; unitMinor: number }
export interface RefundLineRec { lineItemId: string; quantity: number; restockType: string; locationId: string | null }
export interface RefundRec { __typename: 'Refund'; id: string; orderId: string; createdAt: string; lines: RefundLineRec[] }
export interface OrderRec {
  __typename: 'Order'; id: string; name: string; createdAt: string; updatedAt: string; cancelledAt: string | null; currencyCode: string;
  financialStatus: string; fulfillmentStatus: string; customerId: string | null; locationId: string | null; lineItems: LineItemRec[]; refunds: RefundRec[];
}
export interface ChangeRec { name: string; delta: number; quantityAfterChange: number | null; itemId: string; locationId: string }
export interface AdjustmentGroupRec { __typename: 'InventoryAdjustmentGroup'; id: string; createdAt: string; reason: string; referenceDocumentUri: string | null; changes: ChangeRec[] }

const levelId = (itemId: string, locationId: string): string =>
  `gid://shopify/InventoryLevel/${parseGid(locationId)?.num ?? '0'}?inventory_item_id=${parseGid(itemId)?.num ?? '0'}`;

export class ShopStore {
  shop!: ShopRec;
  locations = new Map<string, LocationRec>();
  products = new Map<string, ProductRec>();
  variants = new Map<string, VariantRec>();
  items = new Map<string, ItemRec>();
  /** Keyed by `${itemId}|${locationId}`. */
  levels = new Map<string, LevelRec>();
  customers = new Map<string, CustomerRec>();
  orders = new Map<string, OrderRec>();
  adjustmentGroups = new Map<string, AdjustmentGroupRec>();
  private nextId = 9_100_000_000_000;

  constructor(seed: ShopifySeed, readonly now: () => number) {
    this.load(seed);
  }

  newId(type: string): string {
    return gid(type, this.nextId++);
  }

  stamp(): string {
    return iso(this.now());
  }

  private load(seed: ShopifySeed): void {
    this.shop = { __typename: 'Shop', ...seed.shop };
    for (const l of seed.locations) {
      const createdAt = l.createdAt ?? '2024-01-01T00:00:00Z';
      this.locations.set(l.id, { __typename: 'Location', id: l.id, name: l.name, isActive: l.isActive ?? true, fulfillsOnlineOrders: l.fulfillsOnlineOrders ?? true, createdAt, updatedAt: createdAt });
    }
    for (const p of seed.products) {
      this.products.set(p.id, {
        __typename: 'Product', id: p.id, title: p.title, handle: p.handle, descriptionHtml: p.descriptionHtml, vendor: p.vendor,
        productType: p.productType ?? '', tags: p.tags ?? [], status: p.status ?? 'ACTIVE', createdAt: p.createdAt, updatedAt: p.updatedAt,
        variantIds: p.variants.map((v) => v.id),
      });
      p.variants.forEach((v, i) => {
        this.variants.set(v.id, {
          __typename: 'ProductVariant', id: v.id, productId: p.id, inventoryItemId: v.inventoryItemId, title: v.title ?? 'Default Title',
          sku: v.sku, barcode: v.barcode ?? null, priceMinor: toMinor(v.price), compareAtMinor: v.compareAtPrice ? toMinor(v.compareAtPrice) : null,
          position: i + 1, createdAt: p.createdAt, updatedAt: p.updatedAt,
        });
        this.items.set(v.inventoryItemId, { __typename: 'InventoryItem', id: v.inventoryItemId, variantId: v.id, tracked: true, createdAt: p.createdAt, updatedAt: p.updatedAt });
        for (const [locationId, q] of Object.entries(v.inventory)) {
          const level = this.stock(v.inventoryItemId, locationId, p.createdAt);
          Object.assign(level.q, { available: q.available, committed: q.committed ?? 0, incoming: q.incoming ?? 0, damaged: q.damaged ?? 0 });
          level.updatedAt = p.updatedAt;
        }
      });
    }
    for (const c of seed.customers) this.customers.set(c.id, { __typename: 'Customer', ...c, updatedAt: c.createdAt });
    for (const o of seed.orders) {
      const order: OrderRec = {
        __typename: 'Order', id: o.id, name: o.name, createdAt: o.createdAt, updatedAt: o.updatedAt, cancelledAt: o.cancelledAt ?? null,
        currencyCode: this.shop.currencyCode, financialStatus: o.financialStatus, fulfillmentStatus: o.fulfillmentStatus,
        customerId: o.customerId ?? null, locationId: null, lineItems: [], refunds: [],
      };
      for (const li of o.lineItems) order.lineItems.push(this.lineItem(o.id, li.id, li.variantId, li.quantity, toMinor(li.price)));
      for (const r of o.refunds ?? []) {
        order.refunds.push({ __typename: 'Refund', id: r.id, orderId: o.id, createdAt: r.createdAt, lines: r.lines.map((l) => ({ ...l, locationId: l.locationId ?? null })) });
      }
      this.orders.set(o.id, order);
    }
  }

  lineItem(orderId: string, id: string, variantId: string, quantity: number, unitMinor: number): LineItemRec {
    const v = this.variants.get(variantId);
    const title = v ? this.products.get(v.productId)?.title ?? '' : '';
    return { __typename: 'LineItem', id, orderId, variantId: v ? variantId : null, sku: v?.sku ?? null, title, quantity, unitMinor };
  }

  /** The level for (item, location), created (stocked there with zero) if it did not exist. */
  stock(itemId: string, locationId: string, at = this.stamp()): LevelRec {
    const key = `${itemId}|${locationId}`;
    let level = this.levels.get(key);
    if (!level) {
      level = {
        __typename: 'InventoryLevel', id: levelId(itemId, locationId), itemId, locationId, createdAt: at, updatedAt: at,
        q: { available: 0, committed: 0, damaged: 0, incoming: 0, quality_control: 0, reserved: 0, safety_stock: 0 },
      };
      this.levels.set(key, level);
    }
    return level;
  }

  level(itemId: string, locationId: string): LevelRec | undefined {
    return this.levels.get(`${itemId}|${locationId}`);
  }

  levelsOfItem(itemId: string): LevelRec[] {
    return [...this.levels.values()].filter((l) => l.itemId === itemId);
  }

  quantity(level: LevelRec, name: string): number {
    const q = level.q;
    if (name === 'on_hand') return q.available + q.committed + q.reserved + q.damaged + q.quality_control + q.safety_stock;
    return q[name as Stored] ?? 0;
  }

  /** Moves `delta` into or out of a stored state; `on_hand` follows because it is derived. */
  adjust(level: LevelRec, name: Stored, delta: number): void {
    level.q[name] += delta;
    level.updatedAt = this.stamp();
  }

  addLocation(name: string, isActive = true): string {
    const id = this.newId('Location');
    const at = this.stamp();
    this.locations.set(id, { __typename: 'Location', id, name, isActive, fulfillsOnlineOrders: true, createdAt: at, updatedAt: at });
    return id;
  }

  variantBySku(sku: string): VariantRec | undefined {
    for (const v of this.variants.values()) if (v.sku === sku) return v;
    return undefined;
  }

  /** Anything addressable by `node(id:)`. */
  node(id: string): { __typename: string } | undefined {
    return this.locations.get(id) ?? this.products.get(id) ?? this.variants.get(id) ?? this.items.get(id) ?? this.customers.get(id)
      ?? this.orders.get(id) ?? this.adjustmentGroups.get(id) ?? [...this.levels.values()].find((l) => l.id === id)
      ?? (this.shop.id === id ? this.shop : undefined);
  }

  /** Everything, as JSON-friendly data, for tests comparing before and after. */
  snapshot(): Record<string, unknown> {
    return structuredClone({
      shop: this.shop, locations: [...this.locations.values()], products: [...this.products.values()], variants: [...this.variants.values()],
      inventoryItems: [...this.items.values()],
      inventoryLevels: [...this.levels.values()].map((l) => ({ ...l, q: { ...l.q, on_hand: this.quantity(l, 'on_hand') } })),
      customers: [...this.customers.values()], orders: [...this.orders.values()], adjustmentGroups: [...this.adjustmentGroups.values()],
    });
  }
}
