// Listings Items API 2021-08-01: getListingsItem, searchListingsItems, patchListingsItem.
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from './context.js';
import { invalidInput, notFound, sellerMismatch } from './errors.js';
import { decodeToken, encodeToken, int, jsonBody, list, ok, time, type SpRequest, type SpResponse } from './http-util.js';
import { submit, type PatchOp } from './listing-ops.js';
import { queueSubmission } from './submissions.js';
import { INCLUDED_DATA, isBuyable, renderItem } from './listing-view.js';
import type { Listing } from './store.js';

/** "The maximum number of items (SKUs) that can be returned and paged through is 1000." */
const SEARCH_CAP = 1000;

function marketplaces(ctx: SandboxContext, req: SpRequest): string[] {
  const ids = list(req.query, 'marketplaceIds');
  if (!ids.length) throw invalidInput("Missing required parameter 'marketplaceIds'.");
  const unknown = ids.find((id) => id !== ctx.store.seller.marketplaceId);
  if (unknown) throw invalidInput(`The marketplace ${unknown} is not a marketplace this seller participates in.`);
  return ids;
}

function seller(ctx: SandboxContext, req: SpRequest): void {
  if (req.params.sellerId !== ctx.store.seller.sellerId) throw sellerMismatch();
}

function included(req: SpRequest, dflt: string[], allowed: readonly string[]): string[] {
  const v = list(req.query, 'includedData');
  const bad = v.find((x) => !allowed.includes(x));
  if (bad) throw invalidInput(`'${bad}' is not a valid value for 'includedData'.`);
  return v.length ? v : dflt;
}

export function getListingsItem(ctx: SandboxContext, req: SpRequest): SpResponse {
  seller(ctx, req);
  const mp = marketplaces(ctx, req)[0]!;
  const l = ctx.store.listings.get(req.params.sku!);
  if (!l) throw notFound(`SKU '${req.params.sku}' not found in marketplace ${mp}`);
  return ok(renderItem(ctx.store, l, included(req, ['summaries'], INCLUDED_DATA)));
}

export function searchListingsItems(ctx: SandboxContext, req: SpRequest): SpResponse {
  seller(ctx, req);
  marketplaces(ctx, req);
  const q = req.query;
  const pageSize = int(q, 'pageSize', 10, 1, 20);
  const inc = included(req, ['summaries'], INCLUDED_DATA);
  let items = [...ctx.store.listings.values()];
  const ids = list(q, 'identifiers');
  const idType = q.get('identifiersType');
  if (ids.length && !idType) throw invalidInput("'identifiersType' is required when 'identifiers' is provided.");
  if (idType && !ids.length) throw invalidInput("'identifiers' is required when 'identifiersType' is provided.");
  if (ids.length > 20) throw invalidInput("'identifiers' accepts at most 20 values.");
  if (ids.length) items = items.filter((l) => ids.includes(identifier(l, idType!) ?? ''));
  const after = (name: string, get: (l: Listing) => string, cmp: (a: number, b: number) => boolean): void => {
    const t = time(q, name);
    if (t !== undefined) items = items.filter((l) => cmp(Date.parse(get(l)), t));
  };
  after('createdAfter', (l) => l.createdDate, (a, b) => a >= b);
  after('createdBefore', (l) => l.createdDate, (a, b) => a <= b);
  after('lastUpdatedAfter', (l) => l.lastUpdatedDate, (a, b) => a >= b);
  after('lastUpdatedBefore', (l) => l.lastUpdatedDate, (a, b) => a <= b);
  const status = (l: Listing): string[] => (isBuyable(ctx.store, l) ? ['BUYABLE', 'DISCOVERABLE'] : ['DISCOVERABLE']);
  const withStatus = list(q, 'withStatus');
  const withoutStatus = list(q, 'withoutStatus');
  if (withStatus.length) items = items.filter((l) => withStatus.some((s) => status(l).includes(s)));
  if (withoutStatus.length) items = items.filter((l) => !withoutStatus.some((s) => status(l).includes(s)));
  const sortBy = q.get('sortBy') ?? 'lastUpdatedDate';
  const sortOrder = q.get('sortOrder') ?? 'DESC';
  if (!['sku', 'createdDate', 'lastUpdatedDate'].includes(sortBy)) throw invalidInput(`'${sortBy}' is not a valid value for 'sortBy'.`);
  if (!['ASC', 'DESC'].includes(sortOrder)) throw invalidInput(`'${sortOrder}' is not a valid value for 'sortOrder'.`);
  const key = (l: Listing): string => (sortBy === 'sku' ? l.sku : sortBy === 'createdDate' ? l.createdDate : l.lastUpdatedDate);
  // Ties broken by sku so that pages never overlap or skip.
  items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.sku < b.sku ? -1 : 1) * (sortOrder === 'ASC' ? 1 : -1));
  const total = items.length;
  items = items.slice(0, SEARCH_CAP);
  const token = q.get('pageToken');
  const offset = token ? decodeToken<{ o?: number }>(token, 'pageToken').o ?? 0 : 0;
  if (!Number.isInteger(offset) || offset < 0) throw invalidInput('Invalid pageToken.');
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize < items.length ? encodeToken({ o: offset + pageSize }) : undefined;
  const prev = offset > 0 ? encodeToken({ o: Math.max(0, offset - pageSize) }) : undefined;
  const pagination = next || prev ? { ...(next ? { nextToken: next } : {}), ...(prev ? { previousToken: prev } : {}) } : undefined;
  return ok({ numberOfResults: total, ...(pagination ? { pagination } : {}), items: page.map((l) => renderItem(ctx.store, l, inc)) });
}

function identifier(l: Listing, type: string): string | undefined {
  switch (type) {
    case 'SKU': return l.sku;
    case 'ASIN': return l.asin;
    case 'FNSKU': return l.fnSku;
    case 'EAN': case 'GTIN': case 'UPC': case 'JAN': return l.barcode;
    default: throw invalidInput(`'${type}' is not a valid value for 'identifiersType'.`);
  }
}

export function patchListingsItem(ctx: SandboxContext, req: SpRequest): SpResponse {
  seller(ctx, req);
  const mp = marketplaces(ctx, req)[0]!;
  const inc = included(req, ['issues'], ['identifiers', 'issues']);
  const mode = req.query.get('mode');
  if (mode !== null && mode !== 'VALIDATION_PREVIEW') throw invalidInput(`'${mode}' is not a valid value for 'mode'.`);
  const body = jsonBody<{ productType?: unknown; patches?: unknown }>(req);
  if (typeof body.productType !== 'string' || !body.productType) throw invalidInput("'productType' is required.");
  if (!Array.isArray(body.patches) || body.patches.length < 1) throw invalidInput("'patches' must be an array with at least one patch operation.");
  const sku = req.params.sku!;
  const preview = mode === 'VALIDATION_PREVIEW';
  const submission = { sku, operationType: 'PATCH' as const, productType: body.productType, patches: body.patches as PatchOp[] };
  const queue = !preview && ctx.applyDelayMs > 0;
  const issues = submit(ctx.store, submission, mp, ctx.now(), !preview && !queue, !queue);
  const failed = issues.some((i) => i.severity === 'ERROR');
  const submissionId = randomUUID().replaceAll('-', '');
  if (queue && !failed) queueSubmission(ctx, { submissionId, sku, productType: body.productType, patches: submission.patches, marketplaceId: mp });
  const l = ctx.store.listings.get(sku);
  return ok({
    sku, status: failed ? 'INVALID' : preview ? 'VALID' : 'ACCEPTED', submissionId,
    ...(inc.includes('issues') ? { issues: issues.map((i) => ({ ...i, marketplaceIds: [mp] })) } : {}),
    ...(inc.includes('identifiers') && l ? { identifiers: [{ marketplaceId: mp, asin: l.asin }] } : {}),
  });
}
