// FBA Inventory API v1: getInventorySummaries. Pages of `fbaPageSize` (Amazon: 50); a nextToken
// lives 30 seconds, so a client must fetch pages back to back.
import type { SandboxContext } from './context.js';
import { invalidInput } from './errors.js';
import { decodeToken, encodeToken, iso, list, ok, required, time, type SpRequest, type SpResponse } from './http-util.js';
import type { FbaItem } from './store.js';

const TOKEN_TTL_MS = 30_000;
const MAX_LOOKBACK_MS = 18 * 31 * 24 * 3600_000;

export function getInventorySummaries(ctx: SandboxContext, req: SpRequest): SpResponse {
  const q = req.query;
  const granularityType = required(q, 'granularityType');
  if (granularityType !== 'Marketplace') throw invalidInput(`'${granularityType}' is not a valid value for 'granularityType'.`);
  const granularityId = required(q, 'granularityId');
  const mps = list(q, 'marketplaceIds');
  if (mps.length !== 1) throw invalidInput("'marketplaceIds' must contain exactly one marketplace id.");
  if (mps[0] !== ctx.store.seller.marketplaceId || granularityId !== ctx.store.seller.marketplaceId) {
    throw invalidInput(`The marketplace ${granularityId} is not a marketplace this seller participates in.`);
  }
  const details = q.get('details') === 'true';
  const start = time(q, 'startDateTime');
  const now = ctx.now();
  if (start !== undefined && start < now - MAX_LOOKBACK_MS) throw invalidInput("'startDateTime' may be at most 18 months in the past.");
  const skus = list(q, 'sellerSkus');
  if (skus.length > 50) throw invalidInput("'sellerSkus' accepts at most 50 values.");
  const one = q.get('sellerSku');
  let items = [...ctx.store.fba.values()].sort((a, b) => (a.sku < b.sku ? -1 : 1));
  // Precedence from the model: startDateTime, then sellerSkus, then sellerSku.
  if (start !== undefined) items = items.filter((i) => Date.parse(i.lastUpdatedTime) >= start);
  else if (skus.length) items = items.filter((i) => skus.includes(i.sku));
  else if (one) items = items.filter((i) => i.sku === one);

  const token = q.get('nextToken');
  let offset = 0;
  if (token) {
    const t = decodeToken<{ o?: number; t?: number }>(token, 'nextToken');
    if (typeof t.o !== 'number' || typeof t.t !== 'number') throw invalidInput('Invalid nextToken.');
    if (now > t.t + TOKEN_TTL_MS) throw invalidInput('The nextToken has expired. Tokens are valid for 30 seconds.');
    offset = t.o;
  }
  const page = items.slice(offset, offset + ctx.fbaPageSize);
  const more = offset + ctx.fbaPageSize < items.length;
  return ok({
    payload: { granularity: { granularityType, granularityId }, inventorySummaries: page.map((i) => summary(ctx, i, details)) },
    ...(more ? { pagination: { nextToken: encodeToken({ o: offset + ctx.fbaPageSize, t: now }) } } : {}),
  });
}

function summary(ctx: SandboxContext, i: FbaItem, details: boolean): Record<string, unknown> {
  const l = ctx.store.listings.get(i.sku);
  const total = i.fulfillable + i.inboundWorking + i.inboundShipped + i.inboundReceiving + i.reserved + i.researching + i.unfulfillable;
  return {
    asin: l?.asin ?? '', fnSku: i.fnSku, sellerSku: i.sku, condition: 'NewItem',
    ...(details ? {
      inventoryDetails: {
        fulfillableQuantity: i.fulfillable,
        inboundWorkingQuantity: i.inboundWorking, inboundShippedQuantity: i.inboundShipped, inboundReceivingQuantity: i.inboundReceiving,
        reservedQuantity: { totalReservedQuantity: i.reserved, pendingCustomerOrderQuantity: i.reserved, pendingTransshipmentQuantity: 0, fcProcessingQuantity: 0 },
        researchingQuantity: { totalResearchingQuantity: i.researching, researchingQuantityBreakdown: i.researching ? [{ name: 'researchingQuantityInShortTerm', quantity: i.researching }] : [] },
        unfulfillableQuantity: { totalUnfulfillableQuantity: i.unfulfillable, customerDamagedQuantity: i.unfulfillable, warehouseDamagedQuantity: 0, distributorDamagedQuantity: 0, carrierDamagedQuantity: 0, defectiveQuantity: 0, expiredQuantity: 0 },
      },
    } : {}),
    lastUpdatedTime: i.lastUpdatedTime, productName: l?.itemName ?? '', totalQuantity: total, stores: [],
  };
}

export const touch = (i: FbaItem, now: number): void => { i.lastUpdatedTime = iso(now); };
