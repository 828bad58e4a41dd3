// Supplier items in the master, for the import: prepared statements on the raw better-sqlite3
// handle (a feed can have a million rows; drizzle's per-call query building would dominate).
// All of the import's SQL is here.
import { pgClient, type Db } from './open.js';
import type { PgDatabase } from './pg/client.js';
import { PgSupplierWrites } from './pg/supplier-batch.js';
import { ItemPages } from './item-pages.js';

export interface ItemWrite {
  supplierSku: string;
  sku: string | null;
  barcode: string | null;
  title: string | null;
  costMinor: number | null;
  currency: string;
  stock: number | null;
  packSize: number;
  minOrder: number;
  leadTimeDays: number | null;
  rowHash: string;
}

export interface SupplierRecord {
  code: string;
  name: string;
  currency: string;
  leadTimeDays: number | null;
  dropshipLocation: string | null;
}

export type SupplierItemStatements = ReturnType<typeof supplierItemStatements>;

/** Rows per multi-row INSERT: one call into SQLite per batch instead of per row. */
export const INSERT_BATCH = 64;
/**
 * Rows per batch on PostgreSQL, where each statement is a round trip to the server: a full batch
 * is one COPY sent without waiting (pg/supplier-batch.ts), a partial one an INSERT of one array per
 * column (unnest). 2,048, not 4,096: one batch is read while the one before is written, and two
 * batches of 4,096 rows held at once grew a 1M-row import's heap by 50 MB for no measurable speed.
 */
export const PG_INSERT_BATCH = 2048;

/** The rows per batch insert on `db`'s engine (supplierItemStatements' and newProductStatements' insertBatch); tests lower PostgreSQL's. */
export function insertBatchSize(db: Db, pgRows = PG_INSERT_BATCH): number {
  return pgClient(db) ? pgRows : INSERT_BATCH;
}
const ITEM_COLUMNS = 'supplier, supplier_sku, sku, barcode, title, cost_minor, currency, stock, pack_size, min_order, lead_time_days, row_hash, last_seen_at, rowid';
// An existing item as the import reads it: one string "supplier_sku␟rowid␟row_hash" (␟ = U+001F).
// One string per item rather than a row of three values makes walking a million items about
// twice as fast; ItemWalk reads the parts back without slicing.
const itemString = (us: string) => `supplier_sku || ${us} || rowid || ${us} || coalesce(row_hash, '')`;
/** Items per page when walking a supplier's items in supplier-sku order. */
const PAGE = 2048;

export function supplierItemStatements(db: Db, supplier: string, now: string) {
  const c = db.$client;
  const pg = pgClient(db);
  const ITEM = itemString(pg ? 'chr(31)' : 'char(31)');
  const SELECT_ITEM = `SELECT ${ITEM} FROM supplier_items`;
  const source = `supplier:${supplier}`;
  const find = c.prepare(`${SELECT_ITEM} WHERE supplier = ? AND supplier_sku = ?`).pluck();
  const page = c.prepare(`${SELECT_ITEM} WHERE supplier = ? AND supplier_sku > ? ORDER BY supplier_sku LIMIT ${PAGE}`).pluck();
  const firstPage = c.prepare(`${SELECT_ITEM} WHERE supplier = ? ORDER BY supplier_sku LIMIT ${PAGE}`).pluck();
  // Explicit rowids (the import holds the write lock, so max(rowid)+1 onwards is free): a batch
  // knows its rows' rowids without asking SQLite row by row.
  const row = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  // PostgreSQL: a refused statement spoils the whole transaction, so a single row skips a
  // duplicate (reported as one below) and a batch runs inside a savepoint.
  const insertOne = c.prepare(`INSERT INTO supplier_items (${ITEM_COLUMNS}) VALUES ${row}${pg ? ' ON CONFLICT (supplier, supplier_sku) DO NOTHING' : ''}`);
  // A batch binds the supplier and the time once (@s, @n), not once per row: each string bound
  // is converted and copied, and these two were 2 of a row's 8 strings (−10% CPU of the insert).
  const manyRow = `(@s, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, @n, ?)`;
  const insertMany = pg ? undefined : c.prepare(`INSERT INTO supplier_items (${ITEM_COLUMNS}) VALUES ${Array(INSERT_BATCH).fill(manyRow).join(', ')}`);
  const shared = { s: supplier, n: now };
  const PER_MANY = 12;
  const args: unknown[] = new Array(INSERT_BATCH * PER_MANY);
  const fillMany = (o: number, w: ItemWrite, rowid: number) => {
    args[o] = w.supplierSku; args[o + 1] = w.sku; args[o + 2] = w.barcode; args[o + 3] = w.title; args[o + 4] = w.costMinor; args[o + 5] = w.currency;
    args[o + 6] = w.stock; args[o + 7] = w.packSize; args[o + 8] = w.minOrder; args[o + 9] = w.leadTimeDays; args[o + 10] = w.rowHash; args[o + 11] = rowid;
  };
  const PER_ROW = 14;
  const fill = (to: unknown[], o: number, w: ItemWrite, rowid: number) => {
    to[o] = supplier; to[o + 1] = w.supplierSku; to[o + 2] = w.sku; to[o + 3] = w.barcode; to[o + 4] = w.title; to[o + 5] = w.costMinor;
    to[o + 6] = w.currency; to[o + 7] = w.stock; to[o + 8] = w.packSize; to[o + 9] = w.minOrder; to[o + 10] = w.leadTimeDays; to[o + 11] = w.rowHash; to[o + 12] = now; to[o + 13] = rowid;
  };
  const one: unknown[] = new Array(PER_ROW);
  // A changed row whose sku stays (a new cost or stock: nearly every change) is updated without
  // naming the sku: SQLite rewrites an index entry for every indexed column a SET names, changed or
  // not, and supplier_items_sku's pages were a third of the pages a 1%-changed re-import wrote.
  const setRest = `barcode = ?, title = ?, cost_minor = ?, currency = ?, stock = ?, pack_size = ?, min_order = ?, lead_time_days = ?, row_hash = ?, last_seen_at = ?`;
  const update = c.prepare(`UPDATE supplier_items SET sku = ?, ${setRest} WHERE rowid = ?`);
  const updateKeepingSku = c.prepare(`UPDATE supplier_items SET ${setRest} WHERE rowid = ?`);
  const alias = c.prepare(`SELECT sku FROM sku_aliases WHERE source = ? AND alias = ?`).pluck();
  const product = c.prepare(`SELECT 1 FROM products WHERE sku = ?`).pluck();
  const byBarcode = c.prepare(`SELECT sku FROM products WHERE barcode = ? ORDER BY sku LIMIT 1`).pluck();
  const level = c.prepare(`SELECT on_hand FROM stock_levels WHERE sku = ? AND location = ?`).pluck();
  const byRowid = c.prepare(`SELECT supplier_sku, sku, title FROM supplier_items WHERE rowid = ?`).raw();
  const before = c.prepare(`SELECT cost_minor, stock, sku FROM supplier_items WHERE rowid = ?`).raw();
  // PostgreSQL: a query per row is a round trip (~0.5 ms: 1M rows took minutes), so the source's
  // aliases are walked a page at a time in alias order alongside the feed.
  const aliases = pg ? new AliasWalk(
    (after) => (after === undefined
      ? c.prepare(`SELECT alias, sku FROM sku_aliases WHERE source = ? ORDER BY alias LIMIT ${PAGE}`).raw().all(source)
      : c.prepare(`SELECT alias, sku FROM sku_aliases WHERE source = ? AND alias > ? ORDER BY alias LIMIT ${PAGE}`).raw().all(source, after)) as [string, string][],
    (key) => alias.get(source, key) as string | undefined,
    pg.native(`SELECT datcollate IN ('C', 'POSIX', 'C.UTF-8', 'C.utf8') FROM pg_database WHERE datname = current_database()`).rows?.[0]?.[0] === 1,
  ) : undefined;
  const pgWrites = pg ? new PgSupplierWrites(pg, supplier, now, source) : undefined;
  const ownPage = (after: string | undefined): string[] =>
    (after === undefined ? firstPage.all(supplier) : page.all(supplier, after)) as string[];

  return {
    /** Whether insertBatch (and newProductStatements') take any number of rows, not just INSERT_BATCH. */
    anyCount: pg !== undefined,
    /** PostgreSQL: batches sent without waiting, changes written in batches (pg/supplier-batch.ts); undefined on SQLite. */
    pgWrites,
    /** What lets the import skip lookups that cannot match (a fresh master). */
    counts(): { hasItems: boolean; aliases: boolean; products: boolean; barcodes: boolean; maxRowid: number } {
      return {
        hasItems: c.prepare(`SELECT 1 FROM supplier_items WHERE supplier = ? LIMIT 1`).pluck().get(supplier) !== undefined,
        aliases: c.prepare(`SELECT 1 FROM sku_aliases WHERE source = ? LIMIT 1`).pluck().get(source) !== undefined,
        products: c.prepare(`SELECT 1 FROM products LIMIT 1`).pluck().get() !== undefined,
        barcodes: c.prepare(`SELECT 1 FROM products WHERE barcode IS NOT NULL LIMIT 1`).pluck().get() !== undefined,
        maxRowid: (c.prepare(`SELECT max(rowid) FROM supplier_items`).pluck().get() as number | null) ?? 0,
      };
    },
    /** The supplier's items in supplier-sku order, a page after `after` (from the first when undefined). */
    page: ownPage,
    /** How many of the supplier's items after `after` (all when undefined) have a rowid up to `maxRowid`. */
    countAfter(after: string | undefined, maxRowid: number): number {
      return (after === undefined
        ? c.prepare(`SELECT count(*) FROM supplier_items WHERE supplier = ? AND rowid <= ?`).pluck().get(supplier, maxRowid)
        : c.prepare(`SELECT count(*) FROM supplier_items WHERE supplier = ? AND supplier_sku > ? AND rowid <= ?`).pluck().get(supplier, after, maxRowid)) as number;
    },
    /**
     * The pages read by a worker thread with its own connection (db/item-pages.ts), inside the
     * import's transaction: on PostgreSQL, or on a SQLite file in WAL; undefined elsewhere.
     */
    pagesInWorker(): ItemPages | undefined {
      // A worker that cannot start (a second connection refused) leaves the pages to this connection.
      const o = { item: ITEM, pageSize: PAGE, fallback: ownPage };
      if (pg) return new ItemPages({ postgres: pg.connectionString() }, supplier, o);
      if (c.memory || c.pragma('journal_mode', { simple: true }) !== 'wal') return undefined;
      return new ItemPages({ sqlite: c.name }, supplier, o);
    },
    find(supplierSku: string): string | undefined {
      return find.get(supplier, supplierSku) as string | undefined;
    },
    insert(w: ItemWrite, rowid: number): void {
      fill(one, 0, w, rowid);
      if (insertOne.run(one).changes === 0) throw duplicateKey();
    },
    /**
     * The first `count` rows in one statement, all or none (a duplicate key fails the batch):
     * exactly INSERT_BATCH on SQLite, any number on PostgreSQL.
     */
    insertBatch(ws: readonly ItemWrite[], rowids: ArrayLike<number>, count = INSERT_BATCH): void {
      if (pg) { pgInsertItems(pg, supplier, now, ws, rowids, count); return; }
      for (let i = 0; i < INSERT_BATCH; i++) fillMany(i * PER_MANY, ws[i]!, rowids[i]!);
      insertMany!.run(shared, args);
    },
    /**
     * Before the commit. PostgreSQL: the rowids this import gave (max(rowid)+1 onwards, under the
     * import's lock) are ahead of the column's sequence; moved past them for later inserts.
     * `itemsBefore`: the supplier's items before the import (the walk counts them; a count(*) at
     * the start took 0.4 s of a 1M re-import on PostgreSQL).
     */
    finish(newItems: number, itemsBefore: number): void {
      if (!pg) return;
      pg.native(`SELECT setval(pg_get_serial_sequence('supplier_items', 'rowid'), max(rowid)) FROM supplier_items HAVING max(rowid) IS NOT NULL`);
      // Statistics for a table this import grew by a tenth or more (as autovacuum would, later):
      // without them the planner walks the next import's pages by sorting every item.
      if (newItems > 1000 && newItems * 10 > itemsBefore) pg.native('ANALYZE supplier_items');
    },
    /**
     * Updates a changed item; `then` gets its cost and stock as they were stored. SQLite: at once;
     * PostgreSQL: with its batch (by flushChanges() at the latest), in the order of the calls.
     */
    change(rowid: number, w: ItemWrite, then: (costMinor: number | null, stock: number | null) => void): void {
      if (pgWrites) { pgWrites.change(rowid, w, then); return; }
      const [cost, stock, sku] = before.get(rowid) as [number | null, number | null, string | null];
      const rest = [w.barcode, w.title, w.costMinor, w.currency, w.stock, w.packSize, w.minOrder, w.leadTimeDays, w.rowHash, now, rowid];
      if (sku === w.sku) updateKeepingSku.run(rest); else update.run(w.sku, rest);
      then(cost, stock);
    },
    /** Writes the changes still waiting for their batch (PostgreSQL). */
    flushChanges(): void { pgWrites?.flushChanges(); },
    aliasOf(supplierSku: string): string | undefined { return aliases ? aliases.lookup(supplierSku) : alias.get(source, supplierSku) as string | undefined; },
    productExists(sku: string): boolean { return product.get(sku) !== undefined; },
    productByBarcode(barcode: string): string | undefined { return byBarcode.get(barcode) as string | undefined; },
    onHand(sku: string, location: string): number { return (level.get(sku, location) as number | undefined) ?? 0; },
    /** Rowids of this supplier's items in supplier-sku order (the primary key's index alone), streamed. */
    rowids(): IterableIterator<number> {
      return c.prepare(`SELECT rowid FROM supplier_items WHERE supplier = ? ORDER BY supplier_sku`).pluck().iterate(supplier) as IterableIterator<number>;
    },
    item(rowid: number): { supplierSku: string; sku: string | null; title: string | null } {
      const r = byRowid.get(rowid) as [string, string | null, string | null];
      return { supplierSku: r[0], sku: r[1], title: r[2] };
    },
  };
}

// ITEM_COLUMNS' order: the supplier and last_seen_at once, every other column an array.
const PG_INSERT_ITEMS = `INSERT INTO supplier_items (${ITEM_COLUMNS})
  SELECT $1, a, b, c, d, e, f, g, h, i, j, k, $2, m FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
    $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::text[], $14::bigint[]) AS t(a, b, c, d, e, f, g, h, i, j, k, m)`;

/** PostgreSQL: the rows as one array per column, in one statement inside a savepoint (a duplicate undoes the batch only). */
function pgInsertItems(pg: PgDatabase, supplier: string, now: string, ws: readonly ItemWrite[], rowids: ArrayLike<number>, n: number): void {
  const cols: unknown[][] = Array.from({ length: 12 }, () => new Array(n));
  for (let r = 0; r < n; r++) {
    const w = ws[r]!;
    cols[0]![r] = w.supplierSku; cols[1]![r] = w.sku; cols[2]![r] = w.barcode; cols[3]![r] = w.title; cols[4]![r] = w.costMinor;
    cols[5]![r] = w.currency; cols[6]![r] = w.stock; cols[7]![r] = w.packSize; cols[8]![r] = w.minOrder; cols[9]![r] = w.leadTimeDays;
    cols[10]![r] = w.rowHash; cols[11]![r] = rowids[r];
  }
  pg.transaction(() => pg.native(PG_INSERT_ITEMS, [supplier, now, ...cols]))();
}

/**
 * Key → value lookups answered from pages read in key order (PostgreSQL's aliases): a feed sorted
 * like the pages finds each key where the walk stands; any other key is looked up on its own. When
 * the database sorts by code point (collation C) and the walk has passed the key, it is absent.
 */
export class AliasWalk {
  private keys: string[] = [];
  private values: string[] = [];
  private at = 0;
  private done = false;
  private last: string | undefined;

  constructor(
    private readonly page: (after: string | undefined) => [string, string][],
    private readonly find: (key: string) => string | undefined,
    private readonly codePointOrder: boolean,
  ) {}

  lookup(key: string): string | undefined {
    for (;;) {
      if (this.at >= this.keys.length) {
        if (this.done) break;
        const rows = this.page(this.last);
        if (rows.length === 0) { this.done = true; break; }
        this.keys = rows.map((r) => r[0]);
        this.values = rows.map((r) => r[1]);
        this.at = 0;
        this.last = this.keys[this.keys.length - 1];
        this.first ??= this.keys[0];
      }
      const k = this.keys[this.at]!;
      if (k === key) return this.values[this.at];
      if (k > key) break;
      this.at++;
    }
    // Passed: between the walk's previous key and this one (or past the end) it cannot be, in
    // code point order; JavaScript's order agrees below the surrogates.
    const passed = this.at > 0 ? this.keys[this.at - 1]! < key : this.first !== undefined && key < this.first && this.keys[0] === this.first;
    if (this.codePointOrder && passed && !/[\uD800-\uFFFF]/.test(key)) return undefined;
    return this.find(key);
  }

  private first: string | undefined;
}

/**
 * Finds the import's rows among the supplier's existing items. The items are walked in
 * supplier-sku order alongside the feed: a feed sorted like the master (the usual case) finds
 * each row's item where the walk stands, a page of items per query; any other row is looked up
 * by its key. Memory: one page. After a successful `lookup`, `rowid` is the item's and its stored
 * row hash is `text` from `hashAt` on.
 */
export class ItemWalk {
  rowid = -1;
  text = '';
  hashAt = 0;
  private page: string[] = [];
  private at = 0;
  private done = false;
  private last: string | undefined;
  /** Entries of the pages read so far with a rowid up to maxBefore (items there before the import). */
  private pagedBefore = 0;

  constructor(private readonly st: Pick<SupplierItemStatements, 'page' | 'find' | 'countAfter'>, private readonly maxBefore = Number.MAX_SAFE_INTEGER) {}

  /**
   * How many items there were before the import: those the walk paged through plus a count of
   * the rest (none when it reached the end), instead of a count of them all (a tenth of a re-import).
   */
  itemsBefore(): number {
    return this.pagedBefore + (this.done ? 0 : this.st.countAfter(this.last, this.maxBefore));
  }

  lookup(key: string): boolean {
    for (;;) {
      if (this.at >= this.page.length) {
        if (this.done) break;
        this.page = this.st.page(this.last);
        this.at = 0;
        if (this.page.length === 0) { this.done = true; break; }
        for (const p of this.page) { split(p); if (partRowid <= this.maxBefore) this.pagedBefore++; }
        const tail = this.page[this.page.length - 1]!;
        split(tail);
        this.last = tail.slice(0, partKeyEnd);
      }
      const e = this.page[this.at]!;
      split(e);
      const cmp = compareKey(e, partKeyEnd, key);
      if (cmp === 0) return this.found(e);
      if (cmp > 0) break;
      this.at++;
    }
    const e = this.st.find(key);
    if (e === undefined) { this.rowid = -1; this.text = ''; this.hashAt = 0; return false; }
    split(e);
    return this.found(e);
  }

  /** e has just been split. */
  private found(e: string): boolean {
    this.rowid = partRowid;
    this.text = e;
    this.hashAt = partHashAt;
    return true;
  }
}

// An item string's parts, set by split(): where the key ends, the rowid, where the hash starts.
let partKeyEnd = 0;
let partRowid = 0;
let partHashAt = 0;

/** Reads "key␟rowid␟hash" from the end (the key may hold a ␟; the rowid and hash never do). */
function split(e: string): void {
  const n = e.length;
  let h = e.charCodeAt(n - 1) === 31 ? n - 1 : e.lastIndexOf('\u001f', n - 2);
  partHashAt = h + 1;
  let rowid = 0;
  let scale = 1;
  for (h--; h >= 0; h--) {
    const c = e.charCodeAt(h);
    if (c === 31) break;
    rowid += (c - 48) * scale;
    scale *= 10;
  }
  partKeyEnd = h;
  partRowid = rowid;
}

/** The item string's key [0, end) against key, in JavaScript's string order: <0, 0, >0. */
function compareKey(e: string, end: number, key: string): number {
  const n = Math.min(end, key.length);
  for (let i = 0; i < n; i++) {
    const d = e.charCodeAt(i) - key.charCodeAt(i);
    if (d !== 0) return d;
  }
  return end - key.length;
}

/** True when the error is the database refusing a second row with the same key (SQLite's primary key, PostgreSQL's 23505). */
export function isDuplicateKey(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

function duplicateKey(): Error {
  return Object.assign(new Error('duplicate key'), { code: '23505' });
}

export function getSupplierRecord(db: Db, code: string): SupplierRecord | undefined {
  const r = db.$client.prepare(`SELECT code, name, currency, lead_time_days, dropship_location FROM suppliers WHERE code = ?`).raw().get(code) as
    [string, string, string, number | null, string | null] | undefined;
  return r && { code: r[0], name: r[1], currency: r[2], leadTimeDays: r[3], dropshipLocation: r[4] };
}

/** Insert or update the supplier row; writes only when something differs. */
export function saveSupplierRecord(db: Db, s: SupplierRecord): boolean {
  const old = getSupplierRecord(db, s.code);
  if (old && old.name === s.name && old.currency === s.currency && old.leadTimeDays === s.leadTimeDays && old.dropshipLocation === s.dropshipLocation) return false;
  db.$client.prepare(`INSERT INTO suppliers (code, name, currency, lead_time_days, dropship_location) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, currency = excluded.currency, lead_time_days = excluded.lead_time_days, dropship_location = excluded.dropship_location`)
    .run(s.code, s.name, s.currency, s.leadTimeDays, s.dropshipLocation);
  return true;
}

export function locationExists(db: Db, code: string): boolean {
  return db.$client.prepare(`SELECT 1 FROM locations WHERE code = ?`).pluck().get(code) !== undefined;
}
