// Copying a master between engines (or files): every table in foreign-key order, in one
// transaction on the target, rows streamed in batches; then the row counts and the ledger are
// checked on the target before the command says it worked.
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { is } from 'drizzle-orm';
import * as schema from './schema.js';
import { pgClient, type Db } from './open.js';
import { ledgerMismatches, ledgerSums } from './stock.js';
import { clearPlanMarks } from './plan-marks.js';

export interface TableCopy { table: string; rows: number }

interface TableInfo { name: string; columns: string[]; serial?: string; after: string[] }

/**
 * Tables a copy leaves out: plan_touches is filled by triggers as the other tables are copied in
 * (the copy's plans start from a full read: its plan marks are cleared, plan-marks.ts).
 */
const DERIVED = new Set(['plan_touches']);

/** omni's tables, each after the tables its foreign keys point to (not the DERIVED ones). */
export function tablesInCopyOrder(): TableInfo[] {
  const infos = new Map<string, TableInfo>();
  for (const t of Object.values(schema) as unknown[]) {
    if (!is(t, SQLiteTable)) continue;
    const cfg = getTableConfig(t);
    if (DERIVED.has(cfg.name)) continue;
    const serial = cfg.columns.find((c) => (c as unknown as { autoIncrement?: boolean }).autoIncrement)?.name;
    infos.set(cfg.name, {
      name: cfg.name,
      columns: cfg.columns.map((c) => c.name),
      ...(serial ? { serial } : {}),
      after: cfg.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name).filter((n) => n !== cfg.name),
    });
  }
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const dep of infos.get(name)!.after) visit(dep);
    ordered.push(infos.get(name)!);
  };
  for (const name of [...infos.keys()].sort()) visit(name);
  return ordered;
}

export function rowCounts(db: Db): TableCopy[] {
  return tablesInCopyOrder().map((t) => ({ table: t.name, rows: Number(db.$client.prepare(`SELECT count(*) FROM "${t.name}"`).pluck().get()) }));
}

/** Tables of `db` that hold rows: a copy goes only into an empty master. */
export function nonEmptyTables(db: Db): string[] {
  return rowCounts(db).filter((c) => c.rows > 0).map((c) => c.table);
}

/** Parameters per INSERT: under SQLite's 32,766 and PostgreSQL's 65,535. */
const PARAMS_PER_STATEMENT = 30_000;

export function copyTables(from: Db, to: Db, onTable?: (t: TableCopy) => void): TableCopy[] {
  const copied: TableCopy[] = [];
  to.$client.transaction(() => {
    for (const t of tablesInCopyOrder()) {
      const cols = t.columns.map((c) => `"${c}"`).join(', ');
      const perBatch = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / t.columns.length));
      const rowSql = `(${t.columns.map(() => '?').join(', ')})`;
      const order = t.serial ? ` ORDER BY "${t.serial}"` : '';
      const source = from.$client.prepare(`SELECT ${cols} FROM "${t.name}"${order}`).raw();
      let batch: unknown[][] = [];
      let rows = 0;
      const flush = () => {
        if (batch.length === 0) return;
        to.$client.prepare(`INSERT INTO "${t.name}" (${cols}) VALUES ${batch.map(() => rowSql).join(', ')}`).run(...batch.flat());
        rows += batch.length;
        batch = [];
      };
      for (const row of source.iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length >= perBatch) flush();
      }
      flush();
      // Explicit ids were copied: PostgreSQL's sequence must continue after the highest.
      const pg = pgClient(to);
      if (pg && t.serial) {
        pg.native(`SELECT setval(pg_get_serial_sequence('"${t.name}"', '${t.serial}'), coalesce(max("${t.serial}"), 1), max("${t.serial}") IS NOT NULL) FROM "${t.name}"`);
      }
      const c = { table: t.name, rows };
      copied.push(c);
      onTable?.(c);
    }
    // The touches the copy's own inserts left, and the source's marks (its ids and snapshots mean
    // nothing here): the copy's first plan of each channel reads everything.
    to.$client.prepare('DELETE FROM plan_touches').run();
    clearPlanMarks(to);
  })();
  return copied;
}

export interface CopyCheck {
  /** Tables whose row count differs between source and target (empty when the copy is whole). */
  countMismatches: { table: string; source: number; target: number }[];
  /** On-hand figures on the target that differ from its ledger. */
  ledgerMismatches: number;
  /** (sku, location) ledger sums that differ between source and target. */
  ledgerDifferences: number;
}

export function verifyCopy(from: Db, to: Db): CopyCheck {
  const a = rowCounts(from);
  const b = new Map(rowCounts(to).map((c) => [c.table, c.rows]));
  const sums = (db: Db) => new Map(ledgerSums(db).map((l) => [`${l.sku}\u0000${l.location}`, l.onHand]));
  const sa = sums(from);
  const sb = sums(to);
  let ledgerDifferences = 0;
  for (const k of new Set([...sa.keys(), ...sb.keys()])) if (sa.get(k) !== sb.get(k)) ledgerDifferences++;
  return {
    countMismatches: a.filter((c) => b.get(c.table) !== c.rows).map((c) => ({ table: c.table, source: c.rows, target: b.get(c.table) ?? 0 })),
    ledgerMismatches: ledgerMismatches(to).length,
    ledgerDifferences,
  };
}
