// Large change sets: JSON_LISTINGS_FEED. createFeedDocument → upload → createFeed → poll getFeed →
// processing report; each message's issues map back to its sku's changes.
import { gunzipSync } from 'node:zlib';
import type { Change, ChangeOutcome, Logger } from '../../src/core/connector.js';
import type { HttpClient } from '../../src/http/client.js';
import type { Clock } from '../../src/http/token-bucket.js';
import { pollUntilFinished } from './processing.js';
import type { AmazonConfig } from './config.js';
import type { SpApi } from './sp-api.js';
import { bySku, patchesFor } from './patches.js';
import { MAX_FEED_MESSAGES } from './push-choice.js';

interface Report { issues?: { messageId: number; code: string; severity: string; message: string }[]; summary?: Record<string, number> }
const CONTENT_TYPE = 'application/json; charset=UTF-8';

export async function* pushByFeed(api: SpApi, http: HttpClient, clock: Clock, c: AmazonConfig, changes: readonly Change[], log: Logger): AsyncGenerator<ChangeOutcome> {
  const groups = [...bySku(changes)];
  for (let i = 0; i < groups.length; i += MAX_FEED_MESSAGES) {
    const part = groups.slice(i, i + MAX_FEED_MESSAGES);
    try {
      yield* oneFeed(api, http, clock, c, part, log);
    } catch (e) {
      for (const [sku, list] of part) for (const ch of list) yield { key: ch.key, outcome: 'failed', message: `${sku}: feed failed: ${(e as Error).message}` };
    }
  }
}

async function* oneFeed(api: SpApi, http: HttpClient, clock: Clock, c: AmazonConfig, groups: [string, Change[]][], log: Logger): AsyncGenerator<ChangeOutcome> {
  const marketplace = c.marketplace_ids[0]!;
  const feed = feedDocument(c, groups);
  const doc = await api.call<{ feedDocumentId: string; url: string }>({ op: 'createFeedDocument', method: 'POST', path: '/feeds/2021-06-30/documents', body: { contentType: CONTENT_TYPE } });
  await http.send({ operation: 'upload feed document', method: 'PUT', url: doc.url, headers: { 'content-type': CONTENT_TYPE }, body: JSON.stringify(feed) });
  const { feedId } = await api.call<{ feedId: string }>({
    op: 'createFeed', method: 'POST', path: '/feeds/2021-06-30/feeds',
    body: { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [marketplace], inputFeedDocumentId: doc.feedDocumentId },
  });
  log.info(`amazon: feed ${feedId} with ${groups.length} sku(s) submitted; waiting for Amazon to process it…`);
  const status = await pollUntilFinished(clock, http.waits, `feed ${feedId}`,
    () => api.call<FeedStatus>({ op: 'getFeed', method: 'GET', path: `/feeds/2021-06-30/feeds/${encodeURIComponent(feedId)}` }));
  if (!status) {
    // Submitted but not processed within max_wait_seconds: accepted, and the next run reads the
    // processing report (the journal keeps the feed and message id of each change).
    for (const [n, [, list]] of groups.entries()) {
      for (const ch of list) yield { key: ch.key, outcome: 'accepted', confirmBy: `feed:${feedId}:${n + 1}`, message: `in Amazon feed ${feedId}, still processing; the next sync reads its report` };
    }
    return;
  }
  const verdict = await feedVerdict(api, http, feedId, status);
  for (const [n, [sku, list]] of groups.entries()) {
    const e = verdict(n + 1);
    for (const ch of list) yield e ? { key: ch.key, outcome: 'failed', message: `${sku}: ${e}` } : { key: ch.key, outcome: 'applied' };
  }
}

/** The JSON_LISTINGS_FEED document: one PATCH message per sku [spec: listings-feed-schema-v2.json]. */
export function feedDocument(c: AmazonConfig, groups: readonly [string, readonly Change[]][]): { header: Record<string, unknown>; messages: Record<string, unknown>[] } {
  const marketplace = c.marketplace_ids[0]!;
  return {
    header: { sellerId: c.seller_id, version: '2.0', issueLocale: 'en_US' },
    messages: groups.map(([sku, list], n) => ({
      messageId: n + 1, sku, operationType: 'PATCH', productType: String(list[0]!.target.extra?.productType ?? c.product_type),
      patches: patchesFor(list, marketplace, c.currency),
    })),
  };
}

export interface FeedStatus { processingStatus: string; resultFeedDocumentId?: string }

/** For a finished feed: the error text of each message (by messageId), undefined when it landed. */
export async function feedVerdict(api: SpApi, http: HttpClient, feedId: string, status: FeedStatus): Promise<(messageId: number) => string | undefined> {
  const report = status.resultFeedDocumentId ? await readReport(api, http, status.resultFeedDocumentId) : undefined;
  if (status.processingStatus !== 'DONE') {
    const why = report?.issues?.map((x) => x.message).join('; ') || `feed ${feedId} ended ${status.processingStatus}`;
    return () => why;
  }
  const errors = new Map<number, string[]>();
  for (const x of report?.issues ?? []) {
    if (x.severity === 'ERROR') errors.set(x.messageId, [...(errors.get(x.messageId) ?? []), `${x.code} ${x.message}`]);
  }
  return (id) => errors.get(id)?.join('; ');
}

async function readReport(api: SpApi, http: HttpClient, documentId: string): Promise<Report> {
  const d = await api.call<{ url: string; compressionAlgorithm?: string }>({ op: 'getFeedDocument', method: 'GET', path: `/feeds/2021-06-30/documents/${encodeURIComponent(documentId)}` });
  const res = await http.send({ operation: 'download processing report', method: 'GET', url: d.url });
  const text = d.compressionAlgorithm === 'GZIP' ? gunzipSync(res.bytes).toString('utf8') : res.text;
  return JSON.parse(text) as Report;
}
