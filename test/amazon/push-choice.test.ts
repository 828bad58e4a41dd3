import { describe, expect, it } from 'vitest';
import { choosePushMethod, feedSeconds, patchSeconds } from '../../connectors/amazon/push-choice.js';
import { patchesFor, bySku } from '../../connectors/amazon/patches.js';
import { userAgent } from '../../connectors/amazon/index.js';
import type { Change } from '../../src/core/connector.js';

describe('patch or feed', () => {
  it('patches a few skus and feeds many, by which finishes sooner', () => {
    expect(patchSeconds(5)).toBe(0); // the burst
    expect(patchSeconds(1005)).toBe(200); // 1,000 more at 5/s
    expect(choosePushMethod(20, 120, 'auto')).toBe('patch');
    expect(choosePushMethod(10_000, 120, 'auto')).toBe('feed');
    expect(choosePushMethod(10_000, 120, 'patch')).toBe('patch');
    // the crossover: patching 600 skus takes 119 s, a feed ~125 s
    expect(choosePushMethod(600, 120, 'auto')).toBe('patch');
    expect(choosePushMethod(700, 120, 'auto')).toBe('feed');
    expect(feedSeconds(150_000, 120)).toBeGreaterThan(feedSeconds(25_000, 120)); // 6 feeds need a second 5-minute window
  });
});

describe('listing patches', () => {
  const change = (sku: string, action: 'stock' | 'price', after: number): Change => ({
    channel: 'amazon', sku, channelSku: sku, action, before: 1, after, key: `${sku}-${action}`, reason: '', target: {},
  });

  it('sends the merchant quantity and the B2C price in the documented shapes', () => {
    expect(patchesFor([change('A', 'stock', 7), change('A', 'price', 1490)], 'A1PHEBVUHN9XHL', 'EUR')).toEqual([
      { op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }] },
      { op: 'merge', path: '/attributes/purchasable_offer', value: [{ marketplace_id: 'A1PHEBVUHN9XHL', currency: 'EUR', audience: 'ALL', our_price: [{ schedule: [{ value_with_tax: 14.9 }] }] }] },
    ]);
  });

  it('groups changes into one call per sku', () => {
    expect([...bySku([change('A', 'stock', 1), change('B', 'stock', 2), change('A', 'price', 3)]).keys()]).toEqual(['A', 'B']);
  });

  it('identifies itself the way Amazon requires', () => {
    expect(userAgent()).toMatch(/^omni\/\d+\.\d+\.\d+ \(Language=Node\.js\/\d+\.\d+\.\d+; Platform=\w+\)$/);
  });
});
