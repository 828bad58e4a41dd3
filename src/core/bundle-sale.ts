// A bundle sold is its components sold: where each component is taken from. One location for the
// whole bundle when one has every component (one parcel); else each component from where
// pickFulfilLocation would take it alone. Pure.
import { level, pickFulfilLocation, type BundleComponent, type LevelsByLocation } from './allocation.js';

export interface ComponentMove {
  sku: string;
  /** Units of this component in one bundle. */
  perBundle: number;
  /** Units moved: bundles × perBundle. */
  quantity: number;
  location: string;
  /** Units the location had before (less than `quantity`: the sale is booked anyway and warned about). */
  had: number;
}

export function bundleMoves(components: readonly BundleComponent[], bundles: number, levelsOf: (sku: string) => LevelsByLocation, fulfilFrom: readonly string[]): ComponentMove[] {
  if (fulfilFrom.length === 0) return [];
  const together = fulfilFrom.find((loc) => components.every((c) => level(levelsOf(c.sku), loc) >= c.quantity * bundles));
  return components.map((c) => {
    const quantity = c.quantity * bundles;
    const location = together ?? pickFulfilLocation(levelsOf(c.sku), fulfilFrom, quantity)!;
    return { sku: c.sku, perBundle: c.quantity, quantity, location, had: level(levelsOf(c.sku), location) };
  });
}
