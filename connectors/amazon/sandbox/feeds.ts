// Feeds API 2021-06-30: documents, createFeed, getFeed(s), cancelFeed, getFeedDocument. A feed
// moves IN_QUEUE → IN_PROGRESS → DONE|FATAL over `feedProcessingMs`, judged by the injected clock
// whenever anyone looks, so tests need no timers.
import type { SandboxContext } from './context.js';
import { invalidInput, notFound, SpApiError } from './errors.js';
import { decodeToken, encodeToken, int, iso, jsonBody, list, ok, type SpRequest, type SpResponse } from './http-util.js';
import { newDocument, presignedUrl, storeResult } from './documents.js';
import { processListingsFeed } from './feed-processing.js';
import type { Feed } from './store.js';

/** Legacy listing feeds Amazon has answered FATAL since 2025-07-31 (API-NOTES, [A9]). */
const RETIRED = /^POST_(PRODUCT|INVENTORY_AVAILABILITY|PRODUCT_PRICING|PRODUCT_OVERRIDES|PRODUCT_IMAGE|PRODUCT_RELATIONSHIP)_DATA$|^POST_FLAT_FILE_(LISTINGS|INVLOADER|PRICEANDQUANTITYONLY_UPDATE)_DATA$/;

export const LISTINGS_FEEDS_PER_WINDOW = 5;
const LISTINGS_FEED_WINDOW_MS = 5 * 60_000;

export function createFeedDocument(ctx: SandboxContext, req: SpRequest): SpResponse {
  const body = jsonBody<{ contentType?: unknown }>(req);
  if (typeof body.contentType !== 'string' || !body.contentType) throw invalidInput("'contentType' is required.");
  const doc = newDocument(ctx, 'feed-input', body.contentType);
  return ok({ feedDocumentId: doc.id, url: presignedUrl(ctx, doc) }, 201);
}

export function createFeed(ctx: SandboxContext, req: SpRequest): SpResponse {
  const b = jsonBody<{ feedType?: unknown; marketplaceIds?: unknown; inputFeedDocumentId?: unknown; feedOptions?: unknown }>(req);
  if (typeof b.feedType !== 'string' || !b.feedType) throw invalidInput("'feedType' is required.");
  if (!Array.isArray(b.marketplaceIds) || b.marketplaceIds.length < 1 || b.marketplaceIds.length > 25 || b.marketplaceIds.some((m) => typeof m !== 'string')) {
    throw invalidInput("'marketplaceIds' must list 1 to 25 marketplace ids.");
  }
  const unknown = (b.marketplaceIds as string[]).find((m) => m !== ctx.store.seller.marketplaceId);
  if (unknown) throw invalidInput(`The marketplace ${unknown} is not a marketplace this seller participates in.`);
  if (typeof b.inputFeedDocumentId !== 'string' || ctx.store.documents.get(b.inputFeedDocumentId)?.kind !== 'feed-input') {
    throw invalidInput(`'inputFeedDocumentId' ${JSON.stringify(b.inputFeedDocumentId)} is not a feed document of this seller.`);
  }
  if (b.feedType !== 'JSON_LISTINGS_FEED' && !RETIRED.test(b.feedType)) throw invalidInput(`The feed type ${b.feedType} is not supported by this sandbox.`);
  if (b.feedType === 'JSON_LISTINGS_FEED') {
    // Besides createFeed's usage plan: five JSON_LISTINGS_FEED submissions per five minutes (since 2025-05-06) [API-NOTES, A8].
    const since = ctx.now() - LISTINGS_FEED_WINDOW_MS;
    const recent = [...ctx.store.feeds.values()].filter((f) => f.feedType === 'JSON_LISTINGS_FEED' && f.createdAt > since).length;
    if (recent >= LISTINGS_FEEDS_PER_WINDOW) {
      throw new SpApiError(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.', `JSON_LISTINGS_FEED allows ${LISTINGS_FEEDS_PER_WINDOW} submissions per 5 minutes.`);
    }
  }
  const feedId = String(50_000_000_000 + ctx.store.nextId());
  ctx.store.feeds.set(feedId, {
    feedId, feedType: b.feedType, marketplaceIds: b.marketplaceIds as string[], inputFeedDocumentId: b.inputFeedDocumentId,
    createdAt: ctx.now(), processingStatus: 'IN_QUEUE',
  });
  return ok({ feedId }, 202);
}

export function getFeed(ctx: SandboxContext, req: SpRequest): SpResponse {
  const f = ctx.store.feeds.get(req.params.feedId!);
  if (!f) throw notFound(`Feed ${req.params.feedId} not found.`);
  return ok(view(f));
}

export function getFeeds(ctx: SandboxContext, req: SpRequest): SpResponse {
  const q = req.query;
  const token = q.get('nextToken');
  const offset = token ? decodeToken<{ o: number }>(token, 'nextToken').o : 0;
  const pageSize = int(q, 'pageSize', 10, 1, 100);
  const types = list(q, 'feedTypes');
  const statuses = list(q, 'processingStatuses');
  if (!token && !types.length) throw invalidInput("'feedTypes' is required unless 'nextToken' is given.");
  const all = [...ctx.store.feeds.values()]
    .filter((f) => (!types.length || types.includes(f.feedType)) && (!statuses.length || statuses.includes(f.processingStatus)))
    .sort((a, b) => b.createdAt - a.createdAt);
  const page = all.slice(offset, offset + pageSize);
  return ok({ feeds: page.map(view), ...(offset + pageSize < all.length ? { nextToken: encodeToken({ o: offset + pageSize }) } : {}) });
}

export function cancelFeed(ctx: SandboxContext, req: SpRequest): SpResponse {
  const f = ctx.store.feeds.get(req.params.feedId!);
  if (!f) throw notFound(`Feed ${req.params.feedId} not found.`);
  if (f.processingStatus !== 'IN_QUEUE') throw invalidInput(`Feed ${f.feedId} is ${f.processingStatus}; only an IN_QUEUE feed can be cancelled.`);
  f.processingStatus = 'CANCELLED';
  f.processingEndTime = iso(ctx.now());
  return { status: 200 };
}

export function getFeedDocument(ctx: SandboxContext, req: SpRequest): SpResponse {
  const doc = ctx.store.documents.get(req.params.feedDocumentId!);
  if (!doc || doc.kind === 'report') throw notFound(`Feed document ${req.params.feedDocumentId} not found.`);
  const ce = req.query.get('enableContentEncodingUrlHeader') === 'true';
  return ok({ feedDocumentId: doc.id, url: presignedUrl(ctx, doc, ce), ...(doc.compression ? { compressionAlgorithm: doc.compression } : {}) });
}

function view(f: Feed): Record<string, unknown> {
  return {
    feedId: f.feedId, feedType: f.feedType, marketplaceIds: f.marketplaceIds, createdTime: iso(f.createdAt), processingStatus: f.processingStatus,
    ...(f.processingStartTime ? { processingStartTime: f.processingStartTime } : {}),
    ...(f.processingEndTime ? { processingEndTime: f.processingEndTime } : {}),
    ...(f.resultFeedDocumentId ? { resultFeedDocumentId: f.resultFeedDocumentId } : {}),
  };
}

/** Move every feed along its timeline; a feed's messages are applied the moment it is done. */
export function advanceFeeds(ctx: SandboxContext): void {
  const now = ctx.now();
  const queueMs = ctx.feedProcessingMs / 3;
  for (const f of ctx.store.feeds.values()) {
    if (f.processingStatus === 'IN_QUEUE' && now >= f.createdAt + queueMs) {
      f.processingStatus = 'IN_PROGRESS';
      f.processingStartTime = iso(f.createdAt + queueMs);
    }
    if (f.processingStatus === 'IN_PROGRESS' && now >= f.createdAt + ctx.feedProcessingMs) finish(ctx, f);
  }
}

function finish(ctx: SandboxContext, f: Feed): void {
  const input = ctx.store.documents.get(f.inputFeedDocumentId);
  const mp = f.marketplaceIds[0] ?? ctx.store.seller.marketplaceId;
  const fatal = ctx.fatalFeeds > 0 && f.feedType === 'JSON_LISTINGS_FEED';
  if (fatal) ctx.fatalFeeds--;
  const r = fatal
    ? { status: 'FATAL' as const, report: { header: { sellerId: ctx.store.seller.sellerId, version: '2.0', feedId: f.feedId }, issues: [{ code: '4000000', severity: 'ERROR', message: 'The feed could not be processed because of an internal error. Submit it again.' }], summary: { errors: 1, warnings: 0, messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 } } }
    : f.feedType === 'JSON_LISTINGS_FEED'
    ? processListingsFeed(ctx.store, f.feedId, input?.body, mp, ctx.now())
    : { status: 'FATAL' as const, report: { header: { sellerId: ctx.store.seller.sellerId, version: '2.0', feedId: f.feedId }, issues: [{ code: '4000000', severity: 'ERROR', message: `${f.feedType} is no longer supported for listings; use JSON_LISTINGS_FEED or the Listings Items API.` }], summary: { errors: 1, warnings: 0, messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 } } };
  const doc = storeResult(ctx, 'feed-result', 'application/json', JSON.stringify(r.report));
  f.processingStatus = r.status;
  f.processingEndTime = iso(f.createdAt + ctx.feedProcessingMs);
  f.resultFeedDocumentId = doc.id;
}

