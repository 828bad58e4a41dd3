// Which ledger movements a run booked, and what undoing them needs. On SQLite every write holds
// the writer lock (db/lock.ts), so the movements a run booked are exactly those with ids between
// the newest id before it and the newest after it; a run stores that range in its summary
// (`ledger`). On PostgreSQL other runners book movements at the same time, with ids inside that
// range: there the range also names the run's own transactions (`txs`), and only their movements
// are the run's (each movement remembers its transaction: schema-pg.ts TX_TABLES).
import { eq } from 'drizzle-orm';
import { pgClient, type Db } from './open.js';
import { pgKeepBefore } from './pg/import-batch.js';
import { runProductChanges } from './schema.js';

export interface LedgerRange {
  after: number;
  upTo: number;
  /** PostgreSQL: the transactions that booked the run's movements (absent: a run of an earlier version, or SQLite). */
  txs?: string[] | undefined;
}

/** The open transaction's id if it has written (PostgreSQL), as a run's `txs`; undefined on SQLite. */
export function openTxs(db: Db): string[] | undefined {
  const pg = pgClient(db);
  if (!pg) return undefined;
  const tx = pg.native('SELECT CAST(pg_current_xact_id_if_assigned() AS text)').rows?.[0]?.[0] as string | null | undefined;
  return tx ? [tx] : [];
}

/** `AND` the run's own transactions, when the range names them (PostgreSQL). */
function ownTxs(r: { txs?: string[] | undefined }): { sql: string; params: unknown[] } {
  return r.txs ? { sql: ' AND CAST(tx AS text) IN (SELECT value FROM json_each(?))', params: [JSON.stringify(r.txs)] } : { sql: '', params: [] };
}

export interface BookedMovement {
  id: number; sku: string; location: string; delta: number; kind: string; at: string; idempotencyKey: string;
}

export function lastMovementId(db: Db): number {
  return db.$client.prepare('SELECT coalesce(max(id), 0) FROM stock_movements').pluck().get() as number;
}

export function movementsIn(db: Db, r: LedgerRange): BookedMovement[] {
  const own = ownTxs(r);
  return db.$client.prepare(`SELECT id, sku, location, delta, kind, coalesce(occurred_at, created_at) AS at, idempotency_key AS idempotencyKey
    FROM stock_movements WHERE id > ? AND id <= ?${own.sql} ORDER BY id`).all(r.after, r.upTo, ...own.params) as BookedMovement[];
}

/**
 * A count at the same place booked after the run (by id) and as of a later time: it supersedes the
 * movement. By id on PostgreSQL too: a count and the run's movement at one place update the same
 * stock row, so the later of the two waits for the other and, serializable, is retried with a new id.
 */
export function laterCount(db: Db, m: BookedMovement, afterId: number): { id: number; at: string } | undefined {
  return db.$client.prepare(`SELECT id, coalesce(occurred_at, created_at) AS at FROM stock_movements
    WHERE sku = ? AND location = ? AND kind = 'count' AND id > ? AND coalesce(occurred_at, created_at) >= ? AND idempotency_key NOT LIKE 'undo:%'
    ORDER BY id DESC LIMIT 1`).get(m.sku, m.location, afterId, m.at) as { id: number; at: string } | undefined;
}

export function isKeyBooked(db: Db, key: string): boolean {
  return db.$client.prepare('SELECT 1 FROM stock_movements WHERE idempotency_key = ?').pluck().get(key) !== undefined;
}

// --- products an import changed ---------------------------------------------------------------

/** The columns an undo puts back, in the order the import's upserter reads them (after rowid, sku). */
export const PRODUCT_COLS = ['title', 'description', 'brand', 'barcode', 'price_minor', 'cost_minor', 'currency', 'attributes', 'content_hash', 'reorder_point', 'reorder_qty', 'archived'] as const;
export type ProductImage = Record<(typeof PRODUCT_COLS)[number], unknown>;

/**
 * Keeps each product's row as it was before the run first touched it (null: the run created it).
 * The import hands over the rows it has just read for its own decision, so nothing is read twice;
 * a chunk of them at a time (on PostgreSQL one statement, not a round trip per product).
 */
export function productBeforeRecorder(db: Db, runId: number): (changes: readonly ProductChange[]) => void {
  const pg = pgClient(db);
  if (pg) return (changes) => pgKeepBefore(pg, runId, changes);
  const keep = db.$client.prepare('INSERT INTO run_product_changes (run_id, sku, before) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  return (changes) => {
    for (const c of changes) keep.run(runId, c.sku, c.before ? JSON.stringify(c.before) : null);
  };
}

export interface ProductChange { sku: string; before: ProductImage | null }

export function productChangesOf(db: Db, runId: number): ProductChange[] {
  return db.select().from(runProductChanges).where(eq(runProductChanges.runId, runId)).all()
    .map((r) => ({ sku: r.sku, before: r.before === null ? null : JSON.parse(r.before) as ProductImage }));
}

/** Puts a product back as it was; a product the run created is archived (its history may point at it). */
export function restoreProduct(db: Db, p: ProductChange, now: string): void {
  if (p.before === null) {
    db.$client.prepare('UPDATE products SET archived = 1, updated_at = ? WHERE sku = ?').run(now, p.sku);
    return;
  }
  const set = PRODUCT_COLS.map((k) => `${k} = @${k}`).join(', ');
  db.$client.prepare(`UPDATE products SET ${set}, updated_at = @now WHERE sku = @sku`).run({ ...p.before, now, sku: p.sku });
}

/** When the product was last changed (to tell whether something after the run changed it again). */
export function productUpdatedAt(db: Db, sku: string): string | undefined {
  return db.$client.prepare('SELECT updated_at FROM products WHERE sku = ?').pluck().get(sku) as string | undefined;
}
