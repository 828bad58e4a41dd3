// Large catalogs are read with a bulk operation: Shopify runs the query in the background and
// hands back a JSONL file (one variant a line), instead of thousands of paged calls.
import type { HttpClient } from '../../src/http/client.js';
import type { Clock } from '../../src/http/token-bucket.js';
import { ANNOUNCE_AFTER_MS, WaitTooLongError, formatWait } from '../../src/http/waits.js';
import { UserError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/connector.js';
import type { ShopifyGraphql } from './graphql.js';
import { BULK_RUN_MUTATION, BULK_STATUS_QUERY, BULK_VARIANTS_QUERY } from './queries.js';

interface BulkOperation { id: string; status: string; errorCode?: string | null; objectCount?: string | null; url?: string | null }

/**
 * The catalog's variants from one bulk operation; undefined when Shopify will not start one now
 * because another bulk query of this app is still running (one at a time before 2026-01, a few
 * since [S8]): the caller reads by pages instead.
 */
export async function bulkVariants<T>(gql: ShopifyGraphql, http: HttpClient, clock: Clock, locationIds: readonly string[], log: Logger): Promise<T[] | undefined> {
  const run = await gql.run<{ bulkOperationRunQuery: { bulkOperation: BulkOperation | null; userErrors: { code?: string | null; message: string }[] } }>(
    'bulkOperationRunQuery', BULK_RUN_MUTATION, { query: BULK_VARIANTS_QUERY(locationIds) }, 10);
  const busy = run.bulkOperationRunQuery.userErrors.find((e) => e.code === 'OPERATION_IN_PROGRESS' || e.code === 'LIMIT_REACHED');
  if (busy) {
    log.info(`shopify: ${busy.message} Reading the catalog page by page instead.`);
    return undefined;
  }
  const waits = http.waits;
  const op = run.bulkOperationRunQuery.bulkOperation;
  if (!op) throw new UserError(`Shopify refused the bulk read: ${run.bulkOperationRunQuery.userErrors.map((e) => e.message).join('; ')}`);
  log.info('shopify: reading the catalog with a bulk operation…');
  let status = op;
  // The whole wait for Shopify to run the query is one wait: capped by max_wait_seconds and
  // announced once it passes a few seconds.
  const started = clock.now();
  let announced = false;
  for (let polls = 0; !['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED'].includes(status.status); polls++) {
    const step = polls < 10 ? 1000 : 5000;
    const waited = clock.now() - started + step;
    if (waited > waits.maxMs) throw new WaitTooLongError(`Shopify's bulk read of the catalog (${op.id}) is still ${status.status}`, waited, waits.maxMs);
    if (!announced && waited > ANNOUNCE_AFTER_MS) {
      announced = true;
      waits.announce?.(`waiting for Shopify's bulk read of the catalog (at most ${formatWait(waits.maxMs)})`);
    }
    await clock.sleep(step);
    status = (await gql.run<{ bulkOperation: BulkOperation }>('bulkOperation', BULK_STATUS_QUERY, { id: op.id }, 1)).bulkOperation;
  }
  if (status.status !== 'COMPLETED') throw new UserError(`Shopify's bulk read ended ${status.status}${status.errorCode ? ` (${status.errorCode})` : ''}.`, { hint: 'Run the sync again; if it keeps failing, the shop may have another bulk operation running.' });
  if (!status.url) return []; // an empty catalog has no file
  const res = await http.send({ operation: 'shopify bulk result', method: 'GET', url: status.url });
  return res.text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}
