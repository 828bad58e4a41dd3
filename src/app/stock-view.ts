// What `omni stock` shows: on-hand per location, the total, and what each enabled channel would
// publish under its rules.
import type { Db } from '../db/open.js';
import type { Config } from '../config/schema.js';
import { allLevels, levelsForSku, type LevelRow } from '../db/stock.js';
import { publishedQuantity, publishedBundleQuantity } from '../core/allocation.js';
import { bundleComponentsOf } from '../db/bundles.js';
import { listProducts } from '../db/products.js';

export interface StockLine {
  sku: string;
  locations: Record<string, number>;
  total: number;
  published: Record<string, number>;
  /** A bundle holds no stock of its own: it publishes what its components allow. */
  bundle: boolean;
}

export function channelRules(config: Config) {
  return Object.entries(config.channels).filter(([, c]) => c.enabled)
    .map(([name, c]) => ({ name, rules: { stockFrom: c.stock_from, buffer: c.buffer, allocation: c.allocation } }));
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
  for (const s of sku ? [sku] : listProducts(db).map((p) => p.sku)) if (!bySku.has(s)) bySku.set(s, {});
  const channels = channelRules(config);
  const levelsOf = (s: string) => bySku.get(s) ?? Object.fromEntries(levelsForSku(db, s).map((l) => [l.location, l.onHand]));
  return [...bySku.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([s, locs]) => {
    const components = bundleComponentsOf(db, s);
    const published = Object.fromEntries(channels.map(({ name, rules }) => [name,
      components.length > 0 ? publishedBundleQuantity(components, levelsOf, rules) : publishedQuantity(locs, rules)]));
    return { sku: s, locations: locs, total: Object.values(locs).reduce((a, b) => a + b, 0), published, bundle: components.length > 0 };
  });
}
