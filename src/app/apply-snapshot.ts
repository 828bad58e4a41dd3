// Step 2 of the sync cycle: what a pull saw becomes master state. Orders become ledger movements
// and customers, channel-managed counts (FBA) become count movements, listing state is remembered,
// and the cursors move on — all in the caller's transaction, so a dry run can roll it all back.
import type { Db } from '../db/open.js';
import type { ChannelSnapshot } from '../core/connector.js';
import type { ChannelConfig } from '../config/schema.js';
import { applyOrders } from '../db/orders.js';
import { recordSeen } from '../db/listings.js';
import { writeCursors } from '../db/cursors.js';
import { applyCount } from '../db/ledger.js';
import { getProduct } from '../db/products.js';
import { screenSnapshot } from '../core/snapshot-screen.js';

export interface ApplySummary {
  listingsSeen: number;
  ordersPulled: number;
  newOrders: number;
  saleMovements: number;
  cancelMovements: number;
  returnMovements: number;
  countMovements: number;
  warnings: string[];
}

export function applySnapshot(db: Db, channel: string, cfg: ChannelConfig, pulled: ChannelSnapshot, now: Date, runTag: string): ApplySummary {
  const snap = screenSnapshot(channel, pulled);
  recordSeen(db, channel, snap.listings, now.toISOString());
  const fulfilFrom = cfg.fulfil_from ?? cfg.stock_from;
  const o = applyOrders(db, channel, snap.orders, fulfilFrom);
  let countMovements = 0;
  const warnings = [...snap.warnings, ...o.warnings];
  for (const c of snap.managedCounts) {
    if (!getProduct(db, c.sku)) { warnings.push(`${channel}: ${c.location} count for unknown sku "${c.sku}" ignored`); continue; }
    const r = applyCount(db, {
      sku: c.sku, location: c.location, counted: c.quantity, asOf: c.asOf, skipUnchanged: true,
      idempotencyKey: `count:${channel}:${c.location}:${c.sku}:${runTag}`, reason: `${channel} reported count`, ref: channel,
    });
    if (r.supersededBy) warnings.push(`${channel}: the count of ${c.sku} at ${c.location} as of ${c.asOf} is older than the one booked (${r.supersededBy}); left as it is`);
    if (r.applied) countMovements++;
  }
  writeCursors(db, channel, snap.cursors, now);
  return {
    listingsSeen: snap.listings.length, ordersPulled: snap.orders.length, newOrders: o.newOrders,
    saleMovements: o.saleMovements, cancelMovements: o.cancelMovements, returnMovements: o.returnMovements, countMovements, warnings,
  };
}
