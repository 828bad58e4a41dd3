// The master's side of a saved plan's fingerprint: a few aggregates over the tables the planner
// reads (the ledger, products, bundles, listing mappings, remembered listings), cheap on a big
// catalog and different whenever one of them changed. `omni apply` also plans again and compares
// the changes, so a change these aggregates could miss still cannot slip through.
import type { Db } from './open.js';
import type { MasterFingerprint } from '../core/saved-plan.js';

export function masterFingerprint(db: Db, channel: string, config: string): MasterFingerprint {
  const c = db.$client;
  const one = (sql: string, ...params: unknown[]): string => {
    const row = c.prepare(sql).raw().get(...params) as unknown[] | undefined;
    return (row ?? []).map((v) => (v === null ? '' : String(v))).join('/');
  };
  return {
    lastMovementId: (c.prepare('SELECT coalesce(max(id), 0) FROM stock_movements').pluck().get() as number),
    products: one(`SELECT count(*), max(updated_at), total(coalesce(price_minor, 0)), total(archived), total(length(content_hash)) FROM products`),
    bundles: one('SELECT count(*), total(quantity), total(length(bundle_sku) * quantity + length(component_sku)) FROM bundle_components'),
    listingMap: one('SELECT count(*), max(created_at), total(length(channel_sku) + length(sku)) FROM listing_map WHERE channel = ?', channel),
    listings: one(`SELECT count(*), max(seen_at), max(pushed_at), total(coalesce(seen_quantity, 0)), total(coalesce(pushed_quantity, 0)), count(sku)
      FROM channel_listings WHERE channel = ?`, channel),
    config,
  };
}
