// The stock ledger: the only way stock changes. Each movement is appended with a unique
// idempotency key and the on-hand level is updated in the same transaction, so on-hand always
// equals the ledger's sum and re-applying a movement (a re-pulled order, a re-run job) is a no-op.
import { and, eq, sql } from 'drizzle-orm';
import { pgClient, type Db } from './open.js';
import { pgBookCounts, pgCountFacts } from './pg/import-batch.js';
import { stockLevels, stockMovements, products, locations } from './schema.js';
import { assertSameKeyUse, keyParamsText } from './key-params.js';
import { cachedStatement, clientOf } from './statement-cache.js';
import { UserError, ExitCode, usageError } from '../core/errors.js';
import { isSaneQuantity, MAX_QUANTITY, quantityProblem } from '../core/bounds.js';
import { capText, cleanText } from '../core/text.js';

export type MovementKind = typeof stockMovements.$inferInsert.kind;

export interface MovementInput {
  sku: string;
  location: string;
  delta: number;
  kind: MovementKind;
  idempotencyKey: string;
  reason?: string | undefined;
  ref?: string | undefined;
  /** When the units moved, if that was before now (a till sale's time, a count's as-of); ISO 8601. */
  occurredAt?: string | undefined;
  /** A key the user chose (`-k`), with the command's parameters: reusing it for another movement is refused. */
  userKey?: UserKey | undefined;
}

export interface UserKey {
  /** The key as the user typed it, for the message. */
  key: string;
  /** What the key stands for, e.g. { command: 'stock adjust', sku, location, delta }. */
  params: Record<string, string | number | boolean | null>;
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
  const q = cachedStatement(db, 'SELECT on_hand FROM stock_levels WHERE sku = ? AND location = ?').pluck().get(sku, location) as number | undefined;
  return q ?? 0;
}

/**
 * Append one movement. Must run inside a transaction the caller owns when it is one of several
 * (a transfer, an order); on its own it is atomic anyway.
 */
export function applyMovement(db: Db, m: MovementInput, opts: LedgerOptions = {}): MovementResult {
  if (!Number.isInteger(m.delta)) throw usageError(`Stock moves in whole units; got ${m.delta} for ${m.sku}.`);
  // The last line of defence: every way in checks its own numbers, none may reach SQLite as a REAL.
  if (!isSaneQuantity(m.delta)) throw usageError(`A change of ${m.delta} for ${m.sku} ${quantityProblem(m.delta)}.`, 'Nothing was changed.');
  // Through kept prepared statements: this runs once per booked line of every pulled order.
  return clientOf(db).transaction(() => {
    assertKnown(db, m.sku, m.location);
    const inserted = cachedStatement(db, `INSERT INTO stock_movements (sku, location, delta, kind, idempotency_key, reason, ref, occurred_at, key_params)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`).run(
      m.sku, m.location, m.delta, m.kind, m.idempotencyKey, m.reason === undefined ? null : cleanText(m.reason), m.ref === undefined ? null : cleanText(m.ref),
      pastInstant(m.occurredAt) ?? null, m.userKey ? keyParamsText(m.userKey.params) : null,
    );
    if (inserted.changes === 0) {
      if (m.userKey) assertSameKeyUse(db, m.idempotencyKey, m.userKey, { sku: m.sku, location: m.location, kind: m.kind, delta: m.delta });
      return { applied: false, onHand: onHand(db, m.sku, m.location) };
    }

    const row = cachedStatement(db, `INSERT INTO stock_levels (sku, location, on_hand) VALUES (?, ?, ?)
      ON CONFLICT (sku, location) DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand, updated_at = (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
      RETURNING on_hand AS q`).get(m.sku, m.location, m.delta) as { q: number };
    if (!isSaneQuantity(row.q)) {
      throw usageError(`That would leave ${row.q} of ${m.sku} at ${m.location}, which ${quantityProblem(row.q)}.`, 'Nothing was changed. Check the number you typed.');
    }
    if (row.q < 0 && m.delta < 0 && !opts.allowNegative) {
      throw new UserError(
        `That would leave ${row.q} of ${m.sku} at ${m.location} (on hand ${row.q - m.delta}, change ${m.delta}).`,
        { exitCode: ExitCode.refused, hint: 'Nothing was changed. Count the shelf first (`omni stock count`), or pass --allow-negative if you really mean it.' },
      );
    }
    return { applied: true, onHand: row.q };
  })();
}

export interface CountInput extends Omit<MovementInput, 'delta' | 'kind' | 'occurredAt'> {
  counted: number;
  /**
   * When the shelf was counted (ISO 8601); default now. Movements that occurred after it (sales
   * booked since) are kept on top of the counted number, so a count read late undoes nothing.
   */
  asOf?: string | undefined;
  /** Book nothing when the count agrees with the ledger (a channel's repeated report). */
  skipUnchanged?: boolean | undefined;
}

export interface CountResult extends MovementResult {
  /** Set when a count as of a later time is already booked here: this older one changes nothing. */
  supersededBy?: string | undefined;
}

/**
 * A count: the movement that makes on-hand as of `asOf` equal the counted number, so the ledger
 * explains it. With no as-of that is simply counted − on-hand.
 */
export function applyCount(db: Db, c: CountInput, opts: LedgerOptions = {}): CountResult {
  if (!Number.isInteger(c.counted) || c.counted < 0 || !isSaneQuantity(c.counted)) {
    throw usageError(`A count must be a whole number from 0 to ${MAX_QUANTITY}; got ${c.counted} for ${c.sku}.`);
  }
  const asOf = pastInstant(c.asOf);
  return db.transaction((tx) => {
    const d = tx as unknown as Db;
    const current = onHand(d, c.sku, c.location);
    const replay = keyExists(d, c.idempotencyKey);
    let since = 0;
    if (asOf && !replay) {
      const later = latestCountAfter(d, c.sku, c.location, asOf);
      if (later) return { applied: false, onHand: current, supersededBy: later };
      since = movedSince(d, c.sku, c.location, asOf);
    }
    const delta = c.counted + since - current;
    if (delta === 0 && c.skipUnchanged && !replay) return { applied: false, onHand: current };
    const { counted: _counted, asOf: _asOf, skipUnchanged: _skip, ...movement } = c;
    // Sales after the as-of can take a late count below zero: that is what the facts say.
    return applyMovement(d, { ...movement, kind: 'count', delta, occurredAt: asOf }, { allowNegative: opts.allowNegative ?? since < 0 });
  });
}

/** The sum of movements at (sku, location) that occurred after `asOf`. */
function movedSince(db: Db, sku: string, location: string, asOf: string): number {
  return db.get<{ n: number | null }>(sql`SELECT sum(delta) AS n FROM stock_movements
    WHERE sku = ${sku} AND location = ${location} AND coalesce(occurred_at, created_at) > ${asOf}`)?.n ?? 0;
}

/** When the newest count at (sku, location) taken after `asOf` was taken, if there is one. */
function latestCountAfter(db: Db, sku: string, location: string, asOf: string): string | undefined {
  return db.get<{ at: string | null }>(sql`SELECT max(coalesce(occurred_at, created_at)) AS at FROM stock_movements
    WHERE sku = ${sku} AND location = ${location} AND kind = 'count' AND coalesce(occurred_at, created_at) > ${asOf}`)?.at ?? undefined;
}

function keyExists(db: Db, key: string): boolean {
  return db.select({ id: stockMovements.id }).from(stockMovements).where(eq(stockMovements.idempotencyKey, key)).get() !== undefined;
}

/** An instant as stored (ISO 8601 UTC, ms), never later than now: a clock ahead must not outlive every count. */
function pastInstant(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw usageError(`"${iso}" is not a date and time.`);
  return new Date(Math.min(t, Date.now())).toISOString();
}

/** Move units between two locations: two movements, one transaction. */
export function applyTransfer(
  db: Db,
  t: { sku: string; from: string; to: string; quantity: number; idempotencyKey: string; reason?: string; userKey?: UserKey | undefined },
  opts: LedgerOptions = {},
): { applied: boolean; from: number; to: number } {
  if (!Number.isInteger(t.quantity) || t.quantity <= 0) throw usageError(`A transfer moves 1 or more whole units; got ${t.quantity}.`);
  if (t.from === t.to) throw usageError(`A transfer needs two different locations; got ${t.from} twice.`);
  return db.transaction((tx) => {
    const out = applyMovement(tx as unknown as Db, { sku: t.sku, location: t.from, delta: -t.quantity, kind: 'transfer', idempotencyKey: `${t.idempotencyKey}:out`, reason: t.reason, ref: `to ${t.to}`, userKey: t.userKey }, opts);
    const into = applyMovement(tx as unknown as Db, { sku: t.sku, location: t.to, delta: t.quantity, kind: 'transfer', idempotencyKey: `${t.idempotencyKey}:in`, reason: t.reason, ref: `from ${t.from}`, userKey: t.userKey }, opts);
    return { applied: out.applied || into.applied, from: out.onHand, to: into.onHand };
  });
}

function assertKnown(db: Db, sku: string, location: string): void {
  if (cachedStatement(db, 'SELECT 1 FROM products WHERE sku = ?').get(sku) === undefined) {
    throw usageError(`Unknown sku "${capText(sku, 60)}".`, 'List products with `omni products list`, or add it with `omni products add`.');
  }
  if (cachedStatement(db, 'SELECT 1 FROM locations WHERE code = ?').get(location) === undefined) {
    const known = db.select({ code: locations.code }).from(locations).all().map((l) => l.code).join(', ');
    throw usageError(`Unknown location "${capText(location, 60)}".`, `Known locations: ${known || '(none)'}. Locations are defined under \`locations:\` in config.yaml.`);
  }
}

/**
 * applyCount for many rows inside the caller's transaction (a stock import of a whole catalog):
 * the same movement and level through prepared statements instead of a nested transaction and
 * five built queries per row. The caller has checked the skus and locations.
 */
export function countWriter(db: Db) {
  const c = db.$client;
  const pg = pgClient(db);
  // What a count decides by, in one read (on PostgreSQL each read is a round trip): the level now,
  // whether its key was booked, and, as of the count's time, the newest later count and the sum of
  // the movements since (the same as-of rules as applyCount: later movements kept, an older count
  // changes nothing).
  const facts = c.prepare(`SELECT (SELECT on_hand FROM stock_levels WHERE sku = @sku AND location = @location),
    (SELECT 1 FROM stock_movements WHERE idempotency_key = @key),
    (SELECT max(coalesce(occurred_at, created_at)) FROM stock_movements
      WHERE sku = @sku AND location = @location AND kind = 'count' AND coalesce(occurred_at, created_at) > @asOf),
    (SELECT coalesce(sum(delta), 0) FROM stock_movements WHERE sku = @sku AND location = @location AND coalesce(occurred_at, created_at) > @asOf)`).raw();
  const move = c.prepare(`INSERT INTO stock_movements (sku, location, delta, kind, idempotency_key, reason, ref, occurred_at) VALUES (?, ?, ?, 'count', ?, ?, ?, ?)
    ON CONFLICT (idempotency_key) DO NOTHING`);
  const add = c.prepare(`INSERT INTO stock_levels (sku, location, on_hand) VALUES (?, ?, ?)
    ON CONFLICT (sku, location) DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') RETURNING on_hand`).pluck();
  /** One count (`apply`), its as-of, reason and ref given apart so a chunk's rows need no copy. */
  const one = (k: ChunkCount, asOfGiven: string | undefined, reason: string | undefined, ref: string | undefined): CountResult & { before: number } => {
    if (!c.inTransaction) throw new Error('countWriter needs the caller\'s transaction');
    if (!Number.isInteger(k.counted) || k.counted < 0 || !isSaneQuantity(k.counted)) {
      throw usageError(`A count must be a whole number from 0 to ${MAX_QUANTITY}; got ${k.counted} for ${k.sku}.`);
    }
    const asOf = pastInstant(asOfGiven);
    // Without an as-of the two as-of reads compare with NULL: no row, and a sum of 0.
    const [level, known, later, since] = facts.get({ sku: k.sku, location: k.location, key: k.idempotencyKey, asOf: asOf ?? null }) as [number | null, number | null, string | null, number];
    const before = level ?? 0;
    if (known) return { applied: false, onHand: before, before };
    if (later) return { applied: false, onHand: before, before, supersededBy: later };
    const moved = asOf ? since : 0;
    const delta = k.counted + moved - before;
    move.run(k.sku, k.location, delta, k.idempotencyKey, reason === undefined ? null : cleanText(reason), ref === undefined ? null : cleanText(ref), asOf ?? null);
    return { applied: true, onHand: add.get(k.sku, k.location, delta) as number, before };
  };
  return {
    apply(k: Omit<MovementInput, 'delta' | 'kind' | 'occurredAt'> & { counted: number; asOf?: string | undefined }): CountResult & { before: number } {
      return one(k, k.asOf, k.reason, k.ref);
    },
    /**
     * `apply` for a chunk of counts sharing their as-of and reason, each (sku, location) once;
     * their results in order. On SQLite row by row; on PostgreSQL one read and one write for the
     * chunk (pg/import-batch.ts): the rows decide by the same facts, which no other row of the
     * chunk changes (each is at its own sku and location, and its movement is not later than its as-of).
     */
    applyChunk(rows: readonly ChunkCount[], shared: { asOf?: string | undefined; reason?: string | undefined }): (CountResult & { before: number })[] {
      if (!pg) {
        // A plain loop, no object per row: a copy of each row (spread) kept more garbage alive
        // between collections (peak RSS of a 100k-row import +40 MB).
        const out: (CountResult & { before: number })[] = new Array(rows.length);
        for (let i = 0; i < rows.length; i++) out[i] = one(rows[i]!, shared.asOf, shared.reason, undefined);
        return out;
      }
      if (!c.inTransaction) throw new Error('countWriter needs the caller\'s transaction');
      const pairs = new Set<string>();
      for (const k of rows) {
        if (!Number.isInteger(k.counted) || k.counted < 0 || !isSaneQuantity(k.counted)) {
          throw usageError(`A count must be a whole number from 0 to ${MAX_QUANTITY}; got ${k.counted} for ${k.sku}.`);
        }
        const pair = `${k.sku}\u0000${k.location}`;
        if (pairs.has(pair)) throw new Error(`countWriter.applyChunk: ${k.sku} at ${k.location} twice in one chunk`);
        pairs.add(pair);
      }
      // Clamped to now once for the chunk (per row before: the same unless the as-of is in the
      // future, which `stock import --as-of` refuses).
      const asOf = pastInstant(shared.asOf) ?? null;
      const facts = pgCountFacts(pg, rows, asOf);
      const out: (CountResult & { before: number })[] = new Array(rows.length);
      const book: { sku: string; location: string; delta: number; idempotencyKey: string }[] = [];
      for (let i = 0; i < rows.length; i++) {
        const k = rows[i]!;
        const [level, known, later, since] = facts[i]!;
        const before = level ?? 0;
        if (known) { out[i] = { applied: false, onHand: before, before }; continue; }
        if (later) { out[i] = { applied: false, onHand: before, before, supersededBy: later }; continue; }
        const delta = k.counted + (asOf ? since : 0) - before;
        book.push({ sku: k.sku, location: k.location, delta, idempotencyKey: k.idempotencyKey });
        // What the level's upsert returns one row at a time: nothing else in the chunk moves it.
        out[i] = { applied: true, onHand: before + delta, before };
      }
      pgBookCounts(pg, book, shared.reason === undefined ? null : cleanText(shared.reason), null, asOf);
      return out;
    },
  };
}

/** A count of countWriter.applyChunk. */
export interface ChunkCount { sku: string; location: string; counted: number; idempotencyKey: string }
