import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { publishedQuantity, publishedBundleQuantity, pickFulfilLocation } from '../../src/core/allocation.js';
import { rulesFor } from '../../src/core/rules.js';
import { derive } from '../../src/core/derivation.js';

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

describe('rules: safety, max and overrides', () => {
  it('safety_quantity publishes 0 at or below the pool, max_quantity caps, in that order with buffer and allocation', () => {
    const base = { stockFrom: ['w'], buffer: 2, allocation: 0.5 };
    expect(publishedQuantity({ w: 10 }, { ...base, safetyQuantity: 10 })).toBe(0);
    expect(publishedQuantity({ w: 11 }, { ...base, safetyQuantity: 10 })).toBe(4); // (11 − 2) × 50%
    expect(publishedQuantity({ w: 100 }, { ...base, maxQuantity: 30 })).toBe(30);
    expect(publishedQuantity({ w: 100 }, { ...base, maxQuantity: 0 })).toBe(0);
  });

  it('a bundle\'s pool is what its scarcest part allows; its own rules apply to that pool', () => {
    const lv: Record<string, Record<string, number>> = { POT: { w: 9 }, TEA: { w: 40 } };
    const comps = [{ sku: 'POT', quantity: 1 }, { sku: 'TEA', quantity: 2 }];
    expect(publishedBundleQuantity(comps, (s) => lv[s] ?? {}, { stockFrom: ['w'], buffer: 2, allocation: 1, maxQuantity: 5 })).toBe(5);
    expect(publishedBundleQuantity(comps, (s) => lv[s] ?? {}, { stockFrom: ['w'], buffer: 0, allocation: 1, safetyQuantity: 9 })).toBe(0);
  });

  it('each key comes from the first sku override that sets it, then the brand\'s, then the channel', () => {
    const rules = {
      stockFrom: ['w'], buffer: 1, allocation: 1, maxQuantity: 50,
      overrides: [{ skus: ['A'], maxQuantity: 3 }, { brand: 'Nord', buffer: 9, maxQuantity: 7 }, { skus: ['A'], buffer: 4 }],
    };
    expect(rulesFor(rules, 'A', 'Nord')).toMatchObject({ buffer: 4, maxQuantity: 3, allocation: 1, sources: { buffer: 'sku override #3', maxQuantity: 'sku override #1', allocation: 'channel' } });
    expect(rulesFor(rules, 'B', 'Nord')).toMatchObject({ buffer: 9, maxQuantity: 7, sources: { buffer: 'brand override #2' } });
    expect(rulesFor(rules, 'B', null)).toMatchObject({ buffer: 1, maxQuantity: 50 });
  });

  it('the derivation `omni explain` prints gives the published number, for any rules (property)', () => {
    const levels = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: -5, max: 300 }));
    const r = fc.record({
      stockFrom: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1 }), buffer: fc.integer({ min: 0, max: 20 }),
      allocation: fc.constantFrom(1, 0.8, 0.7, 0.29, 0.57, 0), safetyQuantity: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
      maxQuantity: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
    });
    fc.assert(fc.property(levels, levels, r, fc.boolean(), (l1, l2, rules, bundle) => {
      const eff = rulesFor(rules, 'X', null);
      const comps = [{ sku: 'P', quantity: 1 }, { sku: 'Q', quantity: 3 }];
      const levelsOf = (s: string) => (s === 'P' ? l1 : l2);
      const d = bundle ? derive({}, eff, { components: comps, levelsOf }) : derive(l1, eff);
      expect(d.quantity).toBe(bundle ? publishedBundleQuantity(comps, levelsOf, rules) : publishedQuantity(l1, rules));
      expect(d.steps.at(-1)!.value).toBe(d.quantity);
    }), { numRuns: 500 });
  });

  it('the short form reads as arithmetic', () => {
    const eff = (r: Partial<Parameters<typeof rulesFor>[0]>) => rulesFor({ stockFrom: ['warehouse', 'store'], buffer: 0, allocation: 1, ...r }, 'X', null);
    expect(derive({ warehouse: 300, store: 200 }, eff({ buffer: 2 })).short).toBe('warehouse 300 + store 200 = 500 − buffer 2 = 498');
    expect(derive({ warehouse: 300 }, eff({ stockFrom: ['warehouse'], allocation: 0.8 })).short).toBe('warehouse 300 × 80% = 240');
    expect(derive({ warehouse: 3, store: -1 }, eff({ safetyQuantity: 3 })).short).toBe('warehouse 3 + store −1 (counts 0) = 3 ≤ safety 3 → 0');
    expect(derive({ warehouse: 300, store: 200 }, eff({ buffer: 2, maxQuantity: 400 })).short).toBe('warehouse 300 + store 200 = 500 − buffer 2 = 498, max 400 → 400');
  });
});
