import { describe, expect, it } from 'vitest';
import { publishedQuantity, publishedBundleQuantity, pickFulfilLocation } from '../../src/core/allocation.js';

const levels = { store: 200, warehouse: 300, 'amazon-fba': 200 };

describe('publishedQuantity', () => {
  it.each([
    { rules: { stockFrom: ['store', 'warehouse', 'amazon-fba'], buffer: 0, allocation: 1 }, want: 700 },
    { rules: { stockFrom: ['store', 'warehouse'], buffer: 2, allocation: 1 }, want: 498 },
    { rules: { stockFrom: ['warehouse'], buffer: 0, allocation: 0.8 }, want: 240 },
    { rules: { stockFrom: ['warehouse'], buffer: 1, allocation: 0.7 }, want: 209 },
    { rules: { stockFrom: ['store'], buffer: 500, allocation: 1 }, want: 0 },
    { rules: { stockFrom: ['attic'], buffer: 0, allocation: 1 }, want: 0 },
  ])('$rules → $want', ({ rules, want }) => {
    expect(publishedQuantity(levels, rules)).toBe(want);
  });

  it('does not let a negative location eat stock elsewhere', () => {
    expect(publishedQuantity({ store: -5, warehouse: 10 }, { stockFrom: ['store', 'warehouse'], buffer: 0, allocation: 1 })).toBe(10);
  });

  it('floors a 70% share of 100 at 70, not 69', () => {
    expect(publishedQuantity({ w: 100 }, { stockFrom: ['w'], buffer: 0, allocation: 0.7 })).toBe(70);
  });
});

describe('bundles and fulfilment', () => {
  it('a bundle publishes what its scarcest component allows', () => {
    const lv: Record<string, Record<string, number>> = { POT: { w: 9 }, TEA: { w: 40 } };
    const rules = { stockFrom: ['w'], buffer: 0, allocation: 1 };
    expect(publishedBundleQuantity([{ sku: 'POT', quantity: 1 }, { sku: 'TEA', quantity: 2 }], (s) => lv[s] ?? {}, rules)).toBe(9);
    expect(publishedBundleQuantity([{ sku: 'POT', quantity: 2 }, { sku: 'TEA', quantity: 2 }], (s) => lv[s] ?? {}, rules)).toBe(4);
  });

  it('ships from store when the warehouse is out', () => {
    expect(pickFulfilLocation({ warehouse: 0, store: 3 }, ['warehouse', 'store'], 1)).toBe('store');
    expect(pickFulfilLocation({ warehouse: 5, store: 3 }, ['warehouse', 'store'], 1)).toBe('warehouse');
    expect(pickFulfilLocation({ warehouse: 1, store: 2 }, ['warehouse', 'store'], 5)).toBe('store');
  });
});
