// inventorySetQuantities in its 2026-10 shape: absolute quantities with a mandatory
// `changeFromQuantity` compare-and-swap and a mandatory idempotency key. The call is all or
// nothing: any user error (a stale compare among them) leaves every quantity as it was.
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { IdempotencyStore } from './idempotency.js';
import { MAX_INPUT_ARRAY } from './input-limits.js';
import type { ResolverMap, SandboxContext } from './context.js';
import type { AdjustmentGroupRec, ChangeRec, ShopStore } from './store.js';

export { MAX_INPUT_ARRAY };
/** Reasons a Shopify-compatible vendor lists; Shopify's own list is linked from the schema (UNVERIFIED). */
export const REASONS = ['correction', 'cycle_count_available', 'damaged', 'movement_created', 'movement_updated', 'movement_received',
  'movement_canceled', 'other', 'promotion', 'quality_control', 'received', 'reservation_created', 'reservation_deleted',
  'reservation_updated', 'restock', 'safety_stock', 'shrinkage'];
const LIMIT = 1_000_000_000;

interface QuantityInput { inventoryItemId: string; locationId: string; quantity: number; changeFromQuantity?: number | null }
interface SetInput { name: string; reason: string; referenceDocumentUri?: string | null; quantities: QuantityInput[] }
interface UserError { field: string[]; message: string; code: string | null }

export function tooManyItems(n: number): GraphQLError {
  return new GraphQLError(`The input array size of ${n} is greater than the maximum allowed of ${MAX_INPUT_ARRAY}.`, { extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' } });
}

function validate(store: ShopStore, input: SetInput): UserError[] {
  const errors: UserError[] = [];
  if (input.name !== 'available' && input.name !== 'on_hand') errors.push({ field: ['input', 'name'], code: 'INVALID_NAME', message: "The quantity name must be either 'available' or 'on_hand'." });
  if (!REASONS.includes(input.reason)) errors.push({ field: ['input', 'reason'], code: 'INVALID_REASON', message: 'The specified reason is invalid.' });
  const uri = input.referenceDocumentUri;
  if (uri != null && !/^[a-z][a-z0-9+.-]*:\/\/?\S+$/i.test(uri)) errors.push({ field: ['input', 'referenceDocumentUri'], code: 'INVALID_REFERENCE_DOCUMENT', message: 'The specified reference document is invalid.' });
  const seen = new Set<string>();
  input.quantities.forEach((q, i) => {
    const at = (f: string): string[] => ['input', 'quantities', String(i), f];
    const pair = `${q.inventoryItemId}|${q.locationId}`;
    if (seen.has(pair)) errors.push({ field: at('locationId'), code: 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR', message: 'The combination of inventoryItemId and locationId must be unique.' });
    seen.add(pair);
    if (!store.items.has(q.inventoryItemId)) { errors.push({ field: at('inventoryItemId'), code: 'INVALID_INVENTORY_ITEM', message: 'The specified inventory item could not be found.' }); return; }
    if (!store.locations.has(q.locationId)) { errors.push({ field: at('locationId'), code: 'INVALID_LOCATION', message: 'The specified location could not be found.' }); return; }
    if (q.quantity > LIMIT) errors.push({ field: at('quantity'), code: 'INVALID_QUANTITY_TOO_HIGH', message: "The total quantity can't be higher than 1,000,000,000." });
    if (q.quantity < -LIMIT) errors.push({ field: at('quantity'), code: 'INVALID_QUANTITY_TOO_LOW', message: "The total quantity can't be lower than -1,000,000,000." });
    if (input.name === 'on_hand' && q.quantity < 0) errors.push({ field: at('quantity'), code: 'INVALID_QUANTITY_NEGATIVE', message: "The quantity can't be negative." });
    if (!('changeFromQuantity' in q)) {
      // Mandatory since 2026-04 even though the schema types it `Int` (nullable): explicit null skips the check.
      errors.push({ field: at('changeFromQuantity'), code: null, message: 'changeFromQuantity is required. Pass null to skip the compare-and-swap check.' });
      return;
    }
    if (q.changeFromQuantity != null) {
      const level = store.level(q.inventoryItemId, q.locationId);
      const current = level ? store.quantity(level, input.name) : 0;
      if (current !== q.changeFromQuantity) errors.push({ field: at('changeFromQuantity'), code: 'CHANGE_FROM_QUANTITY_STALE', message: 'The changeFromQuantity value does not match persisted value.' });
    }
  });
  return errors;
}

function apply(store: ShopStore, input: SetInput): AdjustmentGroupRec {
  const changes: ChangeRec[] = [];
  for (const q of input.quantities) {
    // Setting a quantity at a location where the item is not stocked yet stocks it there.
    const level = store.stock(q.inventoryItemId, q.locationId);
    const delta = q.quantity - store.quantity(level, input.name);
    // Both names move `available`: setting on_hand changes the sellable part, not committed stock.
    store.adjust(level, 'available', delta);
    for (const name of input.name === 'available' ? ['available', 'on_hand'] : ['on_hand', 'available']) {
      changes.push({ name, delta, quantityAfterChange: store.quantity(level, name), itemId: q.inventoryItemId, locationId: q.locationId });
    }
  }
  const group: AdjustmentGroupRec = {
    __typename: 'InventoryAdjustmentGroup', id: store.newId('InventoryAdjustmentGroup'), createdAt: store.stamp(),
    reason: input.reason, referenceDocumentUri: input.referenceDocumentUri ?? null, changes,
  };
  store.adjustmentGroups.set(group.id, group);
  return group;
}

export function setQuantities(ctx: SandboxContext, input: SetInput, info: GraphQLResolveInfo): unknown {
  if (input.quantities.length > MAX_INPUT_ARRAY) throw tooManyItems(input.quantities.length);
  const key = IdempotencyStore.keyOf(info);
  const replay = ctx.idempotency.check('inventorySetQuantities', key, input);
  const fail = (code: string, message: string): unknown => ({ inventoryAdjustmentGroup: null, userErrors: [{ field: null, code, message }] });
  if (replay.kind === 'replay') return replay.payload;
  if (replay.kind === 'mismatch') return fail('IDEMPOTENCY_KEY_PARAMETER_MISMATCH', 'The same idempotency key cannot be used with different operation parameters.');
  if (replay.kind === 'previousFailed') return fail('IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED', 'A previous request with this idempotency key failed. Retry with a new idempotency key.');
  const userErrors = validate(ctx.store, input);
  const payload = userErrors.length ? { inventoryAdjustmentGroup: null, userErrors } : { inventoryAdjustmentGroup: apply(ctx.store, input), userErrors: [] };
  replay.remember(payload, userErrors.length > 0);
  return payload;
}

export const inventoryResolvers: ResolverMap = {
  Mutation: {
    inventorySetQuantities: (_s, a: { input: SetInput }, ctx, info) => setQuantities(ctx, a.input, info),
  },
  InventoryAdjustmentGroup: {
    changes: (g: AdjustmentGroupRec, a: { inventoryItemIds?: string[] | null; locationIds?: string[] | null; quantityNames?: string[] | null }) =>
      g.changes.filter((c) => (!a.inventoryItemIds || a.inventoryItemIds.includes(c.itemId))
        && (!a.locationIds || a.locationIds.includes(c.locationId)) && (!a.quantityNames || a.quantityNames.includes(c.name))),
  },
  InventoryChange: {
    item: (c: ChangeRec, _a, ctx) => ctx.store.items.get(c.itemId) ?? null,
    location: (c: ChangeRec, _a, ctx) => ctx.store.locations.get(c.locationId) ?? null,
    ledgerDocumentUri: () => null,
  },
};
