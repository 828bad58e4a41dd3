// Writing to Shopify in the fewest calls: stock by inventorySetQuantities (up to 250 quantities a
// call, each compare-and-swapped against the pulled number), prices by productVariantsBulkUpdate
// (one call per product), content by productUpdate. Every userErrors entry becomes a failed (or
// stale) outcome naming the sku and Shopify's message.
import { createHash, randomUUID } from 'node:crypto';
import type { Change, ChangeOutcome } from '../../src/core/connector.js';
import type { ShopifyGraphql } from './graphql.js';
import { PRODUCT_UPDATE_MUTATION, SET_QUANTITIES_MUTATION, VARIANTS_BULK_UPDATE_MUTATION } from './queries.js';

/** Shopify's ceiling for input arrays. */
export const MAX_QUANTITIES_PER_CALL = 250;

interface UserError { code?: string | null; field?: string[] | null; message: string }

/**
 * The `@idempotent` key of one request: a hash of the mutation and its exact input. A retry of the
 * same request (a dropped connection, a THROTTLED answer) sends the same body and so the same key,
 * and Shopify applies it once; a later run sends a new `referenceDocumentUri` and so a new key. A
 * key derived from the changes alone came back in a later run with other parameters (the same
 * 304→308 after someone reset the count) and Shopify refused it for good with
 * IDEMPOTENCY_KEY_PARAMETER_MISMATCH. `attempt` is random per push, so that a master started afresh
 * (run ids from 1 again) cannot meet an old key with the same parameters and get an old result
 * replayed instead of applied. [API-NOTES: inventorySetQuantities, idempotency]
 */
export function requestKey(attempt: string, mutation: string, input: unknown): string {
  return createHash('sha256').update(`${attempt}\u0000${mutation}\u0000${JSON.stringify(input)}`).digest('hex').slice(0, 40);
}

/** The index in the input list a userError points at, e.g. ["input","quantities","3","quantity"] → 3. */
function indexOf(field: string[] | null | undefined, list: string): number | undefined {
  const i = field?.indexOf(list) ?? -1;
  const n = i >= 0 ? Number(field![i + 1]) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

/**
 * `locationOf` maps a change to its Shopify location: the publish location, or for a change at one
 * of the channel's other locations (`change.location`, an omni code) that location's id.
 */
export async function* pushStock(gql: ShopifyGraphql, locationOf: (c: Change) => string, runRef: string, changes: readonly Change[]): AsyncGenerator<ChangeOutcome> {
  const attempt = randomUUID();
  for (let i = 0; i < changes.length; i += MAX_QUANTITIES_PER_CALL) {
    let batch = changes.slice(i, i + MAX_QUANTITIES_PER_CALL);
    // A rejected call applies nothing; the good part of it is sent again (with a new key).
    while (batch.length > 0) {
      const input = {
        name: 'available', reason: 'correction', referenceDocumentUri: runRef,
        quantities: batch.map((c) => ({ inventoryItemId: c.target.inventoryItemId, locationId: locationOf(c), quantity: Number(c.after), changeFromQuantity: c.before === null ? null : Number(c.before) })),
      };
      const data = await gql.run<{ inventorySetQuantities: { inventoryAdjustmentGroup: unknown; userErrors: UserError[] } }>(
        'inventorySetQuantities', SET_QUANTITIES_MUTATION(requestKey(attempt, 'inventorySetQuantities', input)), { input }, 10);
      const errs = data.inventorySetQuantities.userErrors;
      if (errs.length === 0) {
        for (const c of batch) yield { key: c.key, outcome: 'applied' };
        break;
      }
      const bad = new Map<number, UserError>();
      for (const e of errs) {
        const at = indexOf(e.field, 'quantities');
        if (at !== undefined) bad.set(at, e);
      }
      if (bad.size === 0) { // an error about the whole call: nothing to retry safely
        for (const c of batch) yield { key: c.key, outcome: 'failed', message: `${c.sku}: ${errs.map((e) => e.message).join('; ')}` };
        break;
      }
      for (const [at, e] of bad) {
        const c = batch[at]!;
        yield e.code === 'CHANGE_FROM_QUANTITY_STALE'
          ? { key: c.key, outcome: 'stale', message: `${c.sku}${c.location ? ` at ${c.location}` : ''}: Shopify's quantity changed since the pull (a sale raced us); the next sync converges` }
          : { key: c.key, outcome: 'failed', message: `${c.sku}: ${e.message}${e.code ? ` (${e.code})` : ''}` };
      }
      const rest = batch.filter((_c, idx) => !bad.has(idx));
      if (data.inventorySetQuantities.inventoryAdjustmentGroup) { // the rest did land
        for (const c of rest) yield { key: c.key, outcome: 'applied' };
        break;
      }
      batch = rest;
    }
  }
}

export async function* pushPrices(gql: ShopifyGraphql, changes: readonly Change[]): AsyncGenerator<ChangeOutcome> {
  const byProduct = new Map<string, Change[]>();
  for (const c of changes) {
    const pid = c.target.remoteId ?? '';
    byProduct.set(pid, [...(byProduct.get(pid) ?? []), c]);
  }
  for (const [productId, list] of byProduct) {
    const variants = list.map((c) => ({ id: c.target.remoteVariantId, price: (Number(c.after) / 100).toFixed(2) }));
    const data = await gql.run<{ productVariantsBulkUpdate: { userErrors: UserError[] } }>('productVariantsBulkUpdate', VARIANTS_BULK_UPDATE_MUTATION, { productId, variants }, 10);
    const bad = new Map<number, UserError>();
    const general: UserError[] = [];
    for (const e of data.productVariantsBulkUpdate.userErrors) {
      const at = indexOf(e.field, 'variants');
      if (at === undefined) general.push(e); else bad.set(at, e);
    }
    for (const [idx, c] of list.entries()) {
      const e = bad.get(idx) ?? general[0];
      yield e ? { key: c.key, outcome: 'failed', message: `${c.sku}: ${e.message}` } : { key: c.key, outcome: 'applied' };
    }
  }
}

export async function* pushContent(gql: ShopifyGraphql, changes: readonly Change[]): AsyncGenerator<ChangeOutcome> {
  const done = new Map<string, ChangeOutcome['outcome']>();
  for (const c of changes) {
    const pid = c.target.remoteId;
    if (!pid || !c.content) { yield { key: c.key, outcome: 'failed', message: `${c.sku}: no Shopify product id known` }; continue; }
    if (done.has(pid)) { yield { key: c.key, outcome: done.get(pid)! }; continue; } // variants share a product
    const product = { id: pid, title: c.content.title, descriptionHtml: c.content.description ?? '', vendor: c.content.brand ?? undefined };
    const data = await gql.run<{ productUpdate: { userErrors: UserError[] } }>('productUpdate', PRODUCT_UPDATE_MUTATION, { product }, 10);
    const errs = data.productUpdate.userErrors;
    done.set(pid, errs.length ? 'failed' : 'applied');
    yield errs.length ? { key: c.key, outcome: 'failed', message: `${c.sku}: ${errs.map((e) => e.message).join('; ')}` } : { key: c.key, outcome: 'applied' };
  }
}
