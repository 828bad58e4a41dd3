// The PostgreSQL master, derived from the one schema in schema.ts: the same tables, columns, keys
// and indexes, so there is one definition to review. Only drizzle-kit reads this (to write
// migrations-pg/); queries keep using schema.ts, whose SQL pg/translate.ts carries across.
// Types: SQLite INTEGER (booleans included, stored 0/1 as in SQLite) → bigint, TEXT → text,
// an autoincrement key → bigserial. test/db/schema-parity.test.ts checks the two stay equivalent.
import { getTableConfig, SQLiteTable as SQLiteTableClass, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  pgTable, bigint, bigserial, text, primaryKey, unique, index, uniqueIndex, foreignKey,
  customType, type PgColumnBuilderBase, type PgTableWithColumns, type PgColumn,
} from 'drizzle-orm/pg-core';
import { is, sql, SQL } from 'drizzle-orm';
import * as sqlite from './schema.js';

type AnyPgTable = PgTableWithColumns<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function pgType(c: SQLiteColumn): 'text' | 'bigint' | 'bigserial' {
  if (c.columnType === 'SQLiteText') return 'text';
  if (c.columnType === 'SQLiteInteger' && (c as unknown as { autoIncrement?: boolean }).autoIncrement) return 'bigserial';
  if (c.columnType === 'SQLiteInteger' || c.columnType === 'SQLiteBoolean' || c.columnType === 'SQLiteTimestamp') return 'bigint';
  throw new Error(`schema-pg: no PostgreSQL type for ${c.name} (${c.columnType})`);
}

function column(c: SQLiteColumn): PgColumnBuilderBase {
  const kind = pgType(c);
  let b: any = kind === 'text' ? text(c.name) : kind === 'bigserial' ? bigserial(c.name, { mode: 'number' }) : bigint(c.name, { mode: 'number' }); // eslint-disable-line @typescript-eslint/no-explicit-any
  if (c.primary) b = b.primaryKey();
  if (c.notNull && !c.primary) b = b.notNull();
  if (c.hasDefault && c.default !== undefined) {
    const d = c.default;
    b = b.default(is(d, SQL) ? d : typeof d === 'boolean' ? Number(d) : d);
  }
  if (c.isUnique) b = b.unique(c.uniqueName);
  return b as PgColumnBuilderBase;
}

const sqliteTables = (Object.values(sqlite) as unknown[]).filter((v): v is SQLiteTable => is(v, SQLiteTableClass));

const byName = new Map<string, AnyPgTable>();

/**
 * Tables whose rows src/db addresses by SQLite's implicit rowid (the imports' row marks, updates by
 * rowid, "inserted after the import began"): on PostgreSQL an explicit `rowid` column, numbered by
 * its own sequence, with a unique index, so the same SQL reads and writes it on both engines.
 */
export const ROWID_TABLES: readonly string[] = ['products', 'supplier_items'];

/**
 * Tables whose rows remember the transaction that wrote them (`tx`, PostgreSQL's xid8, set by the
 * server), with an index: omni watch reads the ledger as a queue by id, and on PostgreSQL several
 * runners write it at once, so a movement can commit after one with a higher id was already read.
 * A snapshot's xmin tells which transactions it could not see (db/watch-queue.ts).
 */
export const TX_TABLES: readonly string[] = ['stock_movements', 'plan_touches'];

/** PostgreSQL's 64-bit transaction id (drizzle has no builder for it). */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

function build(t: SQLiteTable): AnyPgTable {
  const cfg = getTableConfig(t);
  const cols: Record<string, PgColumnBuilderBase> = {};
  for (const c of cfg.columns) cols[c.name] = column(c);
  const rowid = ROWID_TABLES.includes(cfg.name);
  if (rowid) cols.rowid = bigserial('rowid', { mode: 'number' }).notNull();
  const tx = TX_TABLES.includes(cfg.name);
  if (tx) cols.tx = xid8('tx').notNull().default(sql`pg_current_xact_id()`);
  return pgTable(cfg.name, cols, (p: Record<string, PgColumn>) => {
    const col = (c: { name: string }) => p[c.name]!;
    const extras: unknown[] = [];
    if (rowid) extras.push(uniqueIndex(`${cfg.name}_rowid`).on(p.rowid!));
    if (tx) extras.push(index(`${cfg.name}_tx`).on(p.tx!));
    for (const pk of cfg.primaryKeys) extras.push(primaryKey({ name: pk.getName(), columns: pk.columns.map(col) as [PgColumn, ...PgColumn[]] }));
    for (const u of cfg.uniqueConstraints) extras.push(unique(u.name).on(...(u.columns.map(col) as [PgColumn, ...PgColumn[]])));
    for (const i of cfg.indexes) {
      const make = i.config.unique ? uniqueIndex : index;
      extras.push(make(i.config.name).on(...(i.config.columns.map((c) => col(c as SQLiteColumn)) as [PgColumn, ...PgColumn[]])));
    }
    for (const fk of cfg.foreignKeys) {
      const ref = fk.reference();
      const target = () => byName.get(getTableConfig(ref.foreignTable).name)!;
      extras.push(foreignKey({
        name: fk.getName(),
        columns: ref.columns.map(col) as [PgColumn, ...PgColumn[]],
        foreignColumns: ref.foreignColumns.map((c) => target()[c.name]) as [PgColumn, ...PgColumn[]],
      }).onDelete((fk.onDelete ?? 'no action') as 'no action').onUpdate((fk.onUpdate ?? 'no action') as 'no action'));
    }
    return extras as never;
  }) as AnyPgTable;
}

for (const t of sqliteTables) byName.set(getTableConfig(t).name, build(t));

/** Every PostgreSQL table by its SQL name. */
export const pgTables: ReadonlyMap<string, AnyPgTable> = byName;
export const sqliteTableList: readonly SQLiteTable[] = sqliteTables;

// drizzle-kit reads a module's exports: one named export per table.
export const products = byName.get('products')!;
export const bundleComponents = byName.get('bundle_components')!;
export const locations = byName.get('locations')!;
export const stockMovements = byName.get('stock_movements')!;
export const stockLevels = byName.get('stock_levels')!;
export const channelListings = byName.get('channel_listings')!;
export const listingMap = byName.get('listing_map')!;
export const skuAliases = byName.get('sku_aliases')!;
export const customers = byName.get('customers')!;
export const customerMerges = byName.get('customer_merges')!;
export const customerIdentities = byName.get('customer_identities')!;
export const orders = byName.get('orders')!;
export const orderLines = byName.get('order_lines')!;
export const orderLineComponents = byName.get('order_line_components')!;
export const returns = byName.get('returns')!;
export const suppliers = byName.get('suppliers')!;
export const supplierItems = byName.get('supplier_items')!;
export const purchaseOrders = byName.get('purchase_orders')!;
export const purchaseOrderLines = byName.get('purchase_order_lines')!;
export const receipts = byName.get('receipts')!;
export const syncRuns = byName.get('sync_runs')!;
export const syncChanges = byName.get('sync_changes')!;
export const cursors = byName.get('cursors')!;
export const watchEvents = byName.get('watch_events')!;
export const runProductChanges = byName.get('run_product_changes')!;
export const feedImports = byName.get('feed_imports')!;
export const alertConditions = byName.get('alert_conditions')!;
export const planTouches = byName.get('plan_touches')!;
