// Small change sets: one patchListingsItem per sku (quantity and price together).
import type { Change, ChangeOutcome } from '../../src/core/connector.js';
import type { AmazonConfig } from './config.js';
import type { SpApi } from './sp-api.js';
import { bySku, patchesFor } from './patches.js';

interface SubmissionResponse { sku: string; status: 'ACCEPTED' | 'INVALID' | 'VALID'; submissionId: string; issues?: { code: string; message: string; severity: string }[] }

export async function* pushByPatch(api: SpApi, c: AmazonConfig, changes: readonly Change[]): AsyncGenerator<ChangeOutcome> {
  const marketplace = c.marketplace_ids[0]!;
  for (const [sku, list] of bySku(changes)) {
    const productType = String(list[0]!.target.extra?.productType ?? c.product_type);
    try {
      const r = await api.call<SubmissionResponse>({
        op: 'patchListingsItem', method: 'PATCH',
        path: `/listings/2021-08-01/items/${encodeURIComponent(c.seller_id)}/${encodeURIComponent(sku)}`,
        query: { marketplaceIds: marketplace, includedData: ['issues'] },
        body: { productType, patches: patchesFor(list, marketplace, c.currency) },
      });
      const errors = (r.issues ?? []).filter((i) => i.severity === 'ERROR');
      for (const ch of list) {
        // ACCEPTED means queued, not applied [API-NOTES: patchListingsItem]: the next pull confirms it.
        yield r.status === 'ACCEPTED' && errors.length === 0
          ? { key: ch.key, outcome: 'accepted', confirmBy: `patch:${r.submissionId}` }
          : { key: ch.key, outcome: 'failed', message: `${sku}: ${errors.map((i) => `${i.code} ${i.message}`).join('; ') || `Amazon answered ${r.status}`}` };
      }
    } catch (e) {
      // One sku's failure is data in the report, not the end of the run.
      for (const ch of list) yield { key: ch.key, outcome: 'failed', message: `${sku}: ${(e as Error).message}` };
    }
  }
}
