import { describe, expect, it } from 'vitest';
import { planChannel, changeKey, type PlanRow } from '../../src/core/plan.js';
import { checkGuards } from '../../src/core/guards.js';
import { channelPrice } from '../../src/core/price.js';

const now = new Date('2026-11-23T07:00:00Z');
const push = { stock: true, price: true, content: false };

function row(sku: string, want: { q: number; p?: number | null; h?: string }, remote?: { q?: number; p?: number; h?: string }): PlanRow {
  return {
    sku, desiredQuantity: want.q, desiredPriceMinor: want.p ?? null, desiredContentHash: want.h ?? 'h',
    content: { title: sku, description: null, brand: null },
    remote: remote ? { sku, remoteVariantId: `v-${sku}`, quantity: remote.q, priceMinor: remote.p, contentHash: remote.h } : undefined,
  };
}

describe('planChannel', () => {
  it('returns only differences', () => {
    const plan = planChannel([
      row('SAME', { q: 5, p: 100 }, { q: 5, p: 100 }),
      row('QTY', { q: 4, p: 100 }, { q: 5, p: 100 }),
      row('PRICE', { q: 5, p: 120 }, { q: 5, p: 100 }),
      row('UNLISTED', { q: 9 }),
    ], { channel: 'shopify', push }, now);
    expect(plan.changes.map((c) => [c.sku, c.action, c.before, c.after])).toEqual([['QTY', 'stock', 5, 4], ['PRICE', 'price', 100, 120]]);
    expect(plan.summary).toMatchObject({ listings: 3, unchanged: 1, stock: 1, price: 1, zeroed: 0 });
    expect(plan.changes[0]!.target.remoteVariantId).toBe('v-QTY');
    expect(plan.generatedAt).toBe('2026-11-23T07:00:00.000Z');
  });

  it('an unchanged master gives an empty plan (a no-op sync sends nothing)', () => {
    const plan = planChannel([row('A', { q: 1, p: 1 }, { q: 1, p: 1 }), row('B', { q: 0, p: 5 }, { q: 0, p: 5 })], { channel: 'x', push }, now);
    expect(plan.changes).toEqual([]);
  });

  it('respects what the channel is allowed to receive', () => {
    const plan = planChannel([row('A', { q: 1, p: 2, h: 'new' }, { q: 3, p: 4, h: 'old' })], { channel: 'x', push: { stock: false, price: false, content: true } }, now);
    expect(plan.changes.map((c) => c.action)).toEqual(['content']);
    expect(plan.changes[0]!.content).toEqual({ title: 'A', description: null, brand: null });
  });

  it('derives the same key for the same change and a different one when the base moved', () => {
    expect(changeKey('s', 'A', 'stock', 5, 4)).toBe(changeKey('s', 'A', 'stock', 5, 4));
    expect(changeKey('s', 'A', 'stock', 6, 4)).not.toBe(changeKey('s', 'A', 'stock', 5, 4));
  });

  it('counts zeroed listings for the guard', () => {
    const plan = planChannel([row('A', { q: 0 }, { q: 3 }), row('B', { q: 0 }, { q: 0 })], { channel: 'x', push }, now);
    expect(plan.summary.zeroed).toBe(1);
  });
});

describe('guards', () => {
  const rules = { max_zeroed_share: 0.2, max_price_changed_share: 0.2, max_price_change: 0.3 };
  const rows = (n: number, f: (i: number) => PlanRow) => Array.from({ length: n }, (_x, i) => f(i));

  it('refuses a plan that zeroes everything (a broken feed)', () => {
    const plan = planChannel(rows(10, (i) => row(`S${i}`, { q: 0 }, { q: 5 })), { channel: 'x', push }, now);
    const v = checkGuards(plan.changes, plan.summary.listings, rules);
    expect(v.ok).toBe(false);
    expect(v.reasons[0]).toContain('10 of 10 listings (100%) would be set to zero');
  });

  it('lets a normal day through', () => {
    const plan = planChannel(rows(10, (i) => row(`S${i}`, { q: i === 0 ? 0 : 4, p: 110 }, { q: 5, p: 100 })), { channel: 'x', push }, now);
    expect(checkGuards(plan.changes, plan.summary.listings, rules)).toEqual({ ok: true, reasons: [] });
  });

  it('lets two sold-out items in a small shop through, but not three', () => {
    const zeroing = (k: number) => planChannel(rows(8, (i) => row(`S${i}`, { q: i < k ? 0 : 4 }, { q: 5 })), { channel: 'x', push }, now);
    const two = zeroing(2);
    expect(checkGuards(two.changes, two.summary.listings, rules).ok).toBe(true);
    const three = zeroing(3);
    expect(checkGuards(three.changes, three.summary.listings, rules).reasons[0]).toContain('3 of 8 listings (37.5%) would be set to zero');
  });

  it('refuses big price moves on many listings', () => {
    const plan = planChannel(rows(10, (i) => row(`S${i}`, { q: 5, p: i < 3 ? 10 : 100 }, { q: 5, p: 100 })), { channel: 'x', push }, now);
    expect(checkGuards(plan.changes, plan.summary.listings, rules).reasons[0]).toContain('3 of 10 prices (30%) would move by more than 30%');
  });
});

describe('channelPrice', () => {
  it.each([
    [1490, { source: 'master' as const, markup_percent: 0 }, 1490],
    [1000, { source: 'markup' as const, markup_percent: 15 }, 1150],
    [1000, { source: 'markup' as const, markup_percent: 15, round_to: 99 }, 1199],
    [1199, { source: 'master' as const, markup_percent: 0, round_to: 99 }, 1199],
    [null, { source: 'master' as const, markup_percent: 0 }, null],
  ])('%s with %o → %s', (master, rule, want) => {
    expect(channelPrice(master, rule)).toBe(want);
  });
});
