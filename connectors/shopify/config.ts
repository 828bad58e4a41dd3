// The Shopify channel's own keys in config.yaml.
import { z } from 'zod';
import { API_VERSION } from './queries.js';

const gid = (kind: string) => z.string().regex(new RegExp(`^gid://shopify/${kind}/\\d+$`), `a Shopify ${kind} id like gid://shopify/${kind}/123`);

export const shopifyConfigSchema = z.looseObject({
  /** my-shop.myshopify.com (or just my-shop). */
  shop: z.string().min(1),
  access_token: z.string().min(1),
  api_version: z.string().regex(/^\d{4}-\d{2}$/).default(API_VERSION),
  /** Override the endpoint (the sandbox): the base before /admin/api/…, e.g. http://127.0.0.1:8081. */
  endpoint: z.url().optional(),
  /** omni location code → Shopify location id. */
  location_map: z.record(z.string(), gid('Location')).refine((m) => Object.keys(m).length > 0, 'map at least one location'),
  /** The omni location (a key of location_map) whose Shopify location carries the published quantity. */
  publish_location: z.string().optional(),
  stock_from: z.array(z.string()),
  fulfil_from: z.array(z.string()).optional(),
  /** Page size for reads (Shopify allows up to 250). */
  page_size: z.number().int().min(1).max(250).default(100),
  /** Above this many variants the catalog is read with one bulk operation instead of pages. */
  bulk_threshold: z.number().int().min(0).default(5000),
});

export type ShopifyConfig = z.infer<typeof shopifyConfigSchema>;

export function graphqlUrl(c: ShopifyConfig): string {
  const base = c.endpoint ?? `https://${c.shop.includes('.') ? c.shop : `${c.shop}.myshopify.com`}`;
  return `${base.replace(/\/$/, '')}/admin/api/${c.api_version}/graphql.json`;
}

/** The Shopify location that carries the published quantity. */
export function publishLocationId(c: ShopifyConfig): string {
  const code = c.publish_location ?? c.stock_from.find((s) => s in c.location_map) ?? Object.keys(c.location_map)[0]!;
  const id = c.location_map[code];
  if (!id) throw new Error(`publish_location "${code}" is not in location_map`);
  return id;
}
