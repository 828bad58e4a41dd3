// The Amazon channel's own keys in config.yaml.
import { z } from 'zod';

export const REGION_HOSTS = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
} as const;

export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

export const amazonConfigSchema = z.looseObject({
  region: z.enum(['na', 'eu', 'fe']).default('eu'),
  seller_id: z.string().min(1),
  marketplace_ids: z.array(z.string().min(1)).min(1),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  refresh_token: z.string().min(1),
  /** Override the SP-API host (the sandbox), e.g. http://127.0.0.1:8082. */
  endpoint: z.url().optional(),
  /** Override the Login with Amazon token URL (the sandbox). */
  lwa_endpoint: z.url().optional(),
  /** The omni location whose count is Amazon's FBA stock (kind: channel, managed_by this channel). */
  fba_location: z.string().optional(),
  /** Product type sent with listing patches (Amazon requires one). */
  product_type: z.string().default('PRODUCT'),
  currency: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
  /** Force a push method; by default omni picks whichever finishes sooner under the rate limits. */
  push_method: z.enum(['auto', 'patch', 'feed']).default('auto'),
  /** Expected feed processing time in seconds (for choosing patch vs feed). */
  feed_processing_seconds: z.number().positive().default(120),
  /**
   * A change Amazon accepted (a queued patch, a feed still processing) that it has neither shown
   * nor refused after this long is reported as never applied, and sent again if still needed.
   */
  confirm_within_minutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
  stock_from: z.array(z.string()),
});

export type AmazonConfig = z.infer<typeof amazonConfigSchema>;

export function spApiBase(c: AmazonConfig): string {
  return (c.endpoint ?? REGION_HOSTS[c.region]).replace(/\/$/, '');
}
