// A channel block's stock rules as the core reads them (camelCase, overrides included).
import type { ChannelRules } from '../core/rules.js';
import type { ChannelConfig } from './schema.js';

export function channelRulesOf(cfg: ChannelConfig): ChannelRules {
  return {
    stockFrom: cfg.stock_from, buffer: cfg.buffer, allocation: cfg.allocation,
    safetyQuantity: cfg.safety_quantity, maxQuantity: cfg.max_quantity,
    overrides: cfg.overrides.map((o) => ({
      skus: o.skus, brand: o.brand, buffer: o.buffer, allocation: o.allocation, safetyQuantity: o.safety_quantity, maxQuantity: o.max_quantity,
    })),
  };
}
