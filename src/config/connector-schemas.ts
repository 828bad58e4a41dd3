// The connector-specific keys of each channel type, for checking config.yaml when it is loaded.
// Only the connectors' config modules (zod schemas, no clients or I/O) are imported here, so a
// command that loads the config does not pay for the connectors themselves; those are still
// loaded lazily through connectors/index.ts when a sync needs one. A test keeps this list and
// connectors/index.ts in step.
import type { z } from 'zod';
import { shopifyConfigSchema } from '../../connectors/shopify/config.js';
import { amazonConfigSchema } from '../../connectors/amazon/config.js';
import { posConfigSchema } from '../../connectors/pos-file/config.js';
import { channelSchema } from './schema.js';

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

export const connectorConfigSchemas: Record<string, ObjectSchema> = {
  amazon: amazonConfigSchema as unknown as ObjectSchema,
  'pos-file': posConfigSchema as unknown as ObjectSchema,
  shopify: shopifyConfigSchema as unknown as ObjectSchema,
};

/** Keys every channel block may have (type, stock_from, buffer, allocation, …). */
export const commonChannelKeys: readonly string[] = Object.keys(channelSchema.shape);

/** Every key a channel of this type may have, or undefined for a type omni has no connector for. */
export function channelKeys(type: unknown): Set<string> | undefined {
  const schema = typeof type === 'string' && Object.hasOwn(connectorConfigSchemas, type) ? connectorConfigSchemas[type] : undefined;
  return schema ? new Set([...commonChannelKeys, ...Object.keys(schema.shape)]) : undefined;
}
