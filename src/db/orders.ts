// Pulled orders into the master: one row per (channel, order), one per line, and ledger movements
// whose keys (sale:CHANNEL:ORDER:LINE) make a repeated pull of the same order a no-op. A line's
// channel sku is booked as its master sku (the channel's listings' matching). A bundle holds no
// stock: its sale, cancel and refund move each component, keyed per (line, component), and the
// line remembers what it was made of and where each part came from (order_line_components).
import { and, eq } from 'drizzle-orm';
import type { Db } from './open.js';
import { orders, orderLines, returns } from './schema.js';
import { applyMovement } from './ledger.js';
import { cachedStatement, clientOf } from './statement-cache.js';
import { cappedWarnings, type CappedWarnings } from '../core/capped-warnings.js';
import { levelsForSku } from './stock.js';
import { resolveCustomer } from './customers.js';
import { orderSkuResolver } from './listing-match.js';
import { bundleComponentsOf } from './bundles.js';
import { lineComponents, recordLineComponents } from './order-components.js';
import { pickFulfilLocation } from '../core/allocation.js';
import { bundleMoves } from '../core/bundle-sale.js';
import type { RemoteOrder } from '../core/connector.js';

export interface OrderApplyResult {
  /** Orders read (new or seen before). */
  pulled: number;
  newOrders: number;
  saleMovements: number;
  cancelMovements: number;
  returnMovements: number;
  warnings: string[];
}

/** `pulled` is read once, order by order (a POS export's orders are built as they are read). */
export function applyOrders(db: Db, channel: string, pulled: Iterable<RemoteOrder>, fulfilFrom: readonly string[]): OrderApplyResult {
  const result: OrderApplyResult = { pulled: 0, newOrders: 0, saleMovements: 0, cancelMovements: 0, returnMovements: 0, warnings: [] };
  const resolve = orderSkuResolver(db, channel);
  const warn = cappedWarnings((kind, left) => `${channel}: … and ${left} more ${MORE[kind as keyof typeof MORE]}`);
  for (const o of pulled) {
    result.pulled++;
    clientOf(db).transaction(() => applyOne(db, channel, o, fulfilFrom, resolve, result, warn))();
  }
  result.warnings = warn.list();
  return result;
}

/** The closing line of each kind of line warning past the cap. */
const MORE = {
  short: 'line(s) sold more than their location had; count them',
  unmatched: 'line(s) whose sku matches no master sku: recorded, no stock moved (map them with `omni listings map`)',
  bundle: 'bundle line(s) short of a component; booked anyway, count them',
} as const;

const levelsOf = (db: Db) => (sku: string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const l of cachedStatement(db, 'SELECT location, on_hand FROM stock_levels WHERE sku = ? ORDER BY location').all(sku) as { location: string; on_hand: number }[]) out[l.location] = l.on_hand;
  return out;
};

function applyOne(db: Db, channel: string, o: RemoteOrder, fulfilFrom: readonly string[], resolve: (s: string) => string | undefined, result: OrderApplyResult, warn: CappedWarnings): void {
  const customerId = o.customer ? resolveCustomer(db, channel, o.customer) ?? null : null;
  const existing = cachedStatement(db, `SELECT id, name, status, total_minor AS totalMinor, customer_id AS customerId FROM orders WHERE channel = ? AND remote_id = ?`)
    .get(channel, o.remoteId) as { id: number; name: string | null; status: string; totalMinor: number; customerId: number | null } | undefined;
  // A pulled order without lines carries only refunds (a POS refund in a later export): it must
  // not overwrite the stored total and status of the sale it refers to.
  const refundOnly = o.lines.length === 0;
  // Kept prepared statements, not built queries: this runs once per order and line of an export.
  const orderId = existing
    ? (cachedStatement(db, 'UPDATE orders SET status = ?, remote_updated_at = ?, name = ?, total_minor = ?, customer_id = ? WHERE id = ?').run(
      refundOnly ? existing.status : o.status, o.updatedAt, o.name ?? existing.name,
      refundOnly ? existing.totalMinor : o.totalMinor, existing.customerId ?? customerId, existing.id,
    ), existing.id)
    : (cachedStatement(db, `INSERT INTO orders (channel, remote_id, name, status, fulfilment, customer_id, currency, total_minor, placed_at, remote_updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`).pluck().get(
      channel, o.remoteId, o.name ?? null, o.status, o.fulfilment, customerId, o.currency, o.totalMinor, o.placedAt, o.updatedAt,
    ) as number);
  if (!existing) result.newOrders++;
  const ref = `${channel} order ${o.remoteId}`;

  for (const line of o.lines) {
    let row = lineOf(db, orderId, line.lineKey);
    const sku = resolve(line.sku);
    if (!row) {
      // An order seen first when already cancelled never took stock; a channel-fulfilled one
      // (FBA) takes it from the channel's own count, which the next count pull reflects.
      const takesStock = sku !== undefined && o.fulfilment === 'merchant' && o.status !== 'cancelled';
      const components = sku ? bundleComponentsOf(db, sku) : [];
      const key = `sale:${channel}:${o.remoteId}:${line.lineKey}`;
      let location: string | null = null;
      const moves = takesStock && components.length > 0 ? bundleMoves(components, line.quantity, levelsOf(db), fulfilFrom) : [];
      if (takesStock && components.length === 0) {
        const levels = levelsOf(db)(sku);
        location = pickFulfilLocation(levels, fulfilFrom, line.quantity) ?? null;
        if (location && (levels[location] ?? 0) < line.quantity) {
          const at = location, had = levels[location] ?? 0;
          warn.add('short', () => `${channel}: order ${o.remoteId}: ${sku} sold ${line.quantity} but ${at} had ${had}; count it`);
        }
      } else if (moves.length > 0) {
        location = moves[0]!.location;
      }
      row = cachedStatement(db, `INSERT INTO order_lines (order_id, line_key, sku, channel_sku, quantity, unit_price_minor, location)
        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${LINE_COLUMNS}`).get(
        orderId, line.lineKey, sku ?? line.sku, sku !== undefined && sku !== line.sku ? line.sku : null, line.quantity, line.unitPriceMinor, location,
      ) as LineRow;
      if (sku === undefined) {
        warn.add('unmatched', () => `${channel}: order ${o.remoteId}: "${line.sku}" matches no master sku; the line is recorded but moves no stock (map it with \`omni listings map ${channel} ${line.sku} SKU\`, then book the sale with \`omni stock adjust\`)`);
      } else if (components.length === 0 && location) {
        const m = applyMovement(db, { sku, location, delta: -line.quantity, kind: 'sale', idempotencyKey: key, ref, occurredAt: o.stockMovedAt }, { allowNegative: true });
        if (m.applied) result.saleMovements++;
      } else if (moves.length > 0) {
        recordLineComponents(db, row.id, moves.map((m) => ({ sku: m.sku, quantity: m.perBundle, location: m.location })));
        for (const mv of moves) {
          const m = applyMovement(db, { sku: mv.sku, location: mv.location, delta: -mv.quantity, kind: 'sale', idempotencyKey: `${key}:${mv.sku}`, reason: `bundle ${sku}`, ref, occurredAt: o.stockMovedAt }, { allowNegative: true });
          if (m.applied) result.saleMovements++;
          if (mv.had < mv.quantity) warn.add('bundle', () => `${channel}: order ${o.remoteId}: bundle ${sku} × ${line.quantity} needs ${mv.quantity} ${mv.sku} but ${mv.location} had ${mv.had}; booked anyway, count it`);
        }
      }
    }
    if (o.status === 'cancelled' && row.location) {
      const parts = lineComponents(db, row.id);
      const moves = parts.length > 0
        ? parts.filter((p) => p.location).map((p) => ({ sku: p.sku, location: p.location!, quantity: p.quantity * row!.quantity, key: `cancel:${channel}:${o.remoteId}:${line.lineKey}:${p.sku}` }))
        : [{ sku: row.sku, location: row.location, quantity: row.quantity, key: `cancel:${channel}:${o.remoteId}:${line.lineKey}` }];
      for (const mv of moves) {
        const m = applyMovement(db, { sku: mv.sku, location: mv.location, delta: mv.quantity, kind: 'cancel', idempotencyKey: mv.key, ...(parts.length ? { reason: `bundle ${row.sku}` } : {}), ref: `${ref} cancelled` });
        if (m.applied) result.cancelMovements++;
      }
    }
  }

  for (const refund of o.refunds ?? []) {
    const line = lineOf(db, orderId, refund.lineKey);
    // A refund that names no known line (a POS refund receipt) goes back where this channel sells from.
    // The line's master sku when it was matched, else the refund's sku through the mapping.
    const sku = line && isProduct(db, line.sku) ? line.sku : resolve(refund.sku);
    const restockAt = refund.restock ? (line ? line.location : (sku !== undefined && o.fulfilment === 'merchant' ? fulfilFrom[0] ?? null : null)) : null;
    const inserted = db.insert(returns).values({
      orderLineId: line?.id ?? null, channel, remoteId: `${refund.remoteId}:${refund.lineKey}`, sku: sku ?? refund.sku, quantity: refund.quantity,
      location: restockAt, disposition: refund.restock ? 'restock' : 'damaged', refundMinor: refund.amountMinor ?? null,
    }).onConflictDoNothing().run();
    if (inserted.changes > 0 && restockAt && sku !== undefined && o.status !== 'cancelled') {
      const key = `return:${channel}:${refund.remoteId}:${refund.lineKey}`;
      for (const mv of returnMoves(db, sku, line?.id, refund.quantity, restockAt)) {
        const m = applyMovement(db, { sku: mv.sku, location: mv.location, delta: mv.quantity, kind: 'return', idempotencyKey: mv.component ? `${key}:${mv.sku}` : key, ...(mv.component ? { reason: `bundle ${sku}` } : {}), ref: `${channel} refund ${refund.remoteId}` });
        if (m.applied) result.returnMovements++;
      }
    }
  }
}

function isProduct(db: Db, sku: string): boolean {
  return cachedStatement(db, 'SELECT 1 FROM products WHERE sku = ?').get(sku) !== undefined;
}

const LINE_COLUMNS = 'id, order_id AS orderId, line_key AS lineKey, sku, channel_sku AS channelSku, quantity, unit_price_minor AS unitPriceMinor, location';
type LineRow = typeof orderLines.$inferSelect;

function lineOf(db: Db, orderId: number, lineKey: string): LineRow | undefined {
  return cachedStatement(db, `SELECT ${LINE_COLUMNS} FROM order_lines WHERE order_id = ? AND line_key = ?`).get(orderId, lineKey) as LineRow | undefined;
}

/**
 * What a return of `quantity` of `sku` puts back: a bundle's components (as sold on that line,
 * each where it came from unless `at` is forced; else as the bundle is defined now), or the sku.
 */
export function returnMoves(db: Db, sku: string, orderLineId: number | undefined, quantity: number, at: string, forceLocation = false): { sku: string; location: string; quantity: number; component: boolean }[] {
  const sold = orderLineId !== undefined ? lineComponents(db, orderLineId) : [];
  // A line that took stock without recording components was booked on the bundle itself (before
  // bundles moved their parts): its return goes back the same way, so nothing is counted twice.
  const legacy = sold.length === 0 && orderLineId !== undefined
    && db.$client.prepare('SELECT location IS NOT NULL FROM order_lines WHERE id = ?').pluck().get(orderLineId) === 1;
  const parts = sold.length > 0 || legacy ? sold : bundleComponentsOf(db, sku).map((c) => ({ sku: c.sku, quantity: c.quantity, location: null as string | null }));
  if (parts.length === 0) return [{ sku, location: at, quantity, component: false }];
  return parts.map((p) => ({ sku: p.sku, location: forceLocation ? at : p.location ?? at, quantity: p.quantity * quantity, component: true }));
}
