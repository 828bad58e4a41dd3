// A price or quantity update must leave the rest of the offer alone: the seller's minimum and
// maximum allowed price, the B2B offer, the handling time. Through patches and through a feed,
// against the sandbox's product-type checks.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inProcessWorld, type InProcessWorld } from '../support/inprocess-world.js';
import type { AmazonSeed } from '../../connectors/amazon/sandbox/index.js';
import { ROOT } from '../support/workspace.js';

let w: InProcessWorld | undefined;
afterEach(async () => { await w?.close(); w = undefined; });

/** KETTLE-GOOSE with more to its offer than a price: Amazon shows 52.00, the master wants 49.00. */
function seed(): AmazonSeed {
  const s = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/amazon/seed.json'), 'utf8')) as AmazonSeed;
  const kettle = s.listings.find((l) => l.sku === 'KETTLE-GOOSE')!;
  Object.assign(kettle, { quantity: 1, minimumPrice: '45.00', maximumPrice: '70.00', b2bPrice: '47.50', leadTimeDays: 3 });
  return s;
}

type Offer = { audience?: string; our_price?: { schedule: { value_with_tax: number }[] }[]; minimum_seller_allowed_price?: unknown; maximum_seller_allowed_price?: unknown };

for (const method of ['patch', 'feed'] as const) {
  it(`a ${method} changes the price and the quantity and nothing else of the offer`, async () => {
    w = await inProcessWorld({ amazon: `    push_method: ${method}\n`, amazonSandbox: { seed: seed(), feedProcessingMs: 1000 } });
    const [r] = await w.sync(['amazon']);
    expect(r!.status, JSON.stringify(r!.outcomes)).toBe('ok');
    const kettle = r!.plan!.changes.filter((c) => c.sku === 'KETTLE-GOOSE').map((c) => c.action).sort();
    expect(kettle).toEqual(['price', 'stock']);
    const attrs = w.amazon.store().listings.get('KETTLE-GOOSE')!.attributes;
    const offers = attrs.purchasable_offer as Offer[];
    const all = offers.find((o) => (o.audience ?? 'ALL') === 'ALL')!;
    expect(all.our_price![0]!.schedule[0]!.value_with_tax).toBe(49);
    expect(all.minimum_seller_allowed_price).toEqual([{ schedule: [{ value_with_tax: 45 }] }]);
    expect(all.maximum_seller_allowed_price).toEqual([{ schedule: [{ value_with_tax: 70 }] }]);
    expect(offers.find((o) => o.audience === 'B2B')?.our_price![0]!.schedule[0]!.value_with_tax).toBe(47.5);
    const fa = (attrs.fulfillment_availability as Record<string, unknown>[]).find((f) => f.fulfillment_channel_code === 'DEFAULT')!;
    expect(fa).toEqual({ fulfillment_channel_code: 'DEFAULT', quantity: 4, lead_time_to_ship_max_days: 3 });
  });
}

describe('the sandbox holds patches to the product type', () => {
  it('refuses an attribute the product type does not have, and an offer without marketplace_id', async () => {
    w = await inProcessWorld();
    const url = `${w.amazon.url}/listings/2021-08-01/items/${w.amazon.sellerId}/KETTLE-GOOSE?marketplaceIds=${w.amazon.marketplaceId}&includedData=issues`;
    const patch = async (body: unknown) => (await fetch(url, {
      method: 'PATCH', headers: { 'content-type': 'application/json', 'x-amz-access-token': w!.amazon.accessToken(), 'user-agent': 'omni-test/1 (Language=Node.js)' }, body: JSON.stringify(body),
    })).json() as Promise<{ status: string; issues: { code: string; message: string }[] }>;
    const unknown = await patch({ productType: 'KETTLE', patches: [{ op: 'merge', path: '/attributes/warp_drive', value: [{ value: 9 }] }] });
    expect(unknown.status).toBe('INVALID');
    expect(unknown.issues[0]!.message).toBe("The attribute 'warp_drive' is not part of the schema of product type 'KETTLE'.");
    const offerOnly = await patch({ productType: 'PRODUCT', patches: [{ op: 'merge', path: '/attributes/item_name', value: [{ value: 'x' }] }] });
    expect(offerOnly.status).toBe('INVALID'); // PRODUCT carries sales terms only
    const noMarketplace = await patch({ productType: 'KETTLE', patches: [{ op: 'replace', path: '/attributes/purchasable_offer', value: [{ currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 10 }] }] }] }] });
    expect(noMarketplace.status).toBe('INVALID');
    expect(noMarketplace.issues.map((i) => i.message)).toEqual(["'[purchasable_offer.marketplace_id]' is required but not supplied."]);
    const fine = await patch({ productType: 'KETTLE', patches: [{ op: 'merge', path: '/attributes/purchasable_offer', value: [{ marketplace_id: w.amazon.marketplaceId, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 10 }] }] }] }] });
    expect(fine.status).toBe('ACCEPTED');
  });
});
