// Bundles (kits): a sku made of components with quantities. Its stock is derived from them.
import { eq } from 'drizzle-orm';
import type { Db } from './open.js';
import { bundleComponents } from './schema.js';
import type { BundleComponent } from '../core/allocation.js';

export function bundleComponentsOf(db: Db, bundleSku: string): BundleComponent[] {
  return db.select({ sku: bundleComponents.componentSku, quantity: bundleComponents.quantity })
    .from(bundleComponents).where(eq(bundleComponents.bundleSku, bundleSku)).all();
}

export function setBundle(db: Db, bundleSku: string, components: readonly BundleComponent[]): void {
  db.transaction((tx) => {
    tx.delete(bundleComponents).where(eq(bundleComponents.bundleSku, bundleSku)).run();
    for (const c of components) tx.insert(bundleComponents).values({ bundleSku, componentSku: c.sku, quantity: c.quantity }).run();
  });
}
