// The sandbox's responses checked against Amazon's own models (../shared/specs/amazon). Without
// that folder the suite says so and skips; under CI=true it fails (test/support/specs.ts).
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithSpecs } from '../support/specs.js';
import { call, start, type Harness } from './helpers.js';
import { check, haveSpecs, loadSpec, responseSchema, SPECS } from './schema-check.js';
import { patchesFor } from '../../connectors/amazon/patches.js';
import { feedDocument } from '../../connectors/amazon/push-feed.js';
import { REPORT_TYPE } from '../../connectors/amazon/listings-report.js';
import { amazonConfigSchema } from '../../connectors/amazon/config.js';
import type { Change } from '../../src/core/connector.js';


let h: Harness;
beforeAll(async () => { if (haveSpecs) h = await start({ feedProcessingMs: 0 }); });
afterAll(async () => h?.sb.close());

const expectValid = (file: string, method: string, p: string, status: number, body: unknown): void => {
  const spec = loadSpec(file);
  expect(check(spec, responseSchema(spec, method, p, status), body)).toEqual([]);
};

describeWithSpecs('amazon sandbox responses match the Amazon models', path.join(SPECS, 'listingsItems_2021-08-01.json'), () => {
  const L = 'listingsItems_2021-08-01.json';
  it('searchListingsItems and getListingsItem with every includedData set', async () => {
    const all = 'summaries,attributes,issues,offers,fulfillmentAvailability,procurement,relationships,productTypes';
    const s = await call(h, 'GET', `/listings/2021-08-01/items/${h.sb.sellerId}?marketplaceIds=${h.sb.marketplaceId}&pageSize=20&includedData=${all}`);
    expectValid(L, 'GET', '/listings/2021-08-01/items/{sellerId}', 200, s.body);
    const g = await call(h, 'GET', `/listings/2021-08-01/items/${h.sb.sellerId}/MUG-STONE-350?marketplaceIds=${h.sb.marketplaceId}&includedData=${all}`);
    expectValid(L, 'GET', '/listings/2021-08-01/items/{sellerId}/{sku}', 200, g.body);
    const nf = await call(h, 'GET', `/listings/2021-08-01/items/${h.sb.sellerId}/NOPE?marketplaceIds=${h.sb.marketplaceId}`);
    expectValid(L, 'GET', '/listings/2021-08-01/items/{sellerId}/{sku}', 404, nf.body);
  });

  it('patchListingsItem, accepted and invalid', async () => {
    const p = '/listings/2021-08-01/items/{sellerId}/{sku}';
    const body = (q: number): unknown => ({ productType: 'KETTLE', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: q }] }] });
    const ok = await call(h, 'PATCH', `/listings/2021-08-01/items/${h.sb.sellerId}/KETTLE-GOOSE?marketplaceIds=${h.sb.marketplaceId}&includedData=issues,identifiers`, body(5));
    expectValid(L, 'PATCH', p, 200, ok.body);
    const bad = await call(h, 'PATCH', `/listings/2021-08-01/items/${h.sb.sellerId}/KETTLE-GOOSE?marketplaceIds=${h.sb.marketplaceId}`, body(-5));
    expectValid(L, 'PATCH', p, 200, bad.body);
    expect(bad.body.status).toBe('INVALID');
    const e400 = await call(h, 'PATCH', `/listings/2021-08-01/items/${h.sb.sellerId}/KETTLE-GOOSE`, body(1));
    expectValid(L, 'PATCH', p, 400, e400.body);
    const e403 = await call(h, 'PATCH', `/listings/2021-08-01/items/${h.sb.sellerId}/KETTLE-GOOSE?marketplaceIds=${h.sb.marketplaceId}`, body(1), { 'x-amz-access-token': 'bad' });
    expectValid(L, 'PATCH', p, 403, e403.body);
  });

  it('the feed flow, and the processing report against its JSON schema', async () => {
    const F = 'feeds_2021-06-30.json';
    const doc = await call(h, 'POST', '/feeds/2021-06-30/documents', { contentType: 'application/json' });
    expectValid(F, 'POST', '/feeds/2021-06-30/documents', 201, doc.body);
    await fetch(doc.body.url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
      header: { sellerId: h.sb.sellerId, version: '2.0', report: { includedData: ['summaries', 'offers', 'fulfillmentAvailability', 'issues'], apiVersion: '2021-08-01' } },
      messages: [
        { messageId: 1, sku: 'KETTLE-GOOSE', operationType: 'PATCH', productType: 'KETTLE', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }] }] },
        { messageId: 2, sku: 'UNKNOWN', operationType: 'PATCH', productType: 'KETTLE', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }] }] },
      ],
    }) });
    const feed = await call(h, 'POST', '/feeds/2021-06-30/feeds', { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [h.sb.marketplaceId], inputFeedDocumentId: doc.body.feedDocumentId });
    expectValid(F, 'POST', '/feeds/2021-06-30/feeds', 202, feed.body);
    const got = await call(h, 'GET', `/feeds/2021-06-30/feeds/${feed.body.feedId}`);
    expectValid(F, 'GET', '/feeds/2021-06-30/feeds/{feedId}', 200, got.body);
    const list = await call(h, 'GET', '/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED');
    expectValid(F, 'GET', '/feeds/2021-06-30/feeds', 200, list.body);
    const rd = await call(h, 'GET', `/feeds/2021-06-30/documents/${encodeURIComponent(got.body.resultFeedDocumentId)}`);
    expectValid(F, 'GET', '/feeds/2021-06-30/documents/{feedDocumentId}', 200, rd.body);
    const bytes = Buffer.from(await (await fetch(rd.body.url)).arrayBuffer());
    const report = JSON.parse((rd.body.compressionAlgorithm === 'GZIP' ? gunzipSync(bytes) : bytes).toString('utf8'));
    const schema = loadSpec('listings-feed-processing-report-schema-v2.json');
    expect(check(schema, schema, report)).toEqual([]);
    expect(report.issues.map((i: any) => i.messageId)).toEqual([2]);
    // The report's items are Listings Items API `Item`s.
    const items = loadSpec(L);
    for (const it of report.items) expect(check(items, { $ref: '#/definitions/Item' }, it)).toEqual([]);
  });

  it('getInventorySummaries with details, and its error body', async () => {
    const I = 'fbaInventory.json';
    const r = await call(h, 'GET', `/fba/inventory/v1/summaries?details=true&granularityType=Marketplace&granularityId=${h.sb.marketplaceId}&marketplaceIds=${h.sb.marketplaceId}`);
    expectValid(I, 'GET', '/fba/inventory/v1/summaries', 200, r.body);
    const e = await call(h, 'GET', '/fba/inventory/v1/summaries?granularityType=Marketplace');
    expectValid(I, 'GET', '/fba/inventory/v1/summaries', 400, e.body);
  });

  it('searchOrders and getOrder with every dataset', async () => {
    const O = 'orders_2026-01-01.json';
    h.sb.createOrder({ fulfilledBy: 'AMAZON', lines: [{ sku: 'TEA-EARL-100', quantity: 2 }] });
    const inc = 'BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES,TAX,PAYMENT,FULFILLMENT_ORDERS';
    const s = await call(h, 'GET', `/orders/2026-01-01/orders?createdAfter=2026-01-01T00:00:00Z&includedData=${inc}&maxResultsPerPage=2`);
    expectValid(O, 'GET', '/orders/2026-01-01/orders', 200, s.body);
    const g = await call(h, 'GET', `/orders/2026-01-01/orders/028-1000003-4000003?includedData=${inc}`);
    expectValid(O, 'GET', '/orders/2026-01-01/orders/{orderId}', 200, g.body);
    const e = await call(h, 'GET', '/orders/2026-01-01/orders');
    expectValid(O, 'GET', '/orders/2026-01-01/orders', 400, e.body);
  });

  it('the 429 body', async () => {
    h.sb.drainBucket('getOrder');
    const r = await call(h, 'GET', '/orders/2026-01-01/orders/028-1000003-4000003');
    expect(r.status).toBe(429);
    expectValid('orders_2026-01-01.json', 'GET', '/orders/2026-01-01/orders/{orderId}', 429, r.body);
  });

  it('the reports flow for GET_MERCHANT_LISTINGS_ALL_DATA', async () => {
    const R = 'reports_2021-06-30.json';
    const c = await call(h, 'POST', '/reports/2021-06-30/reports', { reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA', marketplaceIds: [h.sb.marketplaceId] });
    expectValid(R, 'POST', '/reports/2021-06-30/reports', 202, c.body);
    const g = await call(h, 'GET', `/reports/2021-06-30/reports/${c.body.reportId}`);
    expectValid(R, 'GET', '/reports/2021-06-30/reports/{reportId}', 200, g.body);
    const d2 = await call(h, 'GET', `/reports/2021-06-30/documents/${encodeURIComponent(g.body.reportDocumentId)}`);
    expectValid(R, 'GET', '/reports/2021-06-30/documents/{reportDocumentId}', 200, d2.body);
    const tsv = await (await fetch(d2.body.url)).text();
    const [head, ...rows] = tsv.trim().split('\n');
    expect(head!.split('\t')).toContain('seller-sku');
    expect(rows).toHaveLength(8);
    const cols = head!.split('\t');
    const kettle = rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v]))).find((r) => r['seller-sku'] === 'KETTLE-GOOSE')!;
    expect(kettle).toMatchObject({ quantity: '3', 'fulfillment-channel': 'DEFAULT', asin1: 'B0SBXKETG8' });
  });

  it('omni\'s own patch body and feed document match the request models', () => {
    const change = (sku: string, action: 'stock' | 'price', after: number): Change =>
      ({ channel: 'amazon', sku, channelSku: sku, action, before: 1, after, key: `${sku}-${action}`, reason: '', target: { extra: { productType: 'KETTLE' } } });
    const list = [change('KETTLE-GOOSE', 'stock', 4), change('KETTLE-GOOSE', 'price', 4900)];
    const items = loadSpec(L);
    const body = { productType: 'KETTLE', patches: patchesFor(list, 'A1PHEBVUHN9XHL', 'EUR') };
    expect(check(items, { $ref: '#/definitions/ListingsItemPatchRequest' }, body)).toEqual([]);
    const config = amazonConfigSchema.parse({ seller_id: 'A2SANDBOXSELLER', marketplace_ids: ['A1PHEBVUHN9XHL'], client_id: 'c', client_secret: 's', refresh_token: 'r', stock_from: ['warehouse'] });
    const feedSchema = loadSpec('listings-feed-schema-v2.json');
    expect(check(feedSchema, feedSchema, feedDocument(config, [['KETTLE-GOOSE', list]]))).toEqual([]);
    const reports = loadSpec('reports_2021-06-30.json');
    expect(check(reports, { $ref: '#/definitions/CreateReportSpecification' }, { reportType: REPORT_TYPE, marketplaceIds: ['A1PHEBVUHN9XHL'] })).toEqual([]);
    const messageSchema = loadSpec('listings-feed-message-schema-v2.json');
    for (const m of feedDocument(config, [['KETTLE-GOOSE', list]]).messages) expect(check(messageSchema, messageSchema, m)).toEqual([]);
  });
});
