// PostgreSQL's statements for the products and stock imports, a chunk of rows at a time. Every
// statement is a synchronous round trip through the bridge, so the row-by-row way (a read and one
// or two writes per row) left a 1M-row stocktake waiting half an hour on the network; here a
// chunk's reads are one query (= ANY / unnest) and its writes a statement or two. The SQL does
// what src/db/products.ts' and ledger.ts' row statements do, row for row (see those for why).
import type { PgDatabase } from './client.js';
import type { ProductImage } from '../run-ledger.js';

// The time the schema's default would write (strftime(…, 'now') is the statement's time), worked
// out once per statement (an uncorrelated subquery is an InitPlan): the PL/pgSQL strftime() run
// per row cost the supplier import more than its rows' own load (supplier-batch.ts).
const NOW = "(SELECT strftime('%Y-%m-%dT%H:%M:%fZ','now'))";

/** COLS of productUpserter, in its order. */
const PRODUCT_COLS = 'sku, title, description, brand, barcode, price_minor, cost_minor, currency, attributes, content_hash, reorder_point, reorder_qty';

/** Each sku's product as productUpserter reads it (rowid, COLS, archived, created_at, updated_at), by sku. */
export function pgReadProducts(pg: PgDatabase, skus: readonly string[]): Map<string, unknown[]> {
  const found = new Map<string, unknown[]>();
  if (skus.length === 0) return found;
  const a = pg.native(`SELECT rowid, ${PRODUCT_COLS}, archived, created_at, updated_at FROM products WHERE sku = ANY($1::text[])`, [skus]);
  for (const r of a.rows ?? []) found.set(r[1] as string, r);
  return found;
}

/** A product row to write: the 12 values of COLS in order. */
export type ProductValues = readonly unknown[];

const COL_TYPES = ['text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'text', 'text', 'text', 'bigint', 'bigint'];

/** The columns of `rows` as the arrays unnest() takes. */
function columns(rows: readonly ProductValues[], width: number): unknown[][] {
  const cols: unknown[][] = Array.from({ length: width }, () => new Array(rows.length));
  for (let r = 0; r < rows.length; r++) for (let c = 0; c < width; c++) cols[c]![r] = rows[r]![c] ?? null;
  return cols;
}

/**
 * New products, in the order given (their rowids follow it, as one INSERT per row gave them);
 * their rowids by sku.
 */
export function pgInsertProducts(pg: PgDatabase, rows: readonly ProductValues[]): Map<string, number> {
  const ids = new Map<string, number>();
  if (rows.length === 0) return ids;
  const unnest = COL_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
  const a = pg.native(`INSERT INTO products (${PRODUCT_COLS}, created_at, updated_at)
    SELECT ${PRODUCT_COLS}, ${NOW}, ${NOW} FROM unnest(${unnest}) WITH ORDINALITY AS n(${PRODUCT_COLS}, ord)
    ORDER BY n.ord RETURNING sku, rowid`, columns(rows, 12));
  for (const r of a.rows ?? []) ids.set(r[0] as string, r[1] as number);
  return ids;
}

/** Changed products by rowid: the 11 values of COLS after sku, then the rowid. */
export function pgUpdateProducts(pg: PgDatabase, rows: readonly ProductValues[], now: string): void {
  if (rows.length === 0) return;
  const names = PRODUCT_COLS.split(', ').slice(1);
  const unnest = [...COL_TYPES.slice(1), 'bigint'].map((t, i) => `$${i + 1}::${t}[]`).join(', ');
  pg.native(`UPDATE products p SET ${names.map((c) => `${c} = n.${c}`).join(', ')}, updated_at = $13
    FROM unnest(${unnest}) AS n(${names.join(', ')}, rowid) WHERE p.rowid = n.rowid`, [...columns(rows, 12), now]);
}

/** productBeforeRecorder's rows for many products (the first image of each sku in a run stays). */
export function pgKeepBefore(pg: PgDatabase, runId: number, changes: readonly { sku: string; before: ProductImage | null }[]): void {
  if (changes.length === 0) return;
  pg.native(`INSERT INTO run_product_changes (run_id, sku, before) SELECT $1, sku, before FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS n(sku, before, ord)
    ORDER BY n.ord ON CONFLICT DO NOTHING`, [runId, changes.map((c) => c.sku), changes.map((c) => (c.before ? JSON.stringify(c.before) : null))]);
}

/** Each sku's product rowid and whether it is a bundle, by sku (the stock import's check of its rows). */
export function pgProductFlags(pg: PgDatabase, skus: readonly string[]): Map<string, [number, number]> {
  const found = new Map<string, [number, number]>();
  if (skus.length === 0) return found;
  const a = pg.native(`SELECT p.sku, p.rowid, EXISTS (SELECT 1 FROM bundle_components b WHERE b.bundle_sku = p.sku)
    FROM products p WHERE p.sku = ANY($1::text[])`, [skus]);
  for (const r of a.rows ?? []) found.set(r[0] as string, [r[1] as number, r[2] as number]);
  return found;
}

/** What countWriter decides a count by, for each row in order: [level, key booked, newest later count, moved since]. */
export function pgCountFacts(pg: PgDatabase, rows: readonly { sku: string; location: string; idempotencyKey: string }[], asOf: string | null): [number | null, number | null, string | null, number][] {
  if (rows.length === 0) return [];
  // Without an as-of the comparisons are with NULL: no later count and a sum of 0, as countWriter's.
  const a = pg.native(`SELECT n.ord, l.on_hand, (SELECT 1 FROM stock_movements k WHERE k.idempotency_key = n.key),
      s.later, s.since
    FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS n(sku, location, key, ord)
    LEFT JOIN stock_levels l ON l.sku = n.sku AND l.location = n.location
    CROSS JOIN LATERAL (SELECT max(coalesce(m.occurred_at, m.created_at)) FILTER (WHERE m.kind = 'count') AS later, coalesce(sum(m.delta), 0)::bigint AS since
      FROM stock_movements m WHERE m.sku = n.sku AND m.location = n.location AND coalesce(m.occurred_at, m.created_at) > $4) s
    ORDER BY n.ord`, [rows.map((r) => r.sku), rows.map((r) => r.location), rows.map((r) => r.idempotencyKey), asOf]);
  return (a.rows ?? []).map((r) => [r[1] as number | null, r[2] as number | null, r[3] as string | null, r[4] as number]);
}

/**
 * Count movements (in the order given: their ids follow it) and the levels they change, in one
 * statement. Each (sku, location) at most once: one INSERT … ON CONFLICT may not change a row twice.
 * Only the movements actually booked move a level (a key already booked moves nothing), so
 * on-hand equals the ledger whatever the caller checked before.
 */
export function pgBookCounts(pg: PgDatabase, rows: readonly { sku: string; location: string; delta: number; idempotencyKey: string }[], reason: string | null, ref: string | null, asOf: string | null): void {
  if (rows.length === 0) return;
  pg.native(`WITH n AS (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS n(sku, location, delta, key, ord)),
    m AS (INSERT INTO stock_movements (sku, location, delta, kind, idempotency_key, reason, ref, occurred_at, created_at)
      SELECT n.sku, n.location, n.delta, 'count', n.key, $5, $6, $7, ${NOW} FROM n ORDER BY n.ord ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING sku, location, delta)
    INSERT INTO stock_levels (sku, location, on_hand, updated_at) SELECT m.sku, m.location, m.delta, ${NOW} FROM m
      ON CONFLICT (sku, location) DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand, updated_at = excluded.updated_at`,
  [rows.map((r) => r.sku), rows.map((r) => r.location), rows.map((r) => r.delta), rows.map((r) => r.idempotencyKey), reason, ref, asOf]);
}
