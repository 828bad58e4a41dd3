import { afterEach, describe, expect, it } from 'vitest';
import { call, q, start, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.sb.close());

const summaries = (hh: Harness, extra: Record<string, string | undefined> = {}): string =>
  '/fba/inventory/v1/summaries' + q({ details: 'true', granularityType: 'Marketplace', granularityId: hh.sb.marketplaceId, marketplaceIds: hh.sb.marketplaceId, ...extra });

describe('getInventorySummaries', () => {
  it('pages with nextToken and reports fulfillableQuantity per seller sku', async () => {
    h = await start({ fbaPageSize: 2 });
    const first = await call(h, 'GET', summaries(h));
    expect(first.status).toBe(200);
    expect(first.body.payload.granularity).toEqual({ granularityType: 'Marketplace', granularityId: h.sb.marketplaceId });
    expect(first.body.payload.inventorySummaries).toHaveLength(2);
    const token = first.body.pagination.nextToken as string;
    const second = await call(h, 'GET', summaries(h, { nextToken: token }));
    expect(second.body.pagination).toBeUndefined();
    const all = [...first.body.payload.inventorySummaries, ...second.body.payload.inventorySummaries];
    const mug = all.find((s: any) => s.sellerSku === 'MUG-STONE-350');
    expect(mug).toMatchObject({ asin: 'B0SBXMUG35', fnSku: 'X00SBXMUG1', condition: 'NewItem', inventoryDetails: { fulfillableQuantity: 200, inboundShippedQuantity: 24 }, totalQuantity: 228 });
    expect(all.map((s: any) => s.sellerSku).sort()).toEqual(['FILTER-V60-100', 'MUG-STONE-350', 'TEA-EARL-100']);
  });

  it('omits inventoryDetails without details=true and filters by sellerSkus', async () => {
    h = await start();
    const r = await call(h, 'GET', summaries(h, { details: undefined, sellerSkus: 'TEA-EARL-100' }));
    expect(r.body.payload.inventorySummaries).toHaveLength(1);
    expect(r.body.payload.inventorySummaries[0].inventoryDetails).toBeUndefined();
  });

  it('lets a nextToken expire after 30 seconds', async () => {
    h = await start({ fbaPageSize: 1 });
    const token = (await call(h, 'GET', summaries(h))).body.pagination.nextToken as string;
    h.clock.advance(31_000);
    const r = await call(h, 'GET', summaries(h, { nextToken: token }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe('InvalidInput');
  });

  it('reflects a changed FBA count and refuses a missing granularity', async () => {
    h = await start();
    h.sb.setFbaQuantity('MUG-STONE-350', 150);
    const r = await call(h, 'GET', summaries(h, { sellerSku: 'MUG-STONE-350' }));
    expect(r.body.payload.inventorySummaries[0].inventoryDetails.fulfillableQuantity).toBe(150);
    expect((await call(h, 'GET', `/fba/inventory/v1/summaries?marketplaceIds=${h.sb.marketplaceId}`)).status).toBe(400);
  });
});
