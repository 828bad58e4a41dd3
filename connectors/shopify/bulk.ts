// Large catalogs are read with a bulk operation: Shopify runs the query in the background and
// hands back a JSONL file (one variant a line), instead of thousands of paged calls.
import type { HttpClient } from '../../src/http/client.js';
import type { Clock } from '../../src/http/token-bucket.js';
import { UserError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/connector.js';
import type { ShopifyGraphql } from './graphql.js';
import { BULK_RUN_MUTATION, BULK_STATUS_QUERY, BULK_VARIANTS_QUERY } from './queries.js';

interface BulkOperation { id: string; status: string; errorCode?: string | null; objectCount?: string | null; url?: string | null }

export async function bulkVariants<T>(gql: ShopifyGraphql, http: HttpClient, clock: Clock, locationIds: readonly string[], log: Logger): Promise<T[]> {
  const run = await gql.run<{ bulkOperationRunQuery: { bulkOperation: BulkOperation | null; userErrors: { message: string }[] } }>(
    'bulkOperationRunQuery', BULK_RUN_MUTATION, { query: BULK_VARIANTS_QUERY(locationIds) }, 10);
  const op = run.bulkOperationRunQuery.bulkOperation;
  if (!op) throw new UserError(`Shopify refused the bulk read: ${run.bulkOperationRunQuery.userErrors.map((e) => e.message).join('; ')}`);
  log.info('shopify: reading the catalog with a bulk operation…');
  let status = op;
  for (let polls = 0; !['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED'].includes(status.status); polls++) {
    await clock.sleep(polls < 10 ? 1000 : 5000);
    status = (await gql.run<{ bulkOperation: BulkOperation }>('bulkOperation', BULK_STATUS_QUERY, { id: op.id }, 1)).bulkOperation;
  }
  if (status.status !== 'COMPLETED') throw new UserError(`Shopify's bulk read ended ${status.status}${status.errorCode ? ` (${status.errorCode})` : ''}.`, { hint: 'Run the sync again; if it keeps failing, the shop may have another bulk operation running.' });
  if (!status.url) return []; // an empty catalog has no file
  const res = await http.send({ operation: 'shopify bulk result', method: 'GET', url: status.url });
  return res.text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}
