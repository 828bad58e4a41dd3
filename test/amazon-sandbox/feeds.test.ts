import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { call, start, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.sb.close());

const CT = 'application/json; charset=UTF-8';
const qty = (n: number): unknown => [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: n }] }];

async function submitFeed(hh: Harness, doc: unknown, contentType = CT): Promise<string> {
  const d = await call(hh, 'POST', '/feeds/2021-06-30/documents', { contentType: CT });
  expect(d.status).toBe(201);
  const put = await fetch(d.body.url, { method: 'PUT', headers: { 'content-type': contentType }, body: JSON.stringify(doc) });
  expect(put.status).toBe(200);
  const f = await call(hh, 'POST', '/feeds/2021-06-30/feeds', { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [hh.sb.marketplaceId], inputFeedDocumentId: d.body.feedDocumentId });
  expect(f.status).toBe(202);
  return f.body.feedId as string;
}

async function report(hh: Harness, documentId: string): Promise<any> {
  const d = await call(hh, 'GET', `/feeds/2021-06-30/documents/${encodeURIComponent(documentId)}`);
  expect(d.status).toBe(200);
  const bytes = Buffer.from(await (await fetch(d.body.url)).arrayBuffer());
  return JSON.parse((d.body.compressionAlgorithm === 'GZIP' ? gunzipSync(bytes) : bytes).toString('utf8'));
}

describe('JSON_LISTINGS_FEED end to end', () => {
  it('moves IN_QUEUE → IN_PROGRESS → DONE, applies valid messages and reports exactly the failing ones', async () => {
    h = await start({ feedProcessingMs: 9000 });
    h.sb.rejectSku('POT-GLASS-1L', 'Listing suppressed: approval required');
    const feedId = await submitFeed(h, {
      header: { sellerId: h.sb.sellerId, version: '2.0', issueLocale: 'en_US' },
      messages: [
        { messageId: 1, sku: 'KETTLE-GOOSE', operationType: 'PATCH', productType: 'KETTLE', patches: qty(6) },
        { messageId: 2, sku: 'POT-GLASS-1L', operationType: 'PATCH', productType: 'TEAPOT', patches: qty(1) },
        { messageId: 3, sku: 'NOT-ON-AMAZON', operationType: 'PATCH', productType: 'PRODUCT', patches: qty(1) },
        { messageId: 4, sku: 'CUP-ESPRESSO-2', operationType: 'PATCH', productType: 'DRINKING_CUP', attributes: { x: [{}] }, patches: qty(1) },
        { messageId: 5, sku: 'COFFEE-HOUSE-500', operationType: 'PATCH', productType: 'COFFEE', patches: [{ op: 'replace', path: '/attributes/purchasable_offer', value: [{ marketplace_id: h.sb.marketplaceId, currency: 'EUR', audience: 'ALL', our_price: [{ schedule: [{ value_with_tax: 17.5 }] }] }] }] },
        { messageId: 6, sku: 'TEA-SENCHA-100', operationType: 'PARTIAL_UPDATE', productType: 'GROCERY', attributes: { fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 12 }] } },
      ],
    });
    const status = async (): Promise<any> => (await call(h, 'GET', `/feeds/2021-06-30/feeds/${feedId}`)).body;
    expect(await status()).toMatchObject({ feedId, feedType: 'JSON_LISTINGS_FEED', processingStatus: 'IN_QUEUE' });
    h.clock.advance(3000);
    expect((await status()).processingStatus).toBe('IN_PROGRESS');
    expect(h.sb.store().listings.get('KETTLE-GOOSE')!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 4 }]);
    h.clock.advance(6000);
    const done = await status();
    expect(done).toMatchObject({ processingStatus: 'DONE', resultFeedDocumentId: expect.any(String), processingEndTime: expect.any(String) });

    const r = await report(h, done.resultFeedDocumentId);
    expect(r.header).toEqual({ sellerId: h.sb.sellerId, version: '2.0', feedId });
    expect([...new Set(r.issues.filter((i: any) => i.severity === 'ERROR').map((i: any) => i.messageId))].sort()).toEqual([2, 3, 4]);
    expect(r.issues.find((i: any) => i.messageId === 2)).toMatchObject({ sku: 'POT-GLASS-1L', message: 'Listing suppressed: approval required' });
    expect(r.summary).toEqual({ errors: 3, warnings: 0, messagesProcessed: 6, messagesAccepted: 3, messagesInvalid: 3 });

    const store = h.sb.store();
    expect(store.listings.get('KETTLE-GOOSE')!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 6 }]);
    expect(store.listings.get('TEA-SENCHA-100')!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 12 }]);
    expect(store.listings.get('POT-GLASS-1L')!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }]);
    const g = await call(h, 'GET', `/listings/2021-08-01/items/${h.sb.sellerId}/COFFEE-HOUSE-500?marketplaceIds=${h.sb.marketplaceId}&includedData=offers`);
    expect(g.body.offers[0].price.amount).toBe('17.50');
  });

  it('ends FATAL with one issue when the header is wrong, and serves gzipped results when asked', async () => {
    h = await start({ feedProcessingMs: 0, gzipDocuments: true });
    const feedId = await submitFeed(h, { header: { sellerId: 'SOMEONE-ELSE', version: '2.0' }, messages: [{ messageId: 1, sku: 'KETTLE-GOOSE', operationType: 'DELETE' }] });
    const f = (await call(h, 'GET', `/feeds/2021-06-30/feeds/${feedId}`)).body;
    expect(f.processingStatus).toBe('FATAL');
    const d = await call(h, 'GET', `/feeds/2021-06-30/documents/${encodeURIComponent(f.resultFeedDocumentId)}`);
    expect(d.body.compressionAlgorithm).toBe('GZIP');
    const r = await report(h, f.resultFeedDocumentId);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].messageId).toBeUndefined();
    expect(h.sb.store().listings.has('KETTLE-GOOSE')).toBe(true);
  });

  it('includes the listings in the report when the header asks for includedData', async () => {
    h = await start({ feedProcessingMs: 0 });
    const feedId = await submitFeed(h, {
      header: { sellerId: h.sb.sellerId, version: '2.0', report: { includedData: ['fulfillmentAvailability'], apiVersion: '2021-08-01' } },
      messages: [{ messageId: 7, sku: 'KETTLE-GOOSE', operationType: 'PATCH', productType: 'KETTLE', patches: qty(2) }],
    });
    const f = (await call(h, 'GET', `/feeds/2021-06-30/feeds/${feedId}`)).body;
    const r = await report(h, f.resultFeedDocumentId);
    expect(r.items).toEqual([{ sku: 'KETTLE-GOOSE', fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 2 }] }]);
    expect(r.summary.itemSummary).toEqual({ items: 1, errors: 0, warnings: 0 });
  });

  it('refuses an upload with another Content-Type and an upload URL older than 5 minutes (S3 403)', async () => {
    h = await start();
    const d = await call(h, 'POST', '/feeds/2021-06-30/documents', { contentType: CT });
    const wrong = await fetch(d.body.url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('SignatureDoesNotMatch');
    h.clock.advance(5 * 60_000 + 1);
    const late = await fetch(d.body.url, { method: 'PUT', headers: { 'content-type': CT }, body: '{}' });
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
  });

  it('answers an empty upload FATAL, an unknown document 400, and a retired XML feed type FATAL', async () => {
    h = await start({ feedProcessingMs: 0 });
    const d = await call(h, 'POST', '/feeds/2021-06-30/documents', { contentType: CT });
    expect((await call(h, 'POST', '/feeds/2021-06-30/feeds', { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [h.sb.marketplaceId], inputFeedDocumentId: 'nope' })).status).toBe(400);
    const empty = await call(h, 'POST', '/feeds/2021-06-30/feeds', { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [h.sb.marketplaceId], inputFeedDocumentId: d.body.feedDocumentId });
    expect((await call(h, 'GET', `/feeds/2021-06-30/feeds/${empty.body.feedId}`)).body.processingStatus).toBe('FATAL');
    const xml = await call(h, 'POST', '/feeds/2021-06-30/feeds', { feedType: 'POST_INVENTORY_AVAILABILITY_DATA', marketplaceIds: [h.sb.marketplaceId], inputFeedDocumentId: d.body.feedDocumentId });
    expect((await call(h, 'GET', `/feeds/2021-06-30/feeds/${xml.body.feedId}`)).body.processingStatus).toBe('FATAL');
    expect((await call(h, 'GET', '/feeds/2021-06-30/feeds/123')).status).toBe(404);
  });

  it('cancels a feed that is still IN_QUEUE', async () => {
    h = await start({ feedProcessingMs: 60_000 });
    const feedId = await submitFeed(h, { header: { sellerId: h.sb.sellerId, version: '2.0' }, messages: [{ messageId: 1, sku: 'KETTLE-GOOSE', operationType: 'PATCH', productType: 'KETTLE', patches: qty(0) }] });
    expect((await call(h, 'DELETE', `/feeds/2021-06-30/feeds/${feedId}`)).status).toBe(200);
    h.clock.advance(120_000);
    expect((await call(h, 'GET', `/feeds/2021-06-30/feeds/${feedId}`)).body.processingStatus).toBe('CANCELLED');
    expect(h.sb.store().listings.get('KETTLE-GOOSE')!.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 4 }]);
  });
});

describe('JSON_LISTINGS_FEED submission limit', () => {
  it('takes five listing feeds in five minutes, refuses the sixth with 429, and takes it again once the window moved', async () => {
    h = await start({ feedProcessingMs: 1000 });
    const doc = { header: { sellerId: h.sb.sellerId, version: '2.0' }, messages: [{ messageId: 1, sku: 'KETTLE-GOOSE', operationType: 'PATCH', productType: 'KETTLE', patches: qty(5) }] };
    const create = async () => {
      const d = await call(h, 'POST', '/feeds/2021-06-30/documents', { contentType: CT });
      await fetch(d.body.url, { method: 'PUT', headers: { 'content-type': CT }, body: JSON.stringify(doc) });
      return call(h, 'POST', '/feeds/2021-06-30/feeds', { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [h.sb.marketplaceId], inputFeedDocumentId: d.body.feedDocumentId });
    };
    for (let i = 0; i < 5; i++) {
      expect((await create()).status).toBe(202);
      h.clock.advance(30_000);
    }
    const sixth = await create();
    expect(sixth.status).toBe(429);
    expect(sixth.body.errors[0]).toMatchObject({ code: 'QuotaExceeded', details: 'JSON_LISTINGS_FEED allows 5 submissions per 5 minutes.' });
    h.clock.advance(3 * 60_000); // the first one left the window
    expect((await create()).status).toBe(202);
  });
});
