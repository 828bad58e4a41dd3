// inventorySetQuantities as 2026-10 defines it: absolute sets, the changeFromQuantity
// compare-and-swap (all or nothing), the mandatory idempotency key and its replay rules.
import { describe, expect, it } from 'vitest';
import { SET_QUANTITIES_MUTATION } from '../../connectors/shopify/queries.js';
import { EARL, MUG, SHOP, WAREHOUSE, control, gql, sandbox } from './helpers.js';

interface Payload { inventorySetQuantities: { inventoryAdjustmentGroup: { id: string; changes: { name: string; delta: number; quantityAfterChange: number; item: { id: string }; location: { id: string } }[] } | null; userErrors: { code: string | null; field: string[] | null; message: string }[] } }

const input = (quantities: Record<string, unknown>[]): Record<string, unknown> => ({
  input: { name: 'available', reason: 'correction', referenceDocumentUri: 'gid://omni/SyncRun/1', quantities },
});

describe('inventorySetQuantities', () => {
  it('sets absolute quantities and reports the changes', async () => {
    const s = await sandbox();
    const r = await gql<Payload>(s, SET_QUANTITIES_MUTATION('run-1:mug'), input([
      { inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 280, changeFromQuantity: 300 },
      { inventoryItemId: EARL.item, locationId: SHOP, quantity: 30, changeFromQuantity: null },
    ]));
    const p = r.body.data!.inventorySetQuantities;
    expect(p.userErrors).toEqual([]);
    expect(p.inventoryAdjustmentGroup?.id).toMatch(/^gid:\/\/shopify\/InventoryAdjustmentGroup\/\d+$/);
    expect(p.inventoryAdjustmentGroup?.changes).toContainEqual({ name: 'available', delta: -20, quantityAfterChange: 280, item: { id: MUG.item }, location: { id: WAREHOUSE } });
    expect(p.inventoryAdjustmentGroup?.changes).toContainEqual({ name: 'available', delta: 6, quantityAfterChange: 30, item: { id: EARL.item }, location: { id: SHOP } });
    expect(s.quantity('MUG-STONE-350', 'Warehouse')).toBe(280);
    expect(s.quantity('TEA-EARL-100', 'Shop')).toBe(30);
    expect(r.body.extensions?.cost.requestedQueryCost).toBe(10);
    expect(s.mutationCounts()).toEqual({ inventorySetQuantities: 1 });
  });

  it('refuses the whole call when one changeFromQuantity is stale', async () => {
    const s = await sandbox();
    const before = s.state();
    const r = await gql<Payload>(s, SET_QUANTITIES_MUTATION('run-1:stale'), input([
      { inventoryItemId: EARL.item, locationId: SHOP, quantity: 30, changeFromQuantity: 24 },
      { inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 280, changeFromQuantity: 299 },
    ]));
    const p = r.body.data!.inventorySetQuantities;
    expect(p.inventoryAdjustmentGroup).toBeNull();
    expect(p.userErrors).toEqual([{ code: 'CHANGE_FROM_QUANTITY_STALE', field: ['input', 'quantities', '1', 'changeFromQuantity'], message: expect.any(String) }]);
    expect(s.state()).toEqual(before);
  });

  it('detects a sale that raced the sync', async () => {
    const s = await sandbox();
    await control(s, 'POST', '/orders', { lineItems: [{ sku: 'MUG-STONE-350', quantity: 1 }], locationId: WAREHOUSE });
    const r = await gql<Payload>(s, SET_QUANTITIES_MUTATION('k'), input([{ inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 250, changeFromQuantity: 300 }]));
    expect(r.body.data!.inventorySetQuantities.userErrors[0]?.code).toBe('CHANGE_FROM_QUANTITY_STALE');
    expect(s.quantity('MUG-STONE-350', 'Warehouse')).toBe(299);
  });

  it('replays the first result for the same key and input, applying nothing twice', async () => {
    const s = await sandbox();
    const vars = input([{ inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 290, changeFromQuantity: 300 }]);
    const first = await gql<Payload>(s, SET_QUANTITIES_MUTATION('key-A'), vars);
    const again = await gql<Payload>(s, SET_QUANTITIES_MUTATION('key-A'), vars);
    expect(again.body.data).toEqual(first.body.data);
    expect(s.quantity('MUG-STONE-350', 'Warehouse')).toBe(290);
    expect(s.state().adjustmentGroups).toHaveLength(1);
    expect(s.mutationCounts()).toEqual({ inventorySetQuantities: 2 });
  });

  it('refuses the same key with other input, and a key whose first attempt failed', async () => {
    const s = await sandbox();
    await gql(s, SET_QUANTITIES_MUTATION('key-B'), input([{ inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 290, changeFromQuantity: 300 }]));
    const other = await gql<Payload>(s, SET_QUANTITIES_MUTATION('key-B'), input([{ inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 1, changeFromQuantity: 290 }]));
    expect(other.body.data!.inventorySetQuantities.userErrors[0]?.code).toBe('IDEMPOTENCY_KEY_PARAMETER_MISMATCH');
    const staleVars = input([{ inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 1, changeFromQuantity: 5 }]);
    await gql(s, SET_QUANTITIES_MUTATION('key-C'), staleVars);
    const retry = await gql<Payload>(s, SET_QUANTITIES_MUTATION('key-C'), staleVars);
    expect(retry.body.data!.inventorySetQuantities.userErrors[0]?.code).toBe('IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED');
    expect(s.quantity('MUG-STONE-350', 'Warehouse')).toBe(290);
  });

  it('requires the @idempotent directive and an explicit changeFromQuantity', async () => {
    const s = await sandbox();
    const noKey = await gql(s, 'mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }',
      input([{ inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 1, changeFromQuantity: null }]));
    expect(noKey.body.errors?.[0]?.message).toMatch(/@idempotent directive is required/);
    const noCas = await gql<Payload>(s, SET_QUANTITIES_MUTATION('k2'), input([{ inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 1 }]));
    expect(noCas.body.data!.inventorySetQuantities.userErrors[0]?.field).toEqual(['input', 'quantities', '0', 'changeFromQuantity']);
    expect(s.quantity('MUG-STONE-350', 'Warehouse')).toBe(300);
  });

  it('validates names, reasons, ids and the 250-item ceiling', async () => {
    const s = await sandbox();
    const bad = await gql<Payload>(s, SET_QUANTITIES_MUTATION('k3'), {
      input: { name: 'sellable', reason: 'because', quantities: [{ inventoryItemId: 'gid://shopify/InventoryItem/1', locationId: WAREHOUSE, quantity: 1, changeFromQuantity: null }] },
    });
    expect(bad.body.data!.inventorySetQuantities.userErrors.map((e) => e.code)).toEqual(['INVALID_NAME', 'INVALID_REASON', 'INVALID_INVENTORY_ITEM']);
    const many = Array.from({ length: 251 }, () => ({ inventoryItemId: MUG.item, locationId: WAREHOUSE, quantity: 1, changeFromQuantity: null }));
    const tooMany = await gql(s, SET_QUANTITIES_MUTATION('k4'), input(many));
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('MAX_INPUT_SIZE_EXCEEDED');
  });
});
