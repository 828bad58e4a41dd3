// A table read as a queue by its increasing id (the ledger for omni watch, plan_touches for the
// incremental plan): a mark says where it stood when one transaction read it, and "after the mark"
// is every row that transaction could not see. On SQLite one writer at a time: a row not yet
// committed always has a higher id, so the id is enough. On PostgreSQL several runners write at
// once and ids are handed out before commit (a row can commit after one with a higher id was
// read), so a mark also keeps its snapshot and each row its transaction (`tx`, schema-pg.ts
// TX_TABLES): after it are the later ids and every row of a transaction the snapshot could not see,
// except the marking transaction's own rows up to the mark. Those it saw, yet its snapshot (taken
// at its first statement, before it wrote) cannot see its own id, so the mark keeps that id too.
import { pgClient, type Db } from './open.js';

/** Where a queue stands as one transaction sees it. */
export interface QueueMark {
  /** The newest id seen (0 for an empty table). */
  id: number;
  /** PostgreSQL: the snapshot it was seen in (pg_snapshot's text); undefined on SQLite. */
  snapshot?: string | undefined;
  /** PostgreSQL: the marking transaction's own id, when it had written before the mark (xid8's text). */
  tx?: string | undefined;
}

export type QueueTable = 'stock_movements' | 'plan_touches';

/** Where `table` stands now: one statement, so the id and the snapshot agree. Cheap: the key's last entry. */
export function markOf(db: Db, table: QueueTable): QueueMark {
  const pg = pgClient(db);
  if (!pg) return { id: db.$client.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number };
  const [id, snapshot, tx] = pg.native(`SELECT coalesce(max(id), 0), CAST(pg_current_snapshot() AS text),
    CAST(pg_current_xact_id_if_assigned() AS text) FROM ${table}`).rows![0]! as [number | string, string, string | null];
  return { id: Number(id), snapshot, ...(tx !== null ? { tx } : {}) };
}

/**
 * The rows after `from` (and, on SQLite, up to `upTo`) as a WHERE clause with `$n` parameters.
 * PostgreSQL: also those of transactions `from`'s snapshot could not see (the index on tx finds
 * them from the snapshot's oldest running transaction on), but for the marking transaction's own.
 */
export function afterMark(db: Db, from: QueueMark, upTo?: QueueMark): { where: string; params: unknown[] } {
  if (pgClient(db) && from.snapshot) {
    const unseen = 'tx >= pg_snapshot_xmin(CAST($2 AS pg_snapshot)) AND NOT pg_visible_in_snapshot(tx, CAST($2 AS pg_snapshot))';
    return from.tx === undefined
      ? { where: `(id > $1 OR (${unseen}))`, params: [from.id, from.snapshot] }
      : { where: `(id > $1 OR (${unseen} AND tx <> CAST($3 AS xid8)))`, params: [from.id, from.snapshot, from.tx] };
  }
  return upTo ? { where: 'id > $1 AND id <= $2', params: [from.id, upTo.id] } : { where: 'id > $1', params: [from.id] };
}

/** Runs `sql` (with `$n` parameters, each used in order on SQLite) on either engine. */
export function rowsOf(db: Db, sql: string, params: unknown[]): unknown[][] {
  const pg = pgClient(db);
  if (pg) return (pg.native(sql, params).rows ?? []) as unknown[][];
  return db.$client.prepare(sql.replace(/\$\d+/g, '?')).raw().all(...params) as unknown[][];
}
