// The listing patches omni sends for a sku: merchant-fulfilled quantity and the B2C price.
import type { Change } from '../../src/core/connector.js';

export interface PatchOperation { op: 'replace'; path: string; value: unknown[] }

export function patchesFor(changes: readonly Change[], marketplaceId: string, currency: string): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const c of changes) {
    if (c.action === 'stock') {
      ops.push({ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: Number(c.after) }] });
    } else if (c.action === 'price') {
      ops.push({
        op: 'replace', path: '/attributes/purchasable_offer',
        value: [{ marketplace_id: marketplaceId, currency, audience: 'ALL', our_price: [{ schedule: [{ value_with_tax: Number(c.after) / 100 }] }] }],
      });
    }
  }
  return ops;
}

/** Changes grouped by the listing's seller sku, in first-seen order: one PATCH (or one feed message) per listing. */
export function bySku(changes: readonly Change[]): Map<string, Change[]> {
  const m = new Map<string, Change[]>();
  for (const c of changes) m.set(c.channelSku, [...(m.get(c.channelSku) ?? []), c]);
  return m;
}
