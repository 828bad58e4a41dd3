// Bundles (kits): a sku made of components with quantities. Its stock is derived from them.
import { eq } from 'drizzle-orm';
import type { Db } from './open.js';
import { cachedStatement } from './statement-cache.js';
import { bundleComponents } from './schema.js';
import type { BundleComponent } from '../core/allocation.js';
import { usageError } from '../core/errors.js';

export function bundleComponentsOf(db: Db, bundleSku: string): BundleComponent[] {
  // Asked once per booked order line: a kept statement.
  return cachedStatement(db, 'SELECT component_sku AS sku, quantity FROM bundle_components WHERE bundle_sku = ?').all(bundleSku) as BundleComponent[];
}

export function setBundle(db: Db, bundleSku: string, components: readonly BundleComponent[]): void {
  db.transaction((tx) => {
    tx.delete(bundleComponents).where(eq(bundleComponents.bundleSku, bundleSku)).run();
    for (const c of components) tx.insert(bundleComponents).values({ bundleSku, componentSku: c.sku, quantity: c.quantity }).run();
  });
}

export function isBundle(db: Db, sku: string): boolean {
  return db.$client.prepare('SELECT 1 FROM bundle_components WHERE bundle_sku = ? LIMIT 1').get(sku) !== undefined;
}

/** A bundle holds no stock: its sales move its components, so units booked on it would never sell. */
export function assertHoldsStock(db: Db, sku: string): void {
  if (!isBundle(db, sku)) return;
  const parts = bundleComponentsOf(db, sku).map((c) => `${c.quantity} × ${c.sku}`).join(' + ');
  throw usageError(`${sku} is a bundle (${parts}): it holds no stock of its own; its quantity is what its components allow.`,
    'Book the components instead. (Counting old units of the bundle itself to 0 is allowed: `omni stock count SKU 0 -l LOCATION`.)');
}

/**
 * Bundles are one level deep: a component that is itself a bundle, or a bundle used as a
 * component elsewhere, is refused when defined (its stock could not be booked as components).
 */
export function assertBundleable(db: Db, bundleSku: string, components: readonly BundleComponent[]): void {
  const nested = components.filter((c) => isBundle(db, c.sku)).map((c) => c.sku);
  if (nested.length) {
    throw usageError(`${nested.join(', ')} ${nested.length === 1 ? 'is a bundle' : 'are bundles'} itself: a bundle cannot contain a bundle.`,
      `List the components of ${nested.join(', ')} directly in ${bundleSku}.`);
  }
  const usedIn = db.$client.prepare('SELECT DISTINCT bundle_sku FROM bundle_components WHERE component_sku = ? ORDER BY bundle_sku').pluck().all(bundleSku) as string[];
  if (usedIn.length) {
    throw usageError(`${bundleSku} is a component of ${usedIn.join(', ')}: a bundle cannot be part of another bundle.`,
      `Make ${bundleSku} a bundle only after listing its components directly in ${usedIn.join(', ')}.`);
  }
}
