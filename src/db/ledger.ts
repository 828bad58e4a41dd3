// The stock ledger: the only way stock changes. Each movement is appended with a unique
// idempotency key and the on-hand level is updated in the same transaction, so on-hand always
// equals the ledger's sum and re-applying a movement (a re-pulled order, a re-run job) is a no-op.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './open.js';
import { stockLevels, stockMovements, products, locations } from './schema.js';
import { UserError, ExitCode, usageError } from '../core/errors.js';

export type MovementKind = typeof stockMovements.$inferInsert.kind;

export interface MovementInput {
  sku: string;
  location: string;
  delta: number;
  kind: MovementKind;
  idempotencyKey: string;
  reason?: string | undefined;
  ref?: string | undefined;
}

export interface MovementResult {
  applied: boolean;
  onHand: number;
}

export interface LedgerOptions {
  /** Allow a movement to take on-hand below zero (a sale we must record even if counts were off). */
  allowNegative?: boolean;
}

/** Read on-hand for one (sku, location); 0 when nothing was ever booked there. */
export function onHand(db: Db, sku: string, location: string): number {
  const row = db.select({ q: stockLevels.onHand }).from(stockLevels)
    .where(and(eq(stockLevels.sku, sku), eq(stockLevels.location, location))).get();
  return row?.q ?? 0;
}

/**
 * Append one movement. Must run inside a transaction the caller owns when it is one of several
 * (a transfer, an order); on its own it is atomic anyway.
 */
export function applyMovement(db: Db, m: MovementInput, opts: LedgerOptions = {}): MovementResult {
  if (!Number.isInteger(m.delta)) throw usageError(`Stock moves in whole units; got ${m.delta} for ${m.sku}.`);
  return db.transaction((tx) => {
    assertKnown(tx as unknown as Db, m.sku, m.location);
    const inserted = tx.insert(stockMovements).values({
      sku: m.sku, location: m.location, delta: m.delta, kind: m.kind,
      idempotencyKey: m.idempotencyKey, reason: m.reason ?? null, ref: m.ref ?? null,
    }).onConflictDoNothing({ target: stockMovements.idempotencyKey }).run();
    if (inserted.changes === 0) return { applied: false, onHand: onHand(tx as unknown as Db, m.sku, m.location) };

    const row = tx.insert(stockLevels).values({ sku: m.sku, location: m.location, onHand: m.delta })
      .onConflictDoUpdate({
        target: [stockLevels.sku, stockLevels.location],
        set: { onHand: sql`${stockLevels.onHand} + ${m.delta}`, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` },
      }).returning({ q: stockLevels.onHand }).get();
    if (row.q < 0 && m.delta < 0 && !opts.allowNegative) {
      throw new UserError(
        `That would leave ${row.q} of ${m.sku} at ${m.location} (on hand ${row.q - m.delta}, change ${m.delta}).`,
        { exitCode: ExitCode.refused, hint: 'Nothing was changed. Count the shelf first (`omni stock count`), or pass --allow-negative if you really mean it.' },
      );
    }
    return { applied: true, onHand: row.q };
  });
}

/** A count: the movement from the current on-hand to the counted number, so the ledger explains it. */
export function applyCount(db: Db, c: Omit<MovementInput, 'delta' | 'kind'> & { counted: number }): MovementResult {
  if (!Number.isInteger(c.counted) || c.counted < 0) {
    throw usageError(`A count must be a whole number of 0 or more; got ${c.counted} for ${c.sku}.`);
  }
  return db.transaction((tx) => {
    const current = onHand(tx as unknown as Db, c.sku, c.location);
    return applyMovement(tx as unknown as Db, { ...c, kind: 'count', delta: c.counted - current });
  });
}

/** Move units between two locations: two movements, one transaction. */
export function applyTransfer(
  db: Db,
  t: { sku: string; from: string; to: string; quantity: number; idempotencyKey: string; reason?: string },
  opts: LedgerOptions = {},
): { applied: boolean; from: number; to: number } {
  if (!Number.isInteger(t.quantity) || t.quantity <= 0) throw usageError(`A transfer moves 1 or more whole units; got ${t.quantity}.`);
  if (t.from === t.to) throw usageError(`A transfer needs two different locations; got ${t.from} twice.`);
  return db.transaction((tx) => {
    const out = applyMovement(tx as unknown as Db, { sku: t.sku, location: t.from, delta: -t.quantity, kind: 'transfer', idempotencyKey: `${t.idempotencyKey}:out`, reason: t.reason, ref: `to ${t.to}` }, opts);
    const into = applyMovement(tx as unknown as Db, { sku: t.sku, location: t.to, delta: t.quantity, kind: 'transfer', idempotencyKey: `${t.idempotencyKey}:in`, reason: t.reason, ref: `from ${t.from}` }, opts);
    return { applied: out.applied || into.applied, from: out.onHand, to: into.onHand };
  });
}

function assertKnown(db: Db, sku: string, location: string): void {
  if (!db.select({ sku: products.sku }).from(products).where(eq(products.sku, sku)).get()) {
    throw usageError(`Unknown sku "${sku}".`, 'List products with `omni products list`, or add it with `omni products add`.');
  }
  if (!db.select({ code: locations.code }).from(locations).where(eq(locations.code, location)).get()) {
    const known = db.select({ code: locations.code }).from(locations).all().map((l) => l.code).join(', ');
    throw usageError(`Unknown location "${location}".`, `Known locations: ${known || '(none)'}. Locations are defined under \`locations:\` in config.yaml.`);
  }
}

/**
 * applyCount for many rows inside the caller's transaction (a stock import of a whole catalog):
 * the same movement and level through prepared statements instead of a nested transaction and
 * five built queries per row. The caller has checked the skus and locations.
 */
export function countWriter(db: Db) {
  const c = db.$client;
  const level = c.prepare('SELECT on_hand FROM stock_levels WHERE sku = ? AND location = ?').pluck();
  const move = c.prepare(`INSERT INTO stock_movements (sku, location, delta, kind, idempotency_key, reason, ref) VALUES (?, ?, ?, 'count', ?, ?, ?)
    ON CONFLICT (idempotency_key) DO NOTHING`);
  const add = c.prepare(`INSERT INTO stock_levels (sku, location, on_hand) VALUES (?, ?, ?)
    ON CONFLICT (sku, location) DO UPDATE SET on_hand = on_hand + excluded.on_hand, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') RETURNING on_hand`).pluck();
  return {
    apply(k: Omit<MovementInput, 'delta' | 'kind'> & { counted: number }): MovementResult & { before: number } {
      if (!c.inTransaction) throw new Error('countWriter needs the caller\'s transaction');
      if (!Number.isInteger(k.counted) || k.counted < 0) throw usageError(`A count must be a whole number of 0 or more; got ${k.counted} for ${k.sku}.`);
      const before = (level.get(k.sku, k.location) as number | undefined) ?? 0;
      if (move.run(k.sku, k.location, k.counted - before, k.idempotencyKey, k.reason ?? null, k.ref ?? null).changes === 0) return { applied: false, onHand: before, before };
      return { applied: true, onHand: add.get(k.sku, k.location, k.counted - before) as number, before };
    },
  };
}
