// The pure reorder suggestion, table-driven.
import { describe, expect, it } from 'vitest';
import { pickOption, roundOrder, suggestPurchaseOrders, type ReorderItem, type SupplierOption } from '../../src/app/purchasing/suggest.js';

const now = new Date('2026-04-01T08:00:00Z');
const opt = (o: Partial<SupplierOption> = {}): SupplierOption =>
  ({ supplier: 'nordk', supplierSku: 'NK-1', costMinor: 500, currency: 'EUR', packSize: 1, minOrder: 1, leadTimeDays: 10, ...o });
const item = (o: Partial<ReorderItem> = {}): ReorderItem =>
  ({ sku: 'MUG', title: 'Mug', onHand: 5, onOrder: 0, reorderPoint: 10, reorderQty: 20, sold: 0, costMinor: 500, options: [opt()], ...o });
const params = { defaultReorderPoint: 5, safetyDays: 7, coverDays: 30, now };
const lineOf = (i: ReorderItem, p: Partial<typeof params & { velocityDays: number }> = {}) => suggestPurchaseOrders([i], { ...params, ...p }).purchaseOrders[0]?.lines[0];

describe('roundOrder', () => {
  it.each([
    [0, 1, 1, 0], [7, 1, 1, 7], [7, 12, 1, 12], [13, 12, 1, 24], [5, 1, 24, 24], [5, 12, 30, 36], [48, 12, 24, 48],
  ])('needed %i, pack %i, min %i → %i', (needed, pack, min, expected) => expect(roundOrder(needed, pack, min)).toBe(expected));
});

describe('suggestPurchaseOrders', () => {
  it('orders the reorder quantity when stock plus open orders is at or below the point', () => {
    expect(lineOf(item())).toMatchObject({ quantity: 20, needed: 20, reorderPoint: 10 });
    expect(lineOf(item({ onHand: 10 }))).toMatchObject({ quantity: 20 });
    expect(lineOf(item({ onHand: 11 }))).toBeUndefined();
    expect(lineOf(item({ onHand: 5, onOrder: 6 }))).toBeUndefined(); // already on order
  });

  it('rounds to whole packs after the minimum order', () => {
    expect(lineOf(item({ options: [opt({ packSize: 12, minOrder: 24 })] }))).toMatchObject({ needed: 20, quantity: 24 });
    expect(lineOf(item({ reorderQty: 30, options: [opt({ packSize: 12 })] }))).toMatchObject({ quantity: 36 });
  });

  it('without a reorder quantity orders up to twice the point; without a point uses the default', () => {
    expect(lineOf(item({ reorderQty: null, onHand: 4 }))).toMatchObject({ quantity: 16 });
    expect(lineOf(item({ reorderPoint: null, reorderQty: null, onHand: 3 }))).toMatchObject({ reorderPoint: 5, quantity: 7 });
  });

  it('by sales velocity over a window: lead time plus safety days, covering the cover days', () => {
    // 60 sold in 30 days = 2/day; lead 10 + safety 7 → point 34; target 2 × (10 + 7 + 30) = 94
    const l = lineOf(item({ reorderPoint: null, reorderQty: null, onHand: 30, sold: 60 }), { velocityDays: 30 });
    expect(l).toMatchObject({ velocity: 2, reorderPoint: 34, needed: 64, quantity: 64, leadTimeDays: 10 });
    expect(lineOf(item({ reorderPoint: null, onHand: 40, sold: 60 }), { velocityDays: 30 })).toBeUndefined();
    expect(lineOf(item({ reorderPoint: null, onHand: 0, sold: 0 }), { velocityDays: 30 })).toBeUndefined(); // nothing sells
    // a sku's own reorder point wins over velocity
    expect(lineOf(item({ sold: 600 }), { velocityDays: 30 })).toMatchObject({ quantity: 20, velocity: null });
  });

  it('picks the cheapest supplier with a cost and groups lines per supplier with totals and the expected date', () => {
    const options = [opt({ supplier: 'dear', costMinor: 700 }), opt({ supplier: 'cheap', costMinor: 400, leadTimeDays: 30 }), opt({ supplier: 'nocost', costMinor: null })];
    expect(pickOption(options)?.supplier).toBe('cheap');
    expect(pickOption(options, 'dear')?.supplier).toBe('dear');
    const s = suggestPurchaseOrders([item({ options }), item({ sku: 'POT', options: [opt({ supplier: 'dear', costMinor: 1000 })] }), item({ sku: 'X', options: [] })], params);
    expect(s.purchaseOrders.map((p) => [p.supplier, p.lines.map((l) => l.sku), p.totalMinor, p.expectedAt])).toEqual([
      ['cheap', ['MUG'], 20 * 400, '2026-05-01'],
      ['dear', ['POT'], 20 * 1000, '2026-04-11'],
    ]);
    expect(s.unsourced).toEqual([{ sku: 'X', title: 'Mug', onHand: 5, reorderPoint: 10, needed: 20 }]);
    expect(suggestPurchaseOrders([item({ options })], { ...params, supplier: 'dear' }).purchaseOrders.map((p) => p.supplier)).toEqual(['dear']);
  });
});
