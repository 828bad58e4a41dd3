// Reorder suggestions: a pure function of stock, open purchase orders, sales and supplier terms.
// For each sku: position = on hand + on order; reorder when position ≤ reorder point; order up to
// the target, then at least the supplier's minimum, rounded up to whole packs. Grouped per supplier.

export interface SupplierOption {
  supplier: string;
  supplierSku: string;
  costMinor: number | null;
  currency: string;
  packSize: number;
  minOrder: number;
  /** The item's lead time, else the supplier's, else 0. */
  leadTimeDays: number;
}

export interface ReorderItem {
  sku: string;
  title: string;
  onHand: number;
  onOrder: number;
  reorderPoint: number | null;
  reorderQty: number | null;
  /** Units sold in the velocity window. */
  sold: number;
  costMinor: number | null;
  options: SupplierOption[];
}

export interface SuggestParams {
  /** Used for skus without their own reorder point when no velocity window is given. */
  defaultReorderPoint: number;
  /** Days of sales behind `sold`; when set, skus without their own point reorder by velocity. */
  velocityDays?: number | undefined;
  /** Extra days of sales to hold beyond the lead time (safety stock), in velocity mode. */
  safetyDays: number;
  /** Days of sales one order should cover beyond the lead time, in velocity mode. */
  coverDays: number;
  /** Only this supplier's proposals. */
  supplier?: string | undefined;
  now: Date;
}

export interface SuggestedLine {
  sku: string;
  title: string;
  supplierSku: string;
  onHand: number;
  onOrder: number;
  reorderPoint: number;
  /** Units per day in the window (velocity mode), else null. */
  velocity: number | null;
  /** What the rule asked for, before minimum order and pack rounding. */
  needed: number;
  quantity: number;
  packSize: number;
  minOrder: number;
  leadTimeDays: number;
  costMinor: number;
  reason: string;
}

export interface SuggestedPo {
  supplier: string;
  currency: string;
  expectedAt: string;
  lines: SuggestedLine[];
  totalMinor: number;
}

export interface Suggestion {
  formatVersion: 1;
  generatedAt: string;
  purchaseOrders: SuggestedPo[];
  /** Skus that need reordering but have no supplier item (or none with a cost). */
  unsourced: { sku: string; title: string; onHand: number; reorderPoint: number; needed: number }[];
}

/** Round up to the supplier's minimum, then to whole packs. */
export function roundOrder(needed: number, packSize: number, minOrder: number): number {
  if (needed <= 0) return 0;
  const pack = Math.max(1, packSize);
  return Math.ceil(Math.max(needed, minOrder) / pack) * pack;
}

/** The cheapest option with a cost; ties go to the shorter lead time, then the supplier code. */
export function pickOption(options: readonly SupplierOption[], only?: string): SupplierOption | undefined {
  return options.filter((o) => o.costMinor !== null && (!only || o.supplier === only))
    .sort((a, b) => a.costMinor! - b.costMinor! || a.leadTimeDays - b.leadTimeDays || a.supplier.localeCompare(b.supplier))[0];
}

export function suggestPurchaseOrders(items: readonly ReorderItem[], p: SuggestParams): Suggestion {
  const bySupplier = new Map<string, SuggestedPo>();
  const unsourced: Suggestion['unsourced'] = [];
  for (const item of items) {
    const option = pickOption(item.options, p.supplier);
    if (p.supplier && !option) continue;
    const lead = option?.leadTimeDays ?? 0;
    const position = item.onHand + item.onOrder;
    const useVelocity = item.reorderPoint === null && p.velocityDays !== undefined;
    const velocity = useVelocity ? item.sold / p.velocityDays! : null;
    const point = useVelocity ? Math.ceil(velocity! * (lead + p.safetyDays)) : item.reorderPoint ?? p.defaultReorderPoint;
    if (position > point || (useVelocity && velocity === 0)) continue;
    const target = useVelocity ? Math.ceil(velocity! * (lead + p.safetyDays + p.coverDays))
      : item.reorderQty !== null ? position + item.reorderQty : Math.max(point * 2, 1);
    const needed = Math.max(target - position, 1);
    if (!option) {
      unsourced.push({ sku: item.sku, title: item.title, onHand: item.onHand, reorderPoint: point, needed });
      continue;
    }
    const quantity = roundOrder(needed, option.packSize, option.minOrder);
    const reason = useVelocity
      ? `sold ${item.sold} in ${p.velocityDays} d (${velocity!.toFixed(2)}/day); ${position} in stock or on order covers less than ${lead} d lead + ${p.safetyDays} d safety`
      : `${position} in stock or on order ≤ reorder point ${point}`;
    const po = bySupplier.get(option.supplier) ?? { supplier: option.supplier, currency: option.currency, expectedAt: '', lines: [], totalMinor: 0 };
    po.lines.push({
      sku: item.sku, title: item.title, supplierSku: option.supplierSku, onHand: item.onHand, onOrder: item.onOrder, reorderPoint: point,
      velocity: velocity === null ? null : Math.round(velocity * 100) / 100, needed, quantity, packSize: option.packSize, minOrder: option.minOrder,
      leadTimeDays: lead, costMinor: option.costMinor!, reason,
    });
    po.totalMinor += quantity * option.costMinor!;
    const expected = new Date(p.now.getTime() + lead * 86_400_000).toISOString().slice(0, 10);
    if (expected > po.expectedAt) po.expectedAt = expected;
    bySupplier.set(option.supplier, po);
  }
  const purchaseOrders = [...bySupplier.values()].sort((a, b) => a.supplier.localeCompare(b.supplier));
  for (const po of purchaseOrders) po.lines.sort((a, b) => a.sku.localeCompare(b.sku));
  return { formatVersion: 1, generatedAt: p.now.toISOString(), purchaseOrders, unsourced };
}
