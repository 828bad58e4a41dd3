// `omni returns add`: a return of any channel's order at any location — an online order brought
// back to the shop. Checked against what was sold and already returned; a restocked return is a
// `return` movement in the ledger, so every channel sees the units at its next sync.
import type { Db } from '../db/open.js';
import { applyMovement } from '../db/ledger.js';
import { returnMoves } from '../db/orders.js';
import { assertOwnedLocation } from '../db/locations.js';
import { listLocations } from '../db/locations.js';
import { findOrder, findReturn, insertReturn, linesOf } from '../db/orders-queries.js';
import { capText } from '../core/text.js';
import { UserError, ExitCode, usageError } from '../core/errors.js';
import type { OrderRef } from './refs.js';

export interface ReturnInput {
  order: OrderRef;
  sku: string;
  quantity: number;
  location: string;
  disposition: 'restock' | 'damaged';
  /** Refund in minor units; default: the line's unit price × quantity. */
  refundMinor?: number | undefined;
  /** Idempotency key: the same key again records nothing new. */
  key?: string | undefined;
}

export interface ReturnResult {
  applied: boolean;
  returnId: number | null;
  channel: string;
  order: string;
  sku: string;
  quantity: number;
  location: string;
  disposition: 'restock' | 'damaged';
  refundMinor: number;
  currency: string;
  movementKey: string | null;
  onHand: number | null;
  sold: number;
  returnedBefore: number;
}

export function addReturn(db: Db, r: ReturnInput): ReturnResult {
  if (!Number.isInteger(r.quantity) || r.quantity < 1) throw usageError(`--qty must be 1 or more; got ${r.quantity}.`);
  const { channel } = r.order;
  const order = findOrder(db, channel, r.order.remoteId);
  if (!order) {
    throw usageError(`Unknown order ${capText(channel, 40)}:${capText(r.order.remoteId, 60)}.`, 'Find it with `omni orders list --channel CHANNEL` (orders arrive with `omni sync`).');
  }
  // typed as "#1004" or as the id: the keys below always use the id
  const remoteId = order.remoteId;
  if (!listLocations(db).some((l) => l.code === r.location)) {
    throw usageError(`Unknown location "${r.location}".`, `Known locations: ${listLocations(db).map((l) => l.code).join(', ')}.`);
  }
  // The master sku, or the channel's own sku the order was placed under.
  const lines = linesOf(db, order.id).filter((l) => l.sku === r.sku || l.channelSku === r.sku);
  if (lines.length === 0) {
    const skus = [...new Set(linesOf(db, order.id).map((l) => l.sku))].join(', ');
    throw usageError(`Order ${channel}:${remoteId} has no line with sku "${capText(r.sku, 60)}".`, `It has: ${skus || '(no lines)'}.`);
  }
  const sku = lines[0]!.sku;
  if (r.disposition === 'restock') assertOwnedLocation(db, r.location, 'a return into');
  const remoteKey = r.key ? `manual:${r.key}` : undefined;
  const existing = remoteKey ? findReturn(db, channel, remoteKey) : undefined;
  const sold = lines.reduce((s, l) => s + l.quantity, 0);
  const returnedBefore = lines.reduce((s, l) => s + l.returned, 0);
  const base = { channel, order: remoteId, sku, quantity: r.quantity, location: r.location, disposition: r.disposition, currency: order.currency, sold, returnedBefore };
  if (existing) {
    // The same key repeats one return; on another return it would silently drop this one.
    const sameReturn = existing.sku === r.sku && existing.quantity === r.quantity && existing.disposition === r.disposition
      && (existing.location ?? null) === (r.location ?? null) && lines.some((l) => l.id === existing.orderLineId);
    if (!sameReturn) {
      throw usageError(`The key "${capText(r.key!, 80)}" was already used on ${existing.createdAt} for a return of ${existing.quantity} × ${existing.sku} (${existing.disposition}${existing.location ? ` at ${existing.location}` : ''}); this command is ${r.quantity} × ${r.sku} on ${channel}:${remoteId} (${r.disposition} at ${r.location}). Nothing was changed.`,
        'A key repeats one command safely; give a new return a new key (or leave -k out).');
    }
    return { ...base, applied: false, returnId: existing.id, refundMinor: existing.refundMinor ?? 0, movementKey: r.disposition === 'restock' ? `return:manual:${r.key}` : null, onHand: null };
  }
  if (order.status === 'cancelled') {
    throw new UserError(`Order ${channel}:${remoteId} was cancelled; its units went back to stock then.`, { exitCode: ExitCode.refused, hint: 'Nothing was changed.' });
  }
  if (r.quantity > sold - returnedBefore) {
    throw new UserError(
      `Cannot return ${r.quantity} × ${sku} on ${channel}:${remoteId}: ${sold} sold, ${returnedBefore} already returned, so at most ${sold - returnedBefore} can come back.`,
      { exitCode: ExitCode.refused, hint: 'Nothing was changed. See the order with `omni orders show ' + `${channel}:${remoteId}` + '`.' },
    );
  }
  const line = lines.find((l) => l.quantity - l.returned >= r.quantity) ?? lines.find((l) => l.quantity > l.returned) ?? lines[0]!;
  const n = countReturnsPlusOne(db, channel, remoteId, sku);
  const returnRemoteId = remoteKey ?? `manual:${remoteId}:${sku}:${n}`;
  const movementKey = r.key ? `return:manual:${r.key}` : `return:manual:${channel}:${remoteId}:${sku}:${n}`;
  const refundMinor = r.refundMinor ?? line.unitPriceMinor * r.quantity;
  return db.transaction(() => {
    const ins = insertReturn(db, {
      orderLineId: line.id, channel, remoteId: returnRemoteId, sku, quantity: r.quantity, location: r.location, disposition: r.disposition, refundMinor,
    });
    let onHand: number | null = null;
    if (ins.inserted && r.disposition === 'restock') {
      // A bundle comes back as its components (as sold on that line), all at the return's location.
      for (const mv of returnMoves(db, sku, line.id, r.quantity, r.location, true)) {
        const m = applyMovement(db, { sku: mv.sku, location: mv.location, delta: mv.quantity, kind: 'return', idempotencyKey: mv.component ? `${movementKey}:${mv.sku}` : movementKey,
          ...(mv.component ? { reason: `bundle ${sku}` } : {}), ref: `${channel} order ${remoteId} returned at ${r.location}` });
        if (!mv.component) onHand = m.onHand;
      }
    }
    return { ...base, applied: ins.inserted, returnId: ins.id, refundMinor, movementKey: r.disposition === 'restock' ? movementKey : null, onHand };
  });
}

/** The next number for a manual return of this sku on this order (1, 2, …). */
function countReturnsPlusOne(db: Db, channel: string, remoteId: string, sku: string): number {
  for (let n = 1; ; n++) if (!findReturn(db, channel, `manual:${remoteId}:${sku}:${n}`)) return n;
}
