// Shared by the sandbox tests: a sandbox on a random loopback port with a hand-driven clock,
// and a tiny GraphQL caller over real HTTP (what a connector does, without the connector).
import { afterEach } from 'vitest';
import { startShopifySandbox, type ShopifySandbox, type ShopifySandboxOptions } from '../../connectors/shopify/sandbox/index.js';

export interface Clock { now: () => number; advance: (ms: number) => void; set: (ms: number) => void }

export function fakeClock(start = Date.parse('2026-11-10T12:00:00Z')): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; }, set: (ms) => { t = ms; } };
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[]; extensions?: { cost: Cost } };
}
export interface Cost {
  requestedQueryCost: number; actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

const open: ShopifySandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A sandbox closed automatically after the test. */
export async function sandbox(opts: ShopifySandboxOptions = {}): Promise<ShopifySandbox> {
  const s = await startShopifySandbox(opts);
  open.push(s);
  return s;
}

export async function gql<T = Record<string, unknown>>(s: ShopifySandbox, query: string, variables: Record<string, unknown> = {}, token: string | null = s.accessToken): Promise<GqlResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers['x-shopify-access-token'] = token;
  const res = await fetch(s.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as GqlResult<T>['body'] };
}

export async function control(s: ShopifySandbox, method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${s.url}/_sandbox${route}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export const WAREHOUSE = 'gid://shopify/Location/71234567001';
export const SHOP = 'gid://shopify/Location/71234567002';
/** MUG-STONE-350 in the seed: 300 in the Warehouse, 200 in the Shop. */
export const MUG = { product: 'gid://shopify/Product/8812345670001', variant: 'gid://shopify/ProductVariant/4471234560001', item: 'gid://shopify/InventoryItem/4681234560001' };
/** TEA-EARL-100 in the seed: 96 in the Warehouse, 24 in the Shop. */
export const EARL = { product: 'gid://shopify/Product/8812345670002', variant: 'gid://shopify/ProductVariant/4471234560002', item: 'gid://shopify/InventoryItem/4681234560002' };
