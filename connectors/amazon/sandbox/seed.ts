// The seed: a seller as a person would describe it (skus, quantities, prices, a few orders). The
// store expands it into the objects Amazon returns, so the file stays short and readable.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../../../src/package-root.js';

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 date-time');
const decimal = z.string().regex(/^\d+(\.\d{1,2})?$/, 'a decimal amount like "14.90"');

const seedSchema = z.object({
  seller: z.object({
    sellerId: z.string().min(1),
    marketplaceId: z.string().min(1),
    marketplaceName: z.string().default('Amazon'),
    currency: z.string().regex(/^[A-Z]{3}$/),
    /** What Amazon calls its own fulfilment network in this region (AMAZON_EU, AMAZON_NA, …). */
    afnChannelCode: z.string().default('AMAZON_EU'),
    countryCode: z.string().default('DE'),
  }),
  lwa: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1), refreshToken: z.string().min(1) }),
  listings: z.array(z.object({
    sku: z.string().min(1),
    asin: z.string().min(1),
    itemName: z.string().min(1),
    productType: z.string().default('PRODUCT'),
    barcode: z.string().optional(),
    fulfillment: z.enum(['MFN', 'AFN']),
    /** Merchant-fulfilled quantity (MFN only; an AFN sku's count lives in `fba`). */
    quantity: z.number().int().min(0).optional(),
    price: decimal,
    createdDate: isoTime,
    lastUpdatedDate: isoTime,
    /** Feed messages and patches for this sku fail with this message (for tests and the demo). */
    rejects: z.string().optional(),
    /** More of the offer, which a price update must leave alone: min/max allowed price, a B2B offer. */
    minimumPrice: decimal.optional(),
    maximumPrice: decimal.optional(),
    b2bPrice: decimal.optional(),
    /** Handling time of a merchant-fulfilled offer (fulfillment_availability.lead_time_to_ship_max_days). */
    leadTimeDays: z.number().int().min(0).optional(),
  })),
  fba: z.array(z.object({
    sku: z.string().min(1),
    fnSku: z.string().min(1),
    fulfillable: z.number().int().min(0),
    inboundWorking: z.number().int().min(0).default(0),
    inboundShipped: z.number().int().min(0).default(0),
    inboundReceiving: z.number().int().min(0).default(0),
    reserved: z.number().int().min(0).default(0),
    researching: z.number().int().min(0).default(0),
    unfulfillable: z.number().int().min(0).default(0),
    lastUpdatedTime: isoTime,
  })),
  orders: z.array(z.object({
    orderId: z.string().regex(/^\d{3}-\d{7}-\d{7}$/, 'an Amazon order id like 028-1234567-1234567'),
    createdTime: isoTime,
    lastUpdatedTime: isoTime,
    fulfilledBy: z.enum(['MERCHANT', 'AMAZON']),
    status: z.enum(['PENDING_AVAILABILITY', 'PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'CANCELLED', 'UNFULFILLABLE']),
    buyer: z.object({ name: z.string(), email: z.string().optional(), city: z.string().default('Berlin'), postalCode: z.string().default('10115') }).optional(),
    cancelReason: z.string().optional(),
    items: z.array(z.object({ orderItemId: z.string().min(1), sku: z.string().min(1), quantity: z.number().int().min(1), unitPrice: decimal })).min(1),
  })),
});

export type AmazonSeed = z.input<typeof seedSchema>;
export type Seed = z.output<typeof seedSchema>;
export type SeedListing = Seed['listings'][number];
export type SeedFba = Seed['fba'][number];
export type SeedOrder = Seed['orders'][number];

export const DEFAULT_SEED_PATH = (): string => path.join(packageRoot(), 'fixtures', 'amazon', 'seed.json');

/** A seed object, or the path of a JSON seed file; without either, the shipped demo seller. */
export function loadSeed(seed: AmazonSeed | string | undefined): Seed {
  const file = typeof seed === 'string' ? seed : seed ? undefined : DEFAULT_SEED_PATH();
  const raw: unknown = file ? JSON.parse(readFileSync(file, 'utf8')) : structuredClone(seed);
  const r = seedSchema.safeParse(raw);
  if (!r.success) {
    const where = file ?? 'seed object';
    throw new Error(`Amazon sandbox seed ${where}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const skus = new Set(r.data.listings.map((l) => l.sku));
  for (const f of r.data.fba) if (!skus.has(f.sku)) throw new Error(`Amazon sandbox seed: fba sku ${f.sku} has no listing`);
  return r.data;
}
