// Applying a listings submission (a patchListingsItem body or one JSON_LISTINGS_FEED message) to
// the store: validate what the sandbox can check, and change nothing when there is an ERROR.
import { iso } from './http-util.js';
import type { Issue, Listing, Store } from './store.js';

export interface PatchOp { op?: unknown; path?: unknown; value?: unknown }
export interface Submission {
  sku: string; operationType: 'UPDATE' | 'PARTIAL_UPDATE' | 'PATCH' | 'DELETE';
  productType?: string | undefined; attributes?: Record<string, unknown> | undefined; patches?: PatchOp[] | undefined;
}

// Sandbox issue codes (Amazon's are numeric strings too; 90220 is Amazon's "required" code).
export const CODES = { required: '90220', invalidValue: '4000001', unknownSku: '4000002', rejected: '4000003', invalidPatch: '4000004' } as const;

const issue = (code: string, message: string, attributeNames?: string[], categories = ['INVALID_ATTRIBUTE']): Issue =>
  ({ code, message, severity: 'ERROR', categories, ...(attributeNames ? { attributeNames } : {}) });

/**
 * The issues this submission raises; when none is an ERROR (and `apply`), the store has changed.
 * `processing: false` checks only what Amazon checks before it answers ACCEPTED (shape, product
 * type); the sku's qualification (the `rejects` list) is judged when it is processed.
 */
export function submit(store: Store, s: Submission, marketplaceId: string, now: number, apply = true, processing = true): Issue[] {
  const rejected = processing ? store.rejects.get(s.sku) : undefined;
  if (rejected) return [issue(CODES.rejected, rejected, undefined, ['QUALIFICATION_REQUIRED'])];
  const existing = store.listings.get(s.sku);
  if (s.operationType === 'DELETE') {
    if (!existing) return [issue(CODES.unknownSku, `SKU '${s.sku}' not found in marketplace ${marketplaceId}.`)];
    if (apply) store.listings.delete(s.sku);
    return [];
  }
  if ((s.operationType === 'PATCH' || s.operationType === 'PARTIAL_UPDATE') && !existing) {
    return [issue(CODES.unknownSku, `SKU '${s.sku}' not found in marketplace ${marketplaceId}; ${s.operationType} cannot create a listing.`)];
  }
  const next: Record<string, unknown[]> = structuredClone(existing?.attributes ?? {});
  // What the product type's schema allows, before anything is applied.
  const submitted: [string, unknown][] = s.operationType === 'PATCH'
    ? (s.patches ?? []).flatMap((p) => { const m = typeof p.path === 'string' ? /^\/attributes\/([A-Za-z0-9_]+)$/.exec(p.path) : null; return m ? [[m[1]!, p.value] as [string, unknown]] : []; })
    : Object.entries(s.attributes ?? {});
  const typeIssues = store.productTypes.check(s.productType ?? '', submitted);
  if (typeIssues.length) return typeIssues;
  const issues: Issue[] = [];
  if (s.operationType === 'PATCH') {
    for (const p of s.patches ?? []) issues.push(...applyPatch(next, p));
  } else {
    const base: Record<string, unknown[]> = s.operationType === 'UPDATE' ? {} : next;
    for (const [name, value] of Object.entries(s.attributes ?? {})) {
      if (!Array.isArray(value)) issues.push(issue(CODES.invalidValue, `'${name}' must be an array of values.`, [name]));
      else base[name] = value;
    }
    Object.keys(next).forEach((k) => { if (!(k in base)) delete next[k]; });
    Object.assign(next, base);
  }
  issues.push(...checkAttributes(next, store.seller.currency));
  if (s.operationType === 'UPDATE' && !existing && !next.item_name) {
    issues.push(issue(CODES.required, "'[item_name]' is required but not supplied.", ['item_name'], ['MISSING_ATTRIBUTE']));
  }
  if (!apply || issues.some((i) => i.severity === 'ERROR')) return issues;
  const listing: Listing = existing ?? newListing(store, s, now);
  listing.attributes = next;
  if (s.productType) listing.productType = s.productType;
  const fa = (next.fulfillment_availability ?? []) as { fulfillment_channel_code?: string }[];
  if (fa.some((f) => f.fulfillment_channel_code === 'DEFAULT')) listing.fulfillment = 'MFN';
  else if (fa.length) listing.fulfillment = 'AFN';
  listing.lastUpdatedDate = iso(now);
  store.listings.set(s.sku, listing);
  return issues;
}

function newListing(store: Store, s: Submission, now: number): Listing {
  const n = store.nextId();
  const name = ((s.attributes?.item_name as { value?: string }[] | undefined)?.[0]?.value) ?? s.sku;
  return {
    sku: s.sku, asin: `B0SBX${String(n).padStart(5, '0')}`, productType: s.productType ?? 'PRODUCT', itemName: name, fulfillment: 'MFN',
    createdDate: iso(now), lastUpdatedDate: iso(now), attributes: {}, issues: [],
  };
}

/** Attribute values keyed by these selectors are one "row" each (Amazon's merge/delete semantics). */
const SELECTORS: Record<string, string[]> = {
  fulfillment_availability: ['fulfillment_channel_code'],
  purchasable_offer: ['marketplace_id', 'currency', 'audience'],
};

function applyPatch(attrs: Record<string, unknown[]>, p: PatchOp): Issue[] {
  const m = typeof p.path === 'string' ? /^\/attributes\/([A-Za-z0-9_]+)$/.exec(p.path) : null;
  if (!m || !['add', 'replace', 'merge', 'delete'].includes(String(p.op))) {
    return [issue(CODES.invalidPatch, `Invalid patch: op must be add, replace, merge or delete and path /attributes/<name> (got ${String(p.op)} ${String(p.path)}).`)];
  }
  const name = m[1]!;
  if (p.value !== undefined && (!Array.isArray(p.value) || p.value.some((v) => typeof v !== 'object' || v === null))) {
    return [issue(CODES.invalidPatch, `The value for '${name}' must be an array of objects.`, [name])];
  }
  const value = (p.value ?? []) as Record<string, unknown>[];
  const keys = SELECTORS[name] ?? [];
  const same = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => keys.every((k) => (a[k] ?? 'ALL') === (b[k] ?? 'ALL'));
  const current = (attrs[name] ?? []) as Record<string, unknown>[];
  if (p.op === 'delete') {
    const left = value.length ? current.filter((c) => !value.some((v) => same(c, v))) : [];
    if (left.length) attrs[name] = left; else delete attrs[name];
  } else if (p.op === 'merge' && keys.length) {
    const out = [...current];
    for (const v of value) {
      const i = out.findIndex((c) => same(c, v));
      if (i >= 0) out[i] = { ...out[i], ...v }; else out.push(v);
    }
    attrs[name] = out;
  } else {
    if (!value.length) return [issue(CODES.invalidPatch, `A ${String(p.op)} of '${name}' needs a value.`, [name])];
    attrs[name] = value;
  }
  return [];
}

/** The checks of the two attributes omni sends: quantity and price. */
function checkAttributes(attrs: Record<string, unknown[]>, currency: string): Issue[] {
  const out: Issue[] = [];
  for (const f of (attrs.fulfillment_availability ?? []) as Record<string, unknown>[]) {
    if (typeof f.fulfillment_channel_code !== 'string') out.push(issue(CODES.required, "'[fulfillment_availability.fulfillment_channel_code]' is required but not supplied.", ['fulfillment_availability'], ['MISSING_ATTRIBUTE']));
    if (f.fulfillment_channel_code === 'DEFAULT' && (!Number.isInteger(f.quantity) || (f.quantity as number) < 0)) {
      out.push(issue(CODES.invalidValue, `The value '${String(f.quantity)}' for 'fulfillment_availability.quantity' is invalid: a whole number of 0 or more is required.`, ['fulfillment_availability']));
    }
  }
  for (const o of (attrs.purchasable_offer ?? []) as Record<string, unknown>[]) {
    if (o.currency !== undefined && o.currency !== currency) out.push(issue(CODES.invalidValue, `The currency '${String(o.currency)}' is not the currency of this marketplace (${currency}).`, ['purchasable_offer'], ['INVALID_PRICE']));
    const price = (o.our_price as { schedule?: { value_with_tax?: unknown }[] }[] | undefined)?.[0]?.schedule?.[0]?.value_with_tax;
    if (o.our_price !== undefined && (typeof price !== 'number' || !(price >= 0))) {
      out.push(issue(CODES.invalidValue, `The value '${String(price)}' for 'purchasable_offer.our_price' is invalid: a price of 0 or more is required.`, ['purchasable_offer'], ['INVALID_PRICE']));
    }
  }
  return out;
}
