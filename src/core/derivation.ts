// The published number explained step by step: on-hand at the locations that feed the channel,
// the bundle limit, safety, buffer, allocation, max → the number. `omni explain` prints the steps,
// the sync report's "why" column the short form. Same arithmetic as core/allocation.ts (a test
// holds them equal). Pure.
import { availableFor, level, type BundleComponent, type LevelsByLocation } from './allocation.js';
import type { EffectiveRules, RuleSource } from './rules.js';

export interface DerivationStep {
  step: 'pool' | 'bundle' | 'safety' | 'buffer' | 'allocation' | 'max';
  /** The running number after this step. */
  value: number;
  text: string;
  /** Where the rule applied in this step came from (channel, or an override). */
  source?: RuleSource | undefined;
}

export interface Derivation {
  /** On-hand at each stock_from location, and what it adds to the pool (a negative level adds 0). */
  locations: { location: string; onHand: number; counts: number }[];
  bundle?: { components: { sku: string; quantity: number; pool: number; allows: number }[]; limit: number } | undefined;
  pool: number;
  steps: DerivationStep[];
  quantity: number;
  /** One line, for the sync report: "warehouse 300 + store 200 = 500 − buffer 2 = 498". */
  short: string;
}

const fmt = (n: number) => (n < 0 ? `−${-n}` : String(n));
const pct = (share: number) => `${Math.round(share * 10000) / 100}%`;

function poolText(locations: Derivation['locations']): string {
  if (locations.length === 0) return 'no location feeds it';
  return locations.map((l) => `${l.location} ${fmt(l.onHand)}${l.onHand < 0 ? ' (counts 0)' : ''}`).join(' + ');
}

/**
 * Explain the number for one sku. `bundle`: its components and how to read their levels (the
 * bundle's own levels are then ignored: a bundle holds no stock).
 */
export function derive(levels: LevelsByLocation, rules: EffectiveRules, bundle?: { components: readonly BundleComponent[]; levelsOf: (sku: string) => LevelsByLocation }): Derivation {
  const locations = [...new Set(rules.stockFrom)].map((location) => {
    const times = rules.stockFrom.filter((x) => x === location).length;
    const onHand = level(levels, location);
    return { location, onHand, counts: Math.max(0, onHand) * times };
  });
  const steps: DerivationStep[] = [];
  let d: Derivation['bundle'];
  let pool: number;
  let short: string;
  if (bundle) {
    const components = bundle.components.map((c) => {
      const p = availableFor(bundle.levelsOf(c.sku), rules);
      return { sku: c.sku, quantity: c.quantity, pool: p, allows: Math.floor(p / c.quantity) };
    });
    pool = components.length === 0 ? 0 : Math.min(...components.map((c) => c.allows));
    d = { components, limit: pool };
    const scarcest = components.find((c) => c.allows === pool);
    const text = scarcest
      ? `bundle of ${components.length}: ${scarcest.sku} allows ${pool} (${scarcest.pool} at ${rules.stockFrom.join('+')}${scarcest.quantity > 1 ? `, ${scarcest.quantity} per bundle` : ''})`
      : 'bundle without components: 0';
    steps.push({ step: 'bundle', value: pool, text });
    short = scarcest ? `bundle: ${scarcest.sku} allows ${pool}` : 'bundle without components: 0';
  } else {
    pool = availableFor(levels, rules);
    const text = `${poolText(locations)} = ${pool}`;
    steps.push({ step: 'pool', value: pool, text });
    // one location needs no sum: "warehouse 300"
    short = locations.length === 1 && locations[0]!.counts === pool && pool >= 0 && locations[0]!.onHand >= 0 ? poolText(locations) : text;
  }

  let q = pool;
  const safety = rules.safetyQuantity ?? 0;
  if (safety > 0) {
    if (q <= safety) {
      steps.push({ step: 'safety', value: 0, text: `${q} is at or below safety_quantity ${safety} → 0`, source: rules.sources.safetyQuantity });
      short += ` ≤ safety ${safety} → 0`;
      return { locations, bundle: d, pool, steps, quantity: 0, short };
    }
    steps.push({ step: 'safety', value: q, text: `${q} is above safety_quantity ${safety}`, source: rules.sources.safetyQuantity });
  }
  if (rules.buffer !== 0) {
    const after = Math.max(0, q - rules.buffer);
    steps.push({ step: 'buffer', value: after, text: `${q} − buffer ${rules.buffer} = ${after}`, source: rules.sources.buffer });
    short += ` − buffer ${rules.buffer} = ${after}`;
    q = after;
  }
  if (rules.allocation !== 1) {
    const shared = q <= 0 ? 0 : Math.max(0, Math.floor(q * rules.allocation + 1e-9));
    steps.push({ step: 'allocation', value: shared, text: `${q} × allocation ${pct(rules.allocation)} = ${shared} (floored)`, source: rules.sources.allocation });
    short += ` × ${pct(rules.allocation)} = ${shared}`;
    q = shared;
  }
  if (rules.maxQuantity !== undefined) {
    const capped = Math.min(q, rules.maxQuantity);
    steps.push({ step: 'max', value: capped, text: q > rules.maxQuantity ? `${q} capped at max_quantity ${rules.maxQuantity}` : `${q} is within max_quantity ${rules.maxQuantity}`, source: rules.sources.maxQuantity });
    if (capped !== q) short += `, max ${rules.maxQuantity} → ${capped}`;
    q = capped;
  }
  return { locations, bundle: d, pool, steps, quantity: q, short };
}
