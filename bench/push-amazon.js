// Push merchant-fulfilled quantity changes through the real Amazon connector (createAmazonConnector
// → push → choosePushMethod → pushByFeed | pushByPatch → SpApi with its per-operation token
// buckets, over loopback HTTP) against the SP-API sandbox at Amazon's documented usage plans
// (rateScale 1: patchListingsItem 5/s burst 5, createFeed burst 15, getFeed 2/s …; an empty
// bucket answers 429). Measured: the push alone, from the first call to the last outcome, with a
// fresh connector that has already logged in (a sync pulls before it pushes, so the LWA token is
// there; the login and check() call are not timed or counted).
//
// Reference (the minimum the documented limits allow):
// - feed (large sets): createFeedDocument → upload → createFeed → getFeed until DONE →
//   getFeedDocument → download the processing report. Amazon's processing time P is set in the
//   sandbox (feedProcessingMs) and accounted for explicitly: no client finishes before
//   P + the service time of those six requests. The service time is measured in the same run by
//   sending the same feed flow by hand (plain HTTP, no connector) to a sandbox with P = 0 (it
//   includes the sandbox applying the 10,000 messages, which happens in the getFeed that finds
//   the feed done). Fewest SP-API calls: 4 (one getFeed); the getFeed polls are shown separately.
// - patch (small sets): one patchListingsItem per sku, the burst at once and the rest at the rate:
//   (N − 5) / 5 s, plus the last call's service time. The connector paces 3% under the plan on
//   purpose (rate-limits.ts), so a long run shows ~1.03. For N = 10,000 the minimum is 1,999 s
//   (33 min), so that row is computed, not run; the rows after it show what the connector's
//   chooser estimates for each size (and so which path `auto` takes).
// Goal: wall time within 10% of the minimum, calls = the minimum (the feed's polls aside).
// `node bench/push-amazon.js [P_ms …]` runs the feed rows with other processing times.
import { request } from 'undici';
import { createAmazonConnector, userAgent } from '../dist/connectors/amazon/index.js';
import { amazonConfigSchema } from '../dist/connectors/amazon/config.js';
import { choosePushMethod, feedSeconds, patchSeconds } from '../dist/connectors/amazon/push-choice.js';
import { USAGE_PLANS } from '../dist/connectors/amazon/rate-limits.js';
import { startAmazonSandbox } from '../dist/connectors/amazon/sandbox/index.js';
import { merchantQuantity } from '../dist/connectors/amazon/sandbox/store.js';

const MARKETPLACE = 'A1PHEBVUHN9XHL';
const SELLER = 'A2BENCHSELLER';
const CONTENT_TYPE = 'application/json; charset=UTF-8';

/** A seller with `n` merchant-fulfilled listings (the data generator). */
export function generateAmazonSeed(n) {
  const at = '2026-01-01T00:00:00Z';
  const listings = [];
  for (let i = 1; i <= n; i++) {
    listings.push({
      sku: skuOf(i), asin: `B0${String(i).padStart(8, '0')}`, itemName: `Bench item ${i}`, productType: 'PRODUCT',
      fulfillment: 'MFN', quantity: 10 + (i % 50), price: '10.00', createdDate: at, lastUpdatedDate: at,
    });
  }
  return {
    seller: { sellerId: SELLER, marketplaceId: MARKETPLACE, marketplaceName: 'Amazon.de', currency: 'EUR' },
    lwa: { clientId: 'amzn1.application-oa2-client.bench', clientSecret: 'bench-secret', refreshToken: 'Atzr|bench-refresh' },
    listings, fba: [], orders: [],
  };
}

const skuOf = (i) => `BENCH-${String(i).padStart(6, '0')}`;

/** One merchant quantity change per listing: the pulled quantity as `before`, another as `after`. */
function stockChanges(seed, n) {
  return seed.listings.slice(0, n).map((l, i) => ({
    channel: 'amazon', sku: l.sku, channelSku: l.sku, action: 'stock', before: l.quantity, after: l.quantity + 1 + (i % 7), key: `bench-${l.sku}`, reason: 'bench',
    target: { extra: { productType: l.productType } },
  }));
}

function connectorFor(sb) {
  const config = amazonConfigSchema.parse({
    seller_id: sb.sellerId, marketplace_ids: [sb.marketplaceId], client_id: sb.credentials.clientId, client_secret: sb.credentials.clientSecret,
    refresh_token: sb.credentials.refreshToken, endpoint: sb.url, lwa_endpoint: sb.lwaUrl, stock_from: ['warehouse'],
    // feed_processing_seconds stays at its default (120 s): the connector chooses as it would for a real seller.
  });
  return { config, connector: createAmazonConnector(config, { name: 'amazon' }) };
}

const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
const diff = (after, before) => Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => v > 0));

/** The connector's push, timed; every outcome must be `applied` and the sandbox must agree. */
async function timedPush(sb, changes) {
  const { connector } = connectorFor(sb);
  const check = await connector.check(); // logs in (LWA) and opens the socket: not timed, not counted
  if (!check.ok) throw new Error(`amazon check: ${check.message}`);
  const before = { ...connector.api.calls };
  let method = '?';
  const log = { info: (m) => { const x = / by (\S+)$/.exec(m); if (x) method = x[1]; }, debug() {}, warn() {} };
  const t = process.hrtime.bigint();
  const outcomes = [];
  for await (const o of connector.push({ runId: 1, now: () => new Date(), log }, changes)) outcomes.push(o);
  const wallMs = ms(t);
  const bad = outcomes.filter((o) => o.outcome !== 'applied');
  if (outcomes.length !== changes.length || bad.length) throw new Error(`push: ${outcomes.length} outcomes, ${bad.length} not applied: ${bad[0]?.message}`);
  for (const c of [changes[0], changes[changes.length - 1]]) {
    const q = merchantQuantity(sb.store().listings.get(c.sku));
    if (q !== c.after) throw new Error(`sandbox has ${q} for ${c.sku}, pushed ${c.after}`);
  }
  const calls = diff(connector.api.calls, before);
  const throttled = sb.requests().filter((r) => r.status === 429).length; // the sandbox is fresh or reset before each push
  return { wallMs, method, calls, throttled };
}

/** The feed flow by hand (plain HTTP, no connector, no waiting): the sandbox's own service time. */
async function rawFeed(sb, changes) {
  const headers = { 'x-amz-access-token': sb.accessToken(), 'user-agent': userAgent(), accept: 'application/json' };
  const call = async (method, url, body, extra = {}) => {
    const res = await request(url.startsWith('http') ? url : sb.url + url, { method, headers: { ...headers, ...extra }, body });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`raw ${method} ${url}: ${res.statusCode} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  };
  const t = process.hrtime.bigint(); // building the document is work any client does: timed too
  const feed = JSON.stringify({
    header: { sellerId: SELLER, version: '2.0', issueLocale: 'en_US' },
    messages: changes.map((c, n) => ({
      messageId: n + 1, sku: c.sku, operationType: 'PATCH', productType: 'PRODUCT',
      patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: c.after }] }],
    })),
  });
  const json = { 'content-type': 'application/json' };
  const doc = await call('POST', '/feeds/2021-06-30/documents', JSON.stringify({ contentType: CONTENT_TYPE }), json);
  await call('PUT', doc.url, feed, { 'content-type': CONTENT_TYPE });
  const { feedId } = await call('POST', '/feeds/2021-06-30/feeds', JSON.stringify({ feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [MARKETPLACE], inputFeedDocumentId: doc.feedDocumentId }), json);
  const status = await call('GET', `/feeds/2021-06-30/feeds/${feedId}`); // P = 0: done at the first look
  if (status.processingStatus !== 'DONE') throw new Error(`raw feed ended ${status.processingStatus}`);
  const result = await call('GET', `/feeds/2021-06-30/documents/${encodeURIComponent(status.resultFeedDocumentId)}`);
  const report = await call('GET', result.url);
  if (report.summary.messagesAccepted !== changes.length) throw new Error(`raw feed accepted ${report.summary.messagesAccepted} of ${changes.length}`);
  return ms(t);
}

/** One patchListingsItem by hand, within the burst: the sandbox's service time for a patch. */
async function rawPatchMs(sb, change) {
  const url = `${sb.url}/listings/2021-08-01/items/${SELLER}/${encodeURIComponent(change.sku)}?marketplaceIds=${MARKETPLACE}&includedData=issues`;
  const t = process.hrtime.bigint();
  const res = await request(url, {
    method: 'PATCH', headers: { 'x-amz-access-token': sb.accessToken(), 'user-agent': userAgent(), 'content-type': 'application/json' },
    body: JSON.stringify({ productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: change.after }] }] }),
  });
  await res.body.text();
  if (res.statusCode !== 200) throw new Error(`raw patch: HTTP ${res.statusCode}`);
  return ms(t);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmtCalls = (c) => Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ');
/** The feed processing time the connector assumes when it chooses (config default, 120 s). */
const EXPECTED_FEED_S = amazonConfigSchema.parse({ seller_id: 'x', marketplace_ids: ['x'], client_id: 'x', client_secret: 'x', refresh_token: 'x', stock_from: [] }).feed_processing_seconds;
const MIN_FEED_CALLS = 4; // createFeedDocument, createFeed, getFeed, getFeedDocument (+ upload and download, not SP-API)

/**
 * `processingMs`: the sandbox's feed processing times to run (real seconds each). They sit off the
 * whole second on purpose, so that a poll does not land just after DONE by luck of the grid.
 */
export async function benchPushAmazon({ n = 10_000, processingMs = [5_500, 62_500], patchSizes = [20, 100] } = {}) {
  const seed = generateAmazonSeed(n);
  const changes = stockChanges(seed, n);
  const rows = [];
  const patch = USAGE_PLANS.patchListingsItem;

  // The sandbox's service times, with P = 0; also warms up both sides (JIT, sockets).
  const zero = await startAmazonSandbox({ port: 0, seed, rateScale: 1, feedProcessingMs: 0 });
  let serviceMs;
  let patchCallMs;
  try {
    const raws = [];
    for (let i = 0; i < 5; i++) {
      zero.reset(); // the seed again and full buckets (createFeed allows a burst of 15, then 1 per 2 min)
      raws.push(await rawFeed(zero, changes));
    }
    serviceMs = median(raws.slice(2));
    const patches = [];
    for (let i = 0; i < 3; i++) {
      zero.reset();
      for (let k = 0; k < patch.burst; k++) patches.push(await rawPatchMs(zero, changes[k]));
    }
    patchCallMs = median(patches);
    zero.reset();
    await timedPush(zero, changes); // warm-up
    zero.reset();
    const r = await timedPush(zero, changes);
    rows.push(feedRow(n, 0, r, serviceMs));
  } finally {
    await zero.close();
  }

  for (const p of processingMs) {
    const sb = await startAmazonSandbox({ port: 0, seed, rateScale: 1, feedProcessingMs: p });
    try {
      const r = await timedPush(sb, changes);
      rows.push(feedRow(n, p, r, serviceMs));
    } finally {
      await sb.close();
    }
  }

  // Patches: the burst at once, the rest at the documented rate. Real time, so small sets.
  const sb = await startAmazonSandbox({ port: 0, seed, rateScale: 1 });
  try {
    for (const k of patchSizes) {
      // A short run is at the mercy of one late call (a 429 costs the client's back-off, ~0.3 s): median of 3.
      const reps = k <= 20 ? 3 : 1;
      const runs = [];
      for (let i = 0; i < reps; i++) {
        sb.reset(); // the seed again and full buckets
        runs.push(await timedPush(sb, changes.slice(0, k)));
      }
      const r = [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(reps / 2)];
      const throttled = runs.reduce((a, x) => a + x.throttled, 0);
      const minMs = (Math.max(0, k - patch.burst) / patch.rate) * 1000 + patchCallMs;
      rows.push({
        bench: 'push-amazon', skus: k, method: r.method, processingMs: '-', calls: fmtCalls(r.calls), minCalls: k, throttled: reps > 1 ? `${throttled} in ${reps} runs` : throttled,
        serviceMs: Math.round(patchCallMs * k), minMs: Math.round(minMs), wallMs: Math.round(r.wallMs), overMs: Math.round(r.wallMs - minMs),
        ratio: (r.wallMs / minMs).toFixed(2), goal: 'calls = min, ≤ 1.10',
      });
    }
  } finally {
    await sb.close();
  }
  const patchAllMs = (Math.max(0, n - patch.burst) / patch.rate) * 1000 + patchCallMs;
  rows.push({
    bench: 'push-amazon', skus: n, method: 'patch (computed, not run)', processingMs: '-', calls: `patchListingsItem ${n}`, minCalls: n, throttled: '-',
    serviceMs: '-', minMs: Math.round(patchAllMs), wallMs: '-', overMs: '-', ratio: '-', goal: `auto picks ${choosePushMethod(n, EXPECTED_FEED_S, 'auto')}`,
  });
  // What the connector's chooser estimated (with its default expected feed processing time), for each size.
  for (const k of [...patchSizes, n]) {
    rows.push({
      bench: 'push-amazon', skus: k, method: `choice: ${choosePushMethod(k, EXPECTED_FEED_S, 'auto')}`, processingMs: EXPECTED_FEED_S * 1000, calls: '-', minCalls: '-', throttled: '-',
      serviceMs: '-', minMs: `patch ${Math.round(patchSeconds(k))} s, feed ${Math.round(feedSeconds(k, EXPECTED_FEED_S))} s`, wallMs: '-', overMs: '-', ratio: '-', goal: '-',
    });
  }
  return rows;
}

function feedRow(n, p, r, serviceMs) {
  const minMs = p + serviceMs;
  const { getFeed = 0, ...others } = r.calls;
  const nonPoll = Object.values(others).reduce((a, b) => a + b, 0) + (getFeed > 0 ? 1 : 0);
  return {
    bench: 'push-amazon', skus: n, method: r.method, processingMs: p, calls: fmtCalls(r.calls), minCalls: `${MIN_FEED_CALLS} (got ${nonPoll} + ${Math.max(0, getFeed - 1)} polls)`,
    throttled: r.throttled, serviceMs: Math.round(serviceMs), minMs: Math.round(minMs), wallMs: Math.round(r.wallMs), overMs: Math.round(r.wallMs - minMs),
    ratio: (r.wallMs / minMs).toFixed(2),
    // With P = 0 the row shows the client's fixed cost (building the feed, 10,000 outcomes) against the bare calls.
    goal: p === 0 ? '- (fixed cost)' : 'calls = min + polls, ≤ 1.10',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const p = process.argv.slice(2).map(Number);
  console.table(await benchPushAmazon(p.length ? { processingMs: p } : undefined));
}
