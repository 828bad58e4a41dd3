// What `omni stock` shows: on-hand per location, the total, and what each enabled channel
// publishes under its rules (overrides included) — the same derivation `omni explain` prints and the
// planner pushes. A sku the channel lists only as channel-fulfilled (FBA) publishes nothing there:
// the channel counts it, so its number is null, not one that is never pushed.
import type { Db } from '../db/open.js';
import type { Config } from '../config/schema.js';
import { allLevels, levelsForSku, type LevelRow } from '../db/stock.js';
import { bundleComponentsOf } from '../db/bundles.js';
import { listProducts, getProduct } from '../db/products.js';
import { listingKinds } from '../db/listings.js';
import { channelRulesOf } from '../config/channel-rules.js';
import { rulesFor, type ChannelRules } from '../core/rules.js';
import { derive, type Derivation } from '../core/derivation.js';
import type { BundleComponent } from '../core/allocation.js';

export interface StockLine {
  sku: string;
  locations: Record<string, number>;
  total: number;
  /** What each channel publishes; null: the channel lists it only as fulfilled by itself (FBA) and omni pushes nothing. */
  published: Record<string, number | null>;
  /** A bundle holds no stock of its own: it publishes what its components allow. */
  bundle: boolean;
}

export function channelRules(config: Config): { name: string; rules: ChannelRules }[] {
  return Object.entries(config.channels).filter(([, c]) => c.enabled).map(([name, c]) => ({ name, rules: channelRulesOf(c) }));
}

/** The derivation of one sku's number on one channel (what the planner computes for its listings). */
export function deriveFor(db: Db, rules: ChannelRules, sku: string, brand: string | null, levelsOf: (s: string) => Record<string, number>,
  components: readonly BundleComponent[] = bundleComponentsOf(db, sku)): Derivation {
  const eff = rulesFor(rules, sku, brand);
  return components.length > 0 ? derive({}, eff, { components, levelsOf }) : derive(levelsOf(sku), eff);
}

export function stockView(db: Db, config: Config, sku?: string): StockLine[] {
  const rows: LevelRow[] = sku ? levelsForSku(db, sku) : allLevels(db);
  const bySku = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const m = bySku.get(r.sku) ?? {};
    m[r.location] = r.onHand;
    bySku.set(r.sku, m);
  }
  // Every product gets a line, stocked or not (a bundle holds no stock of its own).
  const products = sku ? [getProduct(db, sku)].filter((p) => p !== undefined) : listProducts(db);
  const brands = new Map(products.map((p) => [p.sku, p.brand]));
  for (const p of products) if (!bySku.has(p.sku)) bySku.set(p.sku, {});
  const channels = channelRules(config);
  const kinds = listingKinds(db, sku);
  const levelsOf = (s: string) => bySku.get(s) ?? Object.fromEntries(levelsForSku(db, s).map((l) => [l.location, l.onHand]));
  return [...bySku.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([s, locs]) => {
    const components = bundleComponentsOf(db, s);
    const bundle = components.length > 0;
    const published = Object.fromEntries(channels.map(({ name, rules }) => {
      const k = kinds.get(`${name}\u0000${s}`);
      const onlyChannelFulfilled = k !== undefined && k.merchant === 0 && k.channel > 0;
      return [name, onlyChannelFulfilled ? null : deriveFor(db, rules, s, brands.get(s) ?? null, levelsOf, components).quantity];
    }));
    return { sku: s, locations: locs, total: Object.values(locs).reduce((a, b) => a + b, 0), published, bundle };
  });
}
