// Processing a JSON_LISTINGS_FEED: check the document against the rules of
// listings-feed-schema-v2 that matter, apply each valid message, and write the processing report
// (listings-feed-processing-report-schema-v2). A broken document ends FATAL with one issue.
import { submit, type Submission } from './listing-ops.js';
import { renderItem } from './listing-view.js';
import type { Store } from './store.js';

export const MAX_FEED_MESSAGES = 25_000;
const OPERATIONS = ['UPDATE', 'PARTIAL_UPDATE', 'PATCH', 'DELETE'] as const;
const INT32_MAX = 2_147_483_647;

interface ReportIssue { messageId?: number; sku?: string; code: string; severity: 'ERROR' | 'WARNING' | 'INFO'; message: string; attributeName?: string }
export interface ProcessingResult { status: 'DONE' | 'FATAL'; report: Record<string, unknown> }

const fatal = (store: Store, feedId: string, message: string): ProcessingResult => ({
  status: 'FATAL',
  report: {
    header: { sellerId: store.seller.sellerId, version: '2.0', feedId },
    issues: [{ code: '4000000', severity: 'ERROR', message }],
    summary: { errors: 1, warnings: 0, messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 },
  },
});

export function processListingsFeed(store: Store, feedId: string, content: Buffer | undefined, marketplaceId: string, now: number): ProcessingResult {
  if (!content?.length) return fatal(store, feedId, 'The feed document is empty: upload the feed content to the URL from createFeedDocument before createFeed.');
  let doc: { header?: Record<string, unknown>; messages?: unknown };
  try {
    doc = JSON.parse(content.toString('utf8')) as typeof doc;
  } catch {
    return fatal(store, feedId, 'The feed document is not valid JSON.');
  }
  const h = doc.header;
  if (!h || typeof h !== 'object') return fatal(store, feedId, "The feed is missing its 'header'.");
  if (h.version !== '2.0') return fatal(store, feedId, `The feed header 'version' must be "2.0" (got ${JSON.stringify(h.version)}).`);
  if (h.sellerId !== store.seller.sellerId) return fatal(store, feedId, `The feed header 'sellerId' ${JSON.stringify(h.sellerId)} is not the seller who submitted the feed.`);
  if (!Array.isArray(doc.messages) || doc.messages.length < 1) return fatal(store, feedId, "The feed must have a 'messages' array with at least one message.");
  if (doc.messages.length > MAX_FEED_MESSAGES) return fatal(store, feedId, `The feed has ${doc.messages.length} messages; at most ${MAX_FEED_MESSAGES} are allowed.`);

  const issues: ReportIssue[] = [];
  const seenIds = new Set<number>();
  const touched: string[] = [];
  let accepted = 0;
  let invalid = 0;
  for (const raw of doc.messages as Record<string, unknown>[]) {
    const messageId = Number.isInteger(raw?.messageId) ? (raw.messageId as number) : undefined;
    const sku = typeof raw?.sku === 'string' && raw.sku ? raw.sku : undefined;
    const problem = shapeProblem(raw, messageId, seenIds);
    if (messageId !== undefined) seenIds.add(messageId);
    if (problem) {
      invalid++;
      issues.push({ ...(messageId !== undefined && messageId >= 1 ? { messageId } : {}), ...(sku ? { sku } : {}), code: '4000005', severity: 'ERROR', message: problem });
      continue;
    }
    const found = submit(store, raw as unknown as Submission, marketplaceId, now);
    for (const i of found) {
      issues.push({ messageId: messageId!, sku: sku!, code: i.code, severity: i.severity, message: i.message, ...(i.attributeNames?.[0] ? { attributeName: i.attributeNames[0] } : {}) });
    }
    if (found.some((i) => i.severity === 'ERROR')) invalid++;
    else { accepted++; touched.push(sku!); }
  }
  const included = (h.report as { includedData?: unknown } | undefined)?.includedData;
  const items = Array.isArray(included)
    ? touched.flatMap((s) => { const l = store.listings.get(s); return l ? [renderItem(store, l, included as string[])] : []; })
    : undefined;
  const count = (sev: string): number => issues.filter((i) => i.severity === sev).length;
  return {
    status: 'DONE',
    report: {
      header: { sellerId: store.seller.sellerId, version: '2.0', feedId, ...(h.report ? { report: h.report } : {}) },
      issues,
      summary: {
        errors: count('ERROR'), warnings: count('WARNING'),
        messagesProcessed: accepted + invalid, messagesAccepted: accepted, messagesInvalid: invalid,
        ...(items ? { itemSummary: { items: items.length, errors: 0, warnings: 0 } } : {}),
      },
      ...(items ? { items } : {}),
    },
  };
}

/** The message-level rules of the feed schema (required fields and its oneOf per operationType). */
function shapeProblem(m: Record<string, unknown>, messageId: number | undefined, seen: Set<number>): string | undefined {
  if (!m || typeof m !== 'object') return 'A message must be an object.';
  if (messageId === undefined || messageId < 1 || messageId > INT32_MAX) return "'messageId' must be an integer from 1 to 2147483647.";
  if (seen.has(messageId)) return `'messageId' ${messageId} is used by more than one message.`;
  if (typeof m.sku !== 'string' || !m.sku) return "'sku' is required.";
  const op = m.operationType;
  if (!OPERATIONS.includes(op as (typeof OPERATIONS)[number])) return `'operationType' must be one of ${OPERATIONS.join(', ')}.`;
  const has = (k: string): boolean => m[k] !== undefined;
  const notFor = (keys: string[]): string | undefined => {
    const k = keys.find(has);
    return k ? `'${k}' is not applicable to ${String(op)} operations.` : undefined;
  };
  if (op !== 'DELETE' && (typeof m.productType !== 'string' || !m.productType)) return `'productType' is required for ${String(op)} operations.`;
  if (op === 'DELETE') return notFor(['requirements', 'attributes', 'productType', 'patches']);
  if (op === 'PATCH') {
    if (!Array.isArray(m.patches) || m.patches.length < 1) return "'patches' with at least one patch operation is required for PATCH operations.";
    return notFor(['requirements', 'attributes']);
  }
  if (typeof m.attributes !== 'object' || m.attributes === null || Array.isArray(m.attributes) || Object.keys(m.attributes).length < 1) {
    return `'attributes' with at least one attribute is required for ${String(op)} operations.`;
  }
  return op === 'UPDATE' ? notFor(['patches']) : notFor(['requirements', 'patches']);
}
