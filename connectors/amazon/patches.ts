// The listing patches omni sends for a sku: the merchant-fulfilled quantity and the B2C price.
//
// Both are `merge` patches keyed by the attribute's selectors, so only the value omni owns
// changes and the rest of the offer stays as the seller set it:
// - Quantity: `merge` on /attributes/fulfillment_availability with fulfillment_channel_code
//   DEFAULT: restock_date and lead_time_to_ship_max_days (the handling time) stay. A `replace`
//   would drop them. [Amazon changelog 2025-06-16 "Listings Items v2021-08-01 API and
//   JSON_LISTING_FEED now include a JSON patch merge operation": merge updates the quantity
//   "without including optional fields like restock_date and lead_time_to_ship_max_days";
//   spec: listingsItems_2021-08-01 PatchOperation.op add|replace|merge|delete,
//   listings-feed-message-schema-v2 patches.op, listings-feed-schema-v2.example.json messageId 5]
// - Price: `merge` on /attributes/purchasable_offer with the offer's selectors marketplace_id,
//   currency and audience ALL, and our_price[0].schedule[0].value_with_tax: the offer's other
//   sub-attributes (minimum/maximum seller allowed price, discounted price, quantity discounts)
//   and the other audiences' offers (B2B) stay. A `replace` replaces the whole attribute, every
//   offer of it. [A10 "Manage purchasable offer": the offer "is uniquely identified by
//   marketplace_id, currency, and audience" and its sub-attributes are updated "without deleting
//   and recreating the entire offer"; API-NOTES: Listings Items API, price]
import type { Change } from '../../src/core/connector.js';

export interface PatchOperation { op: 'merge'; path: string; value: Record<string, unknown>[] }

export function patchesFor(changes: readonly Change[], marketplaceId: string, currency: string): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const c of changes) {
    if (c.action === 'stock') {
      ops.push({ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: Number(c.after) }] });
    } else if (c.action === 'price') {
      ops.push({
        op: 'merge', path: '/attributes/purchasable_offer',
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
