// Reports API 2021-06-30, for GET_MERCHANT_LISTINGS_ALL_DATA only: the tab-separated listing
// report a connector reads for a full catalog. Processing takes the same time as a feed.
import type { SandboxContext } from './context.js';
import { invalidInput, notFound } from './errors.js';
import { iso, jsonBody, ok, type SpRequest, type SpResponse } from './http-util.js';
import { presignedUrl, storeResult } from './documents.js';
import { listingPrice, merchantQuantity, type Report } from './store.js';
import { isBuyable } from './listing-view.js';

const TYPE = 'GET_MERCHANT_LISTINGS_ALL_DATA';
const COLUMNS = ['item-name', 'item-description', 'listing-id', 'seller-sku', 'price', 'quantity', 'open-date', 'image-url', 'item-is-marketplace',
  'product-id-type', 'zshop-shipping-fee', 'item-note', 'item-condition', 'zshop-category1', 'zshop-browse-path', 'zshop-storefront-feature',
  'asin1', 'asin2', 'asin3', 'will-ship-internationally', 'expedited-shipping', 'zshop-boldface', 'product-id', 'bid-for-featured-placement',
  'add-delete', 'pending-quantity', 'fulfillment-channel', 'merchant-shipping-group', 'status'];

export function createReport(ctx: SandboxContext, req: SpRequest): SpResponse {
  const b = jsonBody<{ reportType?: unknown; marketplaceIds?: unknown }>(req);
  if (b.reportType !== TYPE) throw invalidInput(`The report type ${String(b.reportType)} is not supported by this sandbox (only ${TYPE}).`);
  if (!Array.isArray(b.marketplaceIds) || b.marketplaceIds.length !== 1 || b.marketplaceIds[0] !== ctx.store.seller.marketplaceId) {
    throw invalidInput(`'marketplaceIds' must be exactly [${ctx.store.seller.marketplaceId}] for this report.`);
  }
  const reportId = String(60_000_000_000 + ctx.store.nextId());
  ctx.store.reports.set(reportId, { reportId, reportType: TYPE, marketplaceIds: b.marketplaceIds as string[], createdAt: ctx.now(), processingStatus: 'IN_QUEUE' });
  return ok({ reportId }, 202);
}

export function getReport(ctx: SandboxContext, req: SpRequest): SpResponse {
  const r = ctx.store.reports.get(req.params.reportId!);
  if (!r) throw notFound(`Report ${req.params.reportId} not found.`);
  return ok({
    reportId: r.reportId, reportType: r.reportType, marketplaceIds: r.marketplaceIds, createdTime: iso(r.createdAt), processingStatus: r.processingStatus,
    ...(r.processingStartTime ? { processingStartTime: r.processingStartTime } : {}),
    ...(r.processingEndTime ? { processingEndTime: r.processingEndTime } : {}),
    ...(r.reportDocumentId ? { reportDocumentId: r.reportDocumentId } : {}),
  });
}

export function getReportDocument(ctx: SandboxContext, req: SpRequest): SpResponse {
  const doc = ctx.store.documents.get(req.params.reportDocumentId!);
  if (!doc || doc.kind !== 'report') throw notFound(`Report document ${req.params.reportDocumentId} not found.`);
  return ok({ reportDocumentId: doc.id, url: presignedUrl(ctx, doc), ...(doc.compression ? { compressionAlgorithm: doc.compression } : {}) });
}

export function advanceReports(ctx: SandboxContext): void {
  const now = ctx.now();
  for (const r of ctx.store.reports.values()) {
    if (r.processingStatus === 'IN_QUEUE' && now >= r.createdAt + ctx.feedProcessingMs / 3) {
      r.processingStatus = 'IN_PROGRESS';
      r.processingStartTime = iso(r.createdAt + ctx.feedProcessingMs / 3);
    }
    if (r.processingStatus === 'IN_PROGRESS' && now >= r.createdAt + ctx.feedProcessingMs) finish(ctx, r);
  }
}

function finish(ctx: SandboxContext, r: Report): void {
  const s = ctx.store;
  const rows = [...s.listings.values()].map((l) => {
    const row: Record<string, string> = {
      'item-name': l.itemName, 'listing-id': `${l.createdDate.slice(2, 10).replaceAll('-', '')}SBX${l.asin.slice(-5)}`, 'seller-sku': l.sku,
      price: listingPrice(l, s.seller.marketplaceId)?.amount.toFixed(2) ?? '',
      quantity: l.fulfillment === 'MFN' ? String(merchantQuantity(l) ?? 0) : '',
      'open-date': l.createdDate.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'), 'item-is-marketplace': 'y', 'product-id-type': '1', 'item-condition': '11',
      asin1: l.asin, 'will-ship-internationally': '1', 'product-id': l.asin, 'pending-quantity': '0',
      'fulfillment-channel': l.fulfillment === 'MFN' ? 'DEFAULT' : s.seller.afnChannelCode, 'merchant-shipping-group': 'Migrated Template',
      status: isBuyable(s, l) ? 'Active' : 'Inactive',
    };
    return COLUMNS.map((c) => (row[c] ?? '').replace(/[\t\n]/g, ' ')).join('\t');
  });
  const doc = storeResult(ctx, 'report', 'text/tab-separated-values; charset=UTF-8', [COLUMNS.join('\t'), ...rows].join('\n') + '\n');
  r.processingStatus = 'DONE';
  r.processingEndTime = iso(r.createdAt + ctx.feedProcessingMs);
  r.reportDocumentId = doc.id;
}
