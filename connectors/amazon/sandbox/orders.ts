// Orders API 2026-01-01: searchOrders and getOrder. Items come inside each order; datasets
// (buyer, proceeds, fulfillment …) only when asked for with `includedData`.
import type { SandboxContext } from './context.js';
import { invalidInput, notFound } from './errors.js';
import { decodeToken, encodeToken, int, iso, list, ok, time, type SpRequest, type SpResponse } from './http-util.js';
import type { Order } from './order-build.js';

const DATASETS = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'EXPENSE', 'PROMOTION', 'CANCELLATION', 'FULFILLMENT', 'PACKAGES', 'TAX', 'PAYMENT', 'FULFILLMENT_ORDERS'];
const STATUSES = ['PENDING_AVAILABILITY', 'PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'CANCELLED', 'UNFULFILLABLE'];
const TOKEN_TTL_MS = 24 * 3600_000;
/** "…must be … at least two minutes before the time of the request." */
const BEFORE_LAG_MS = 2 * 60_000;
/** Parameters a pagination token is bound to (all but maxResultsPerPage and includedData). */
const BOUND = ['createdAfter', 'createdBefore', 'lastUpdatedAfter', 'lastUpdatedBefore', 'fulfillmentStatuses', 'marketplaceIds', 'fulfilledBy'];

interface PageToken { f: Record<string, string>; o: number; t: number; until: number }

function included(req: SpRequest): string[] {
  const v = list(req.query, 'includedData');
  const bad = v.find((x) => !DATASETS.includes(x));
  if (bad) throw invalidInput(`'${bad}' is not a valid value for 'includedData'.`);
  return v;
}

export function searchOrders(ctx: SandboxContext, req: SpRequest): SpResponse {
  const q = req.query;
  const now = ctx.now();
  const inc = included(req);
  const pageSize = int(q, 'maxResultsPerPage', 100, 1, 100);
  const filters = Object.fromEntries(BOUND.flatMap((k) => (q.get(k) !== null ? [[k, q.getAll(k).join(',')]] : [])));
  const tokenRaw = q.get('paginationToken');
  let offset = 0;
  let until: number | undefined;
  if (tokenRaw) {
    const t = decodeToken<PageToken>(tokenRaw, 'paginationToken');
    if (typeof t.o !== 'number' || typeof t.t !== 'number' || !t.f) throw invalidInput('Invalid paginationToken.');
    if (now > t.t + TOKEN_TTL_MS) throw invalidInput('The paginationToken has expired.');
    if (JSON.stringify(t.f) !== JSON.stringify(filters)) {
      throw invalidInput('The paginationToken was created for a request with other parameters: send the same values as the first request (only maxResultsPerPage and includedData may change).');
    }
    offset = t.o;
    until = t.until;
  }
  const createdAfter = time(q, 'createdAfter');
  const createdBefore = time(q, 'createdBefore');
  const updatedAfter = time(q, 'lastUpdatedAfter');
  const updatedBefore = time(q, 'lastUpdatedBefore');
  if ((createdAfter === undefined) === (updatedAfter === undefined)) throw invalidInput("Exactly one of 'createdAfter' and 'lastUpdatedAfter' must be provided.");
  if (createdAfter !== undefined && (updatedBefore !== undefined)) throw invalidInput("'lastUpdatedBefore' may not be combined with 'createdAfter'.");
  if (updatedAfter !== undefined && (createdBefore !== undefined)) throw invalidInput("'createdBefore' may not be combined with 'lastUpdatedAfter'.");
  const after = (createdAfter ?? updatedAfter)!;
  const before = createdBefore ?? updatedBefore;
  if (before !== undefined && before < after) throw invalidInput('The end of the time range must not be before its start.');
  if (before !== undefined && before > now - BEFORE_LAG_MS) throw invalidInput('The end of the time range must be at least two minutes before the time of the request.');
  const limit = until ?? before ?? now;
  const byCreated = createdAfter !== undefined;
  const mps = list(q, 'marketplaceIds');
  if (mps.length > 50) throw invalidInput("'marketplaceIds' accepts at most 50 values.");
  const statuses = list(q, 'fulfillmentStatuses');
  const badStatus = statuses.find((s) => !STATUSES.includes(s));
  if (badStatus) throw invalidInput(`'${badStatus}' is not a valid value for 'fulfillmentStatuses'.`);
  const by = list(q, 'fulfilledBy');
  const badBy = by.find((s) => s !== 'MERCHANT' && s !== 'AMAZON');
  if (badBy) throw invalidInput(`'${badBy}' is not a valid value for 'fulfilledBy'.`);

  const when = (o: Order): number => Date.parse(byCreated ? o.createdTime : o.lastUpdatedTime);
  const all = [...ctx.store.orders.values()]
    .filter((o) => when(o) >= after && when(o) <= limit)
    .filter((o) => !mps.length || mps.includes(o.salesChannel.marketplaceId))
    .filter((o) => !statuses.length || statuses.includes(o.fulfillment?.fulfillmentStatus ?? ''))
    .filter((o) => !by.length || by.includes(o.fulfillment?.fulfilledBy ?? ''))
    .sort((a, b) => when(a) - when(b) || (a.orderId < b.orderId ? -1 : 1));
  const page = all.slice(offset, offset + pageSize);
  const next = offset + pageSize < all.length ? encodeToken({ f: filters, o: offset + pageSize, t: now, until: limit } satisfies PageToken) : undefined;
  return ok({
    orders: page.map((o) => view(o, inc)),
    ...(next ? { pagination: { nextToken: next } } : {}),
    ...(byCreated ? { createdBefore: iso(limit) } : { lastUpdatedBefore: iso(limit) }),
  });
}

export function getOrder(ctx: SandboxContext, req: SpRequest): SpResponse {
  const inc = included(req);
  const o = ctx.store.orders.get(req.params.orderId!);
  if (!o) throw notFound(`Order ${req.params.orderId} not found.`);
  return ok({ order: view(o, inc) });
}

/** The order with only the requested datasets (the base fields are always there). */
export function view(o: Order, inc: readonly string[]): Order {
  const has = (d: string): boolean => inc.includes(d);
  const c = structuredClone(o);
  if (!has('BUYER')) delete c.buyer;
  if (!has('RECIPIENT')) delete c.recipient;
  if (!has('PROCEEDS')) delete c.proceeds;
  if (!has('FULFILLMENT')) delete c.fulfillment;
  for (const i of c.orderItems) {
    if (!has('PROCEEDS')) delete i.proceeds;
    if (!has('CANCELLATION')) delete i.cancellation;
    if (!has('FULFILLMENT')) delete i.fulfillment;
  }
  return c;
}
