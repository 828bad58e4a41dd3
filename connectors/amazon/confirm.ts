// What became of changes Amazon accepted in earlier runs. A feed's processing report is the word
// on its messages [API-NOTES: Feeds API, processing report]; an ACCEPTED patch is only queued
// [API-NOTES: patchListingsItem], so it is confirmed when the listing shows the value, refused
// when the listing carries an ERROR issue instead, and given up on ("never applied") once
// `confirm_within_minutes` have passed without either.
import type { PendingChange, RemoteOrder, Settlement } from '../../src/core/connector.js';
import { parseMoney } from '../../src/core/money.js';
import type { HttpClient } from '../../src/http/client.js';
import type { AmazonConfig } from './config.js';
import type { SpApi } from './sp-api.js';
import { feedVerdict, type FeedStatus } from './push-feed.js';
import { listingsBySku } from './listings-by-sku.js';
import type { ListingItem } from './listing-item.js';

export interface ConfirmInput {
  api: SpApi;
  http: HttpClient;
  config: AmazonConfig;
  now: Date;
  /** The orders this run pulled: a merchant sale after the change explains a lower quantity. */
  orders: readonly RemoteOrder[];
}

export async function confirmAccepted(pending: readonly PendingChange[], x: ConfirmInput): Promise<Settlement[]> {
  const feeds = pending.filter((p) => p.confirmBy?.startsWith('feed:'));
  const patches = pending.filter((p) => !p.confirmBy?.startsWith('feed:'));
  return [...await confirmFeeds(feeds, x), ...await confirmPatches(patches, x)];
}

const overdue = (p: PendingChange, x: ConfirmInput): boolean =>
  x.now.getTime() - Date.parse(p.acceptedAt) > x.config.confirm_within_minutes * 60_000;

async function confirmFeeds(pending: readonly PendingChange[], x: ConfirmInput): Promise<Settlement[]> {
  const byFeed = new Map<string, { p: PendingChange; messageId: number }[]>();
  for (const p of pending) {
    const [, feedId = '', messageId = '0'] = p.confirmBy!.split(':');
    byFeed.set(feedId, [...(byFeed.get(feedId) ?? []), { p, messageId: Number(messageId) }]);
  }
  const out: Settlement[] = [];
  for (const [feedId, list] of byFeed) {
    const status = await x.api.call<FeedStatus>({ op: 'getFeed', method: 'GET', path: `/feeds/2021-06-30/feeds/${encodeURIComponent(feedId)}` });
    if (!['DONE', 'FATAL', 'CANCELLED'].includes(status.processingStatus)) {
      for (const { p } of list) {
        out.push(overdue(p, x)
          ? { runId: p.runId, key: p.key, outcome: 'failed', message: `Amazon has not processed feed ${feedId} within ${x.config.confirm_within_minutes} min (still ${status.processingStatus}); omni sends the change again while it is still needed` }
          : { runId: p.runId, key: p.key, outcome: 'accepted' });
      }
      continue;
    }
    const verdict = await feedVerdict(x.api, x.http, feedId, status);
    for (const { p, messageId } of list) {
      const error = verdict(messageId);
      out.push(error
        ? { runId: p.runId, key: p.key, outcome: 'failed', message: `Amazon rejected it (feed ${feedId}): ${error}` }
        : { runId: p.runId, key: p.key, outcome: 'applied', message: `confirmed by the processing report of feed ${feedId}` });
    }
  }
  return out;
}

async function confirmPatches(pending: readonly PendingChange[], x: ConfirmInput): Promise<Settlement[]> {
  if (pending.length === 0) return [];
  const marketplace = x.config.marketplace_ids[0]!;
  const items = await listingsBySku(x.api, x.config, pending.map((p) => p.channelSku), ['summaries', 'offers', 'fulfillmentAvailability', 'issues']);
  return pending.map((p): Settlement => {
    const item = items.get(p.channelSku);
    if (!item) return { runId: p.runId, key: p.key, outcome: 'failed', message: `the listing is no longer on Amazon (${marketplace})` };
    const shows = shownValue(item, p.action, marketplace);
    if (shows === Number(p.after)) return { runId: p.runId, key: p.key, outcome: 'applied', message: 'confirmed: Amazon shows it' };
    if (p.action === 'stock' && shows !== undefined && shows === Number(p.after) - soldSince(x.orders, p.channelSku, p.acceptedAt)) {
      return { runId: p.runId, key: p.key, outcome: 'applied', message: `confirmed: Amazon shows ${shows}, ${p.after} less the merchant orders since` };
    }
    const errors = (item.issues ?? []).filter((i) => i.severity === 'ERROR');
    if (errors.length > 0) {
      return { runId: p.runId, key: p.key, outcome: 'failed', message: `Amazon did not apply it: ${errors.map((i) => `${i.code} ${i.message}`).join('; ')}` };
    }
    if (overdue(p, x)) {
      return { runId: p.runId, key: p.key, outcome: 'failed', message: `Amazon accepted it but still shows ${shows ?? 'nothing'} after ${x.config.confirm_within_minutes} min; omni sends it again while it is still needed` };
    }
    return { runId: p.runId, key: p.key, outcome: 'accepted' };
  });
}

/** The value Amazon shows for the changed field: the merchant quantity, or the B2C price in minor units. */
function shownValue(item: ListingItem, action: PendingChange['action'], marketplace: string): number | undefined {
  if (action === 'stock') return item.fulfillmentAvailability?.find((f) => f.fulfillmentChannelCode === 'DEFAULT')?.quantity;
  const offer = item.offers?.find((o) => o.marketplaceId === marketplace && o.offerType === 'B2C');
  return offer ? parseMoney(offer.price.amount) : undefined;
}

function soldSince(orders: readonly RemoteOrder[], sku: string, since: string): number {
  let n = 0;
  const from = Date.parse(since);
  for (const o of orders) {
    if (o.fulfilment !== 'merchant' || o.status === 'cancelled' || Date.parse(o.placedAt) < from) continue;
    for (const l of o.lines) if (l.sku === sku) n += l.quantity;
  }
  return n;
}
