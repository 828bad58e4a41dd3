// A catalog past searchListingsItems' reach (it pages through at most 1,000 skus [spec:
// listingsItems_2021-08-01 searchListingsItems, ItemSearchResults.numberOfResults]) is read from
// the GET_MERCHANT_LISTINGS_ALL_DATA report [API-NOTES: "Use the GET_MERCHANT_LISTINGS_ALL_DATA
// report for a full catalog pull"]: createReport → getReport until DONE → getReportDocument →
// the tab-separated file, parsed by column name [A15]. A report still processing at the cap is
// remembered (cursor `listings_report`) and read by the next run instead of waiting.
import { gunzipSync } from 'node:zlib';
import type { PullContext, RemoteListing } from '../../src/core/connector.js';
import { parseMoney } from '../../src/core/money.js';
import { UserError } from '../../src/core/errors.js';
import type { HttpClient } from '../../src/http/client.js';
import type { Clock } from '../../src/http/token-bucket.js';
import type { AmazonConfig } from './config.js';
import type { SpApi } from './sp-api.js';
import { pollUntilFinished, type Processing } from './processing.js';

export const REPORT_TYPE = 'GET_MERCHANT_LISTINGS_ALL_DATA';
/** A report older than this is not used: its quantities are too old to plan from. */
const MAX_AGE_MS = 6 * 3600_000;

interface ReportStatus extends Processing { reportId: string; createdTime?: string; reportDocumentId?: string }

export interface ReportRead {
  /** Undefined when no report could be read this run. */
  listings?: RemoteListing[];
  /** The cursor to keep: the report still processing, or '' (none). */
  pending: string;
  warnings: string[];
}

export async function listingsFromReport(api: SpApi, http: HttpClient, clock: Clock, c: AmazonConfig, ctx: PullContext, expected: number): Promise<ReportRead> {
  const marketplace = c.marketplace_ids[0]!;
  const get = (id: string) => api.call<ReportStatus>({ op: 'getReport', method: 'GET', path: `/reports/2021-06-30/reports/${encodeURIComponent(id)}` });
  // A report an earlier run asked for and could not wait for: use it if it is recent enough.
  let reportId = ctx.cursors.listings_report || undefined;
  if (reportId) {
    const earlier = await get(reportId);
    const age = ctx.now().getTime() - Date.parse(earlier.createdTime ?? '');
    if (['FATAL', 'CANCELLED'].includes(earlier.processingStatus) || !(age < MAX_AGE_MS)) reportId = undefined;
  }
  reportId ??= (await api.call<{ reportId: string }>({
    op: 'createReport', method: 'POST', path: '/reports/2021-06-30/reports',
    body: { reportType: REPORT_TYPE, marketplaceIds: [marketplace] }, // one marketplace per inventory report [A16]
  })).reportId;
  const id = reportId;
  const done = await pollUntilFinished(clock, http.waits, `the listing report ${id} (${expected} listings)`, () => get(id));
  if (!done) {
    return {
      pending: id,
      warnings: [`amazon: the listing report (${expected} listings) was not ready within max_wait_seconds; listings keep the state last seen and the next run reads report ${id}`],
    };
  }
  if (done.processingStatus !== 'DONE' || !done.reportDocumentId) {
    return { pending: '', warnings: [`amazon: Amazon could not produce the listing report (${done.processingStatus}); listings keep the state last seen; the next run asks again`] };
  }
  const doc = await api.call<{ url: string; compressionAlgorithm?: string }>({
    op: 'getReportDocument', method: 'GET', path: `/reports/2021-06-30/documents/${encodeURIComponent(done.reportDocumentId)}`,
  });
  const res = await http.send({ operation: 'download listing report', method: 'GET', url: doc.url });
  const text = (doc.compressionAlgorithm === 'GZIP' ? gunzipSync(res.bytes) : res.bytes).toString('utf8');
  const { listings, unreadable } = parseListingsReport(text, ctx.known);
  const warnings: string[] = [];
  if (unreadable.length) warnings.push(`amazon: ${unreadable.length} row(s) of the listing report could not be read (e.g. ${unreadable.slice(0, 3).join(', ')}); those listings keep the state last seen`);
  if (listings.length < expected) warnings.push(`amazon: incomplete listing read: Amazon reports ${expected} listings, the listing report held ${listings.length}; the others keep the state last seen`);
  return { listings, pending: '', warnings };
}

/**
 * The report's rows as listings. The product type is not in the report: it is kept from what an
 * earlier read saw, and looked up at push time for the skus that need it.
 */
export function parseListingsReport(text: string, known: ReadonlyMap<string, RemoteListing>): { listings: RemoteListing[]; unreadable: string[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split('\t').map((h) => h.trim().toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  const at = { sku: col('seller-sku'), asin: col('asin1'), price: col('price'), quantity: col('quantity'), channel: col('fulfillment-channel') };
  if (at.sku < 0 || at.quantity < 0 || at.channel < 0) {
    throw new UserError(`Amazon's listing report has no seller-sku, quantity or fulfillment-channel column (its header: ${header.slice(0, 8).join(', ')}…).`,
      { hint: 'omni reads the report with English column names; check that the seller account does not request reports in another language.' });
  }
  const listings: RemoteListing[] = [];
  const unreadable: string[] = [];
  for (const line of lines) {
    const cells = line.split('\t');
    const sku = cells[at.sku]?.trim();
    if (!sku) continue;
    const merchant = (cells[at.channel] ?? '').trim().toUpperCase() === 'DEFAULT';
    const quantityText = (cells[at.quantity] ?? '').trim();
    const quantity = merchant ? Number(quantityText || '0') : undefined;
    const priceText = at.price >= 0 ? (cells[at.price] ?? '').trim() : '';
    const priceMinor = priceText ? parseMoney(priceText) : undefined;
    if ((merchant && !Number.isInteger(quantity)) || (priceText && priceMinor === undefined)) { unreadable.push(sku); continue; }
    const productType = known.get(sku)?.extra?.productType;
    listings.push({
      sku, remoteId: at.asin >= 0 ? cells[at.asin]?.trim() || undefined : undefined,
      quantity, channelFulfilled: !merchant, priceMinor,
      extra: typeof productType === 'string' ? { productType } : {},
    });
  }
  return { listings, unreadable };
}
