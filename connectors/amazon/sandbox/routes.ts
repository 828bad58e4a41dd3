// The SP-API operations the sandbox serves: method, path pattern and the operation name that
// picks the usage plan (rate-limit.ts) and the call counter.
import type { SandboxContext } from './context.js';
import type { SpRequest, SpResponse } from './http-util.js';
import { getListingsItem, patchListingsItem, searchListingsItems } from './listings.js';
import { cancelFeed, createFeed, createFeedDocument, getFeed, getFeedDocument, getFeeds } from './feeds.js';
import { getInventorySummaries } from './fba.js';
import { getOrder, searchOrders } from './orders.js';
import { createReport, getReport, getReportDocument } from './reports.js';

export type Handler = (ctx: SandboxContext, req: SpRequest) => SpResponse;
interface Route { method: string; pattern: RegExp; names: string[]; operation: string; handler: Handler }

const route = (method: string, path: string, operation: string, handler: Handler): Route => {
  const names: string[] = [];
  const pattern = new RegExp(`^${path.replace(/\{(\w+)\}/g, (_, n: string) => { names.push(n); return '([^/]+)'; })}$`);
  return { method, pattern, names, operation, handler };
};

export const ROUTES: Route[] = [
  route('GET', '/listings/2021-08-01/items/{sellerId}', 'searchListingsItems', searchListingsItems),
  route('GET', '/listings/2021-08-01/items/{sellerId}/{sku}', 'getListingsItem', getListingsItem),
  route('PATCH', '/listings/2021-08-01/items/{sellerId}/{sku}', 'patchListingsItem', patchListingsItem),
  route('POST', '/feeds/2021-06-30/documents', 'createFeedDocument', createFeedDocument),
  route('GET', '/feeds/2021-06-30/documents/{feedDocumentId}', 'getFeedDocument', getFeedDocument),
  route('POST', '/feeds/2021-06-30/feeds', 'createFeed', createFeed),
  route('GET', '/feeds/2021-06-30/feeds', 'getFeeds', getFeeds),
  route('GET', '/feeds/2021-06-30/feeds/{feedId}', 'getFeed', getFeed),
  route('DELETE', '/feeds/2021-06-30/feeds/{feedId}', 'cancelFeed', cancelFeed),
  route('GET', '/fba/inventory/v1/summaries', 'getInventorySummaries', getInventorySummaries),
  route('GET', '/orders/2026-01-01/orders', 'searchOrders', searchOrders),
  route('GET', '/orders/2026-01-01/orders/{orderId}', 'getOrder', getOrder),
  route('POST', '/reports/2021-06-30/reports', 'createReport', createReport),
  route('GET', '/reports/2021-06-30/reports/{reportId}', 'getReport', getReport),
  route('GET', '/reports/2021-06-30/documents/{reportDocumentId}', 'getReportDocument', getReportDocument),
];

export function match(method: string, path: string): { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | undefined {
  let pathMatched = false;
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    return { route: r, params: Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}
