// A channel's stock rules for one product: the channel's own (stock_from, buffer, allocation,
// safety_quantity, max_quantity), with per-sku and per-brand overrides. Each key is resolved on its
// own: the first override naming the sku that sets it, else the first for the product's brand that
// sets it, else the channel's value. plan-input.ts compiles the same resolution into SQL. Pure.
import type { ChannelStockRules } from './allocation.js';

export interface RuleOverride {
  /** The skus this override is for (exactly one of skus / brand). */
  skus?: readonly string[] | undefined;
  /** The brand this override is for (exact match of the product's brand). */
  brand?: string | undefined;
  buffer?: number | undefined;
  allocation?: number | undefined;
  safetyQuantity?: number | undefined;
  maxQuantity?: number | undefined;
}

export interface ChannelRules extends ChannelStockRules {
  overrides?: readonly RuleOverride[] | undefined;
}

export const RULE_KEYS = ['buffer', 'allocation', 'safetyQuantity', 'maxQuantity'] as const;
export type RuleKey = (typeof RULE_KEYS)[number];

/** Where one rule's value came from, for `omni explain`. */
export type RuleSource = 'channel' | `sku override #${number}` | `brand override #${number}`;

export interface EffectiveRules extends ChannelStockRules {
  sources: Record<RuleKey, RuleSource>;
}

/** The rules one product gets on the channel. */
export function rulesFor(rules: ChannelRules, sku: string, brand: string | null | undefined): EffectiveRules {
  const out: EffectiveRules = {
    stockFrom: rules.stockFrom, buffer: rules.buffer, allocation: rules.allocation,
    safetyQuantity: rules.safetyQuantity, maxQuantity: rules.maxQuantity,
    sources: { buffer: 'channel', allocation: 'channel', safetyQuantity: 'channel', maxQuantity: 'channel' },
  };
  const overrides = rules.overrides ?? [];
  if (overrides.length === 0) return out;
  for (const key of RULE_KEYS) {
    const bySku = overrides.findIndex((o) => o[key] !== undefined && o.skus?.includes(sku));
    const byBrand = bySku >= 0 || !brand ? -1 : overrides.findIndex((o) => o[key] !== undefined && o.brand === brand);
    const at = bySku >= 0 ? bySku : byBrand;
    if (at < 0) continue;
    (out as unknown as Record<RuleKey, number>)[key] = overrides[at]![key]!;
    out.sources[key] = bySku >= 0 ? `sku override #${at + 1}` : `brand override #${at + 1}`;
  }
  return out;
}
