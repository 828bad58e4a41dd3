import { afterEach, describe, expect, it } from 'vitest';
import { call, q, start, type Harness } from './helpers.js';
import { bigAmazonSeed } from '../support/big-catalog.js';

let h: Harness;
afterEach(async () => h?.sb.close());

const items = (hh: Harness, extra: Record<string, string | number | undefined> = {}): string =>
  `/listings/2021-08-01/items/${hh.sb.sellerId}` + q({ marketplaceIds: hh.sb.marketplaceId, ...extra });
const item = (hh: Harness, sku: string, extra: Record<string, string | number | undefined> = {}): string =>
  `/listings/2021-08-01/items/${hh.sb.sellerId}/${encodeURIComponent(sku)}` + q({ marketplaceIds: hh.sb.marketplaceId, ...extra });

describe('searchListingsItems', () => {
  it('pages through every listing with pageToken, no sku twice, and numberOfResults the total', async () => {
    h = await start();
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await call(h, 'GET', items(h, { pageSize: 3, pageToken: token, includedData: 'summaries,offers,fulfillmentAvailability' }));
      expect(r.status).toBe(200);
      expect(r.body.numberOfResults).toBe(8);
      expect(r.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...r.body.items.map((i: { sku: string }) => i.sku));
      token = r.body.pagination?.nextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(8);
    expect(seen).toContain('MUG-STONE-350');
  });

  it('pages through 1,000 skus at most while numberOfResults says how many there are', async () => {
    h = await start({ seed: bigAmazonSeed(1_200) });
    let token: string | undefined;
    let read = 0;
    let total = 0;
    do {
      h.clock.advance(200); // searchListingsItems: 5 calls a second
      const r = await call(h, 'GET', items(h, { pageSize: 20, pageToken: token, sortBy: 'sku', sortOrder: 'ASC' }));
      total = r.body.numberOfResults;
      read += r.body.items.length;
      token = r.body.pagination?.nextToken;
    } while (token);
    expect(total).toBe(1_208);
    expect(read).toBe(1_000);
  });

  it('returns summaries only by default, sorted by lastUpdatedDate descending', async () => {
    h = await start();
    const r = await call(h, 'GET', items(h, { pageSize: 20 }));
    expect(Object.keys(r.body.items[0]).sort()).toEqual(['sku', 'summaries']);
    const dates = r.body.items.map((i: any) => i.summaries[0].lastUpdatedDate);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('shows merchant quantity for MFN and a quantity-less AMAZON_EU entry for FBA listings', async () => {
    h = await start();
    const r = await call(h, 'GET', items(h, { pageSize: 20, includedData: 'fulfillmentAvailability,offers' }));
    const by = Object.fromEntries(r.body.items.map((i: any) => [i.sku, i]));
    expect(by['TEA-SENCHA-100'].fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'DEFAULT', quantity: 20 }]);
    expect(by['MUG-STONE-350'].fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'AMAZON_EU' }]);
    expect(by['MUG-STONE-350'].offers[0]).toMatchObject({ marketplaceId: 'A1PHEBVUHN9XHL', offerType: 'B2C', price: { currencyCode: 'EUR', amount: '14.90' } });
  });

  it('filters by identifiers and rejects bad parameters with 400 InvalidInput', async () => {
    h = await start();
    const r = await call(h, 'GET', items(h, { identifiers: 'KETTLE-GOOSE,POT-GLASS-1L', identifiersType: 'SKU' }));
    expect(r.body.items.map((i: any) => i.sku).sort()).toEqual(['KETTLE-GOOSE', 'POT-GLASS-1L']);
    const bad = await call(h, 'GET', items(h, { pageSize: 21 }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].code).toBe('InvalidInput');
    expect(bad.headers.get('x-amzn-ratelimit-limit')).toBe('5');
    const noMp = await call(h, 'GET', `/listings/2021-08-01/items/${h.sb.sellerId}`);
    expect(noMp.status).toBe(400);
  });
});

describe('getListingsItem', () => {
  it('returns 404 NOT_FOUND for an unknown sku', async () => {
    h = await start();
    const r = await call(h, 'GET', item(h, 'NOPE'));
    expect(r.status).toBe(404);
    expect(r.body.errors[0]).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses another seller id with 403', async () => {
    h = await start();
    expect((await call(h, 'GET', `/listings/2021-08-01/items/AOTHERSELLER/KETTLE-GOOSE?marketplaceIds=${h.sb.marketplaceId}`)).status).toBe(403);
  });
});

describe('patchListingsItem', () => {
  const patch = (quantity: unknown, price?: number): unknown => ({
    productType: 'KETTLE',
    patches: [
      { op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity }] },
      ...(price !== undefined ? [{ op: 'replace', path: '/attributes/purchasable_offer', value: [{ marketplace_id: 'A1PHEBVUHN9XHL', currency: 'EUR', audience: 'ALL', our_price: [{ schedule: [{ value_with_tax: price }] }] }] }] : []),
    ],
  });

  it('changes quantity and price, answers ACCEPTED with a submissionId, and updates lastUpdatedDate', async () => {
    h = await start();
    const r = await call(h, 'PATCH', item(h, 'KETTLE-GOOSE', { includedData: 'issues,identifiers' }), patch(9, 49));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sku: 'KETTLE-GOOSE', status: 'ACCEPTED', issues: [], identifiers: [{ marketplaceId: 'A1PHEBVUHN9XHL', asin: 'B0SBXKETG8' }] });
    expect(r.body.submissionId).toMatch(/^[0-9a-f]{32}$/);
    const g = await call(h, 'GET', item(h, 'KETTLE-GOOSE', { includedData: 'summaries,offers,fulfillmentAvailability' }));
    expect(g.body.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'DEFAULT', quantity: 9 }]);
    expect(g.body.offers[0].price).toEqual({ currencyCode: 'EUR', amount: '49.00' });
    expect(g.body.summaries[0].lastUpdatedDate).toBe(new Date(h.clock.now()).toISOString());
  });

  it('answers INVALID with an ERROR issue, and changes nothing, for a bad quantity, a rejected sku or an unknown sku', async () => {
    h = await start();
    const before = h.sb.state();
    const bad = await call(h, 'PATCH', item(h, 'KETTLE-GOOSE'), patch(-1));
    expect(bad.body.status).toBe('INVALID');
    expect(bad.body.issues[0]).toMatchObject({ severity: 'ERROR', attributeNames: ['fulfillment_availability'] });
    h.sb.rejectSku('KETTLE-GOOSE', 'Brand approval required');
    const rej = await call(h, 'PATCH', item(h, 'KETTLE-GOOSE'), patch(3));
    expect(rej.body).toMatchObject({ status: 'INVALID', issues: [{ message: 'Brand approval required', severity: 'ERROR' }] });
    const unknown = await call(h, 'PATCH', item(h, 'NOPE-1'), patch(3));
    expect(unknown.body.status).toBe('INVALID');
    const after = h.sb.state() as { listings: unknown; rejects: unknown };
    expect(after.listings).toEqual((before as { listings: unknown }).listings);
  });

  it('validates without applying in VALIDATION_PREVIEW mode', async () => {
    h = await start();
    const r = await call(h, 'PATCH', item(h, 'KETTLE-GOOSE', { mode: 'VALIDATION_PREVIEW' }), patch(1));
    expect(r.body.status).toBe('VALID');
    const g = await call(h, 'GET', item(h, 'KETTLE-GOOSE', { includedData: 'fulfillmentAvailability' }));
    expect(g.body.fulfillmentAvailability[0].quantity).toBe(4);
  });

  it('refuses a body without productType or patches, and a call without marketplaceIds, with 400', async () => {
    h = await start();
    expect((await call(h, 'PATCH', item(h, 'KETTLE-GOOSE'), { patches: [] })).status).toBe(400);
    expect((await call(h, 'PATCH', `/listings/2021-08-01/items/${h.sb.sellerId}/KETTLE-GOOSE`, patch(1))).status).toBe(400);
  });

  it('merges a fulfillment_availability row by its channel code', async () => {
    h = await start();
    await call(h, 'PATCH', item(h, 'KETTLE-GOOSE'), { productType: 'KETTLE', patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 11 }] }] });
    const g = await call(h, 'GET', item(h, 'KETTLE-GOOSE', { includedData: 'fulfillmentAvailability' }));
    expect(g.body.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'DEFAULT', quantity: 11 }]);
  });
});
