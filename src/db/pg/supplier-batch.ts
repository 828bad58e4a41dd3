// PostgreSQL's writes for a supplier import, built for round trips (issue 16). The synchronous
// bridge makes every statement wait for its answer, so a batch written the plain way leaves the
// server idle while the next batch is read, and the reader idle while the server writes. Here:
//  - a full batch of new rows (its new products, their aliases, its items) is sent as one unit
//    without waiting (PgDatabase.sendUnit): the server writes it while the feed's next batch is
//    read; the import settles it before sending the next. Products and items go by COPY FROM
//    STDIN (text format, built here), which the server loads at about half the cost of
//    INSERT … SELECT FROM unnest. A duplicate key fails the unit whole (it is undone to its
//    savepoint) and the import writes those rows again statement by statement, finding the duplicates.
//  - changed rows are updated a batch at a time (UPDATE … FROM unnest), their stored cost and
//    stock read back in the same statement for the report, instead of two round trips per row.
import type { PgDatabase, PgError } from './client.js';
import type { ItemWrite } from '../supplier-items.js';
import { fillProduct, type NewProduct } from '../new-products.js';
import { own } from '../../core/text.js';

const ITEM_COPY = `COPY supplier_items (supplier, supplier_sku, sku, barcode, title, cost_minor, currency, stock, pack_size, min_order,
  lead_time_days, row_hash, last_seen_at, rowid) FROM STDIN`;
// created_at and updated_at are given, not left to their default: they are the import's time, and
// the schema's strftime() (SQLite's, in PL/pgSQL) run twice per row took more of the server's time
// than the rest of the products' load.
const PRODUCT_COPY = `COPY products (sku, title, description, brand, barcode, price_minor, cost_minor, currency, content_hash, created_at, updated_at)
  FROM STDIN`;
// Plain COPY, not new-products.ts' upsert: a sku that has an alias of this supplier matched it and
// creates no product; should one be there all the same, the unit fails as on a duplicate and its
// rows are written again row by row, through the upsert.
const ALIAS_COPY = 'COPY sku_aliases (source, alias, sku) FROM STDIN';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: \N for null, backslash escapes for the four characters that need them. */
export function copyValue(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  return NEEDS_ESCAPE.test(v) ? v.replace(ESCAPES, (c) => ESCAPED[c]!) : v;
}

type Unit = { sql: string; params?: unknown[]; copy?: Uint8Array }[];

/**
 * COPY's text written as UTF-8 straight into a buffer that is handed to the worker thread (moved,
 * not copied). Joined into one string instead, each unit left a megabyte-sized string in the
 * main thread's old generation: a 1M-row import grew its heap to 150 MB of garbage between collections.
 */
class CopyText {
  private buf: Buffer;
  private at = 0;
  constructor(bytes: number) { this.buf = Buffer.allocUnsafeSlow(Math.max(bytes, 1024)); }
  line(s: string): void {
    // A UTF-8 byte per UTF-16 unit at most 3: room for the worst case before writing.
    if (this.at + s.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + s.length * 3));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    this.at += this.buf.write(s, this.at, "utf8");
  }
  get empty(): boolean { return this.at === 0; }
  /** The text written; the buffer is not used here again. */
  done(): Uint8Array { return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.at); }
}

export class PgSupplierWrites {
  private readonly product: unknown[] = new Array(9);
  private readonly supplierText: string;
  private readonly nowText: string;

  constructor(private readonly pg: PgDatabase, supplier: string, private readonly now: string, private readonly aliasSource: string) {
    this.supplierText = copyValue(supplier);
    this.nowText = copyValue(now);
  }

  /**
   * The first `count` rows (and the products some of them create) as the statements of one unit,
   * for send(). Built before the unit sent last is settled, so the server is not kept waiting for it.
   */
  build(ws: readonly ItemWrite[], rowids: ArrayLike<number>, products: readonly (NewProduct | undefined)[], count: number): Unit {
    // About 200 bytes an item row in a realistic feed; grown when a feed's rows are longer.
    const items = new CopyText(count * 256);
    const prods = new CopyText(0);
    const aliases = new CopyText(0);
    const source = copyValue(this.aliasSource);
    // The import's time, as every product it creates has (new-products.ts), whichever way it is written.
    const at = this.nowText;
    for (let i = 0; i < count; i++) {
      const w = ws[i]!;
      items.line(`${this.supplierText}\t${copyValue(w.supplierSku)}\t${copyValue(w.sku)}\t${copyValue(w.barcode)}\t${copyValue(w.title)}\t${copyValue(w.costMinor)}\t${copyValue(w.currency)}\t${copyValue(w.stock)}\t${w.packSize}\t${w.minOrder}\t${copyValue(w.leadTimeDays)}\t${copyValue(w.rowHash)}\t${this.nowText}\t${rowids[i]}\n`);
      const p = products[i];
      if (!p) continue;
      const r = this.product;
      fillProduct(r, 0, p);
      prods.line(`${copyValue(r[0] as string)}\t${copyValue(r[1] as string)}\t${copyValue(r[2] as string | null)}\t${copyValue(r[3] as string | null)}\t${copyValue(r[4] as string | null)}\t${copyValue(r[5] as number | null)}\t${copyValue(r[6] as number | null)}\t${copyValue(r[7] as string)}\t${copyValue(r[8] as string)}\t${at}\t${at}\n`);
      const sku = copyValue(p.sku);
      aliases.line(`${source}\t${sku}\t${sku}\n`);
    }
    const unit: Unit = [];
    // Products before the items that point at them (foreign keys), and each product's alias.
    if (!prods.empty) unit.push({ sql: PRODUCT_COPY, copy: prods.done() }, { sql: ALIAS_COPY, copy: aliases.done() });
    unit.push({ sql: ITEM_COPY, copy: items.done() });
    return unit;
  }

  /** Sends a unit without waiting; `settle()` says whether it was written. */
  send(unit: Unit): void { this.pg.sendUnit(unit); }

  /** True when the unit sent last was written; false when a duplicate key undid it (nothing of it kept). Other errors are thrown. */
  settle(): boolean {
    const e: PgError | undefined = this.pg.settleUnit();
    if (!e) return true;
    if (e.code === '23505') return false;
    throw e;
  }

  private readonly changes: { rowid: number; w: ItemWrite; then: (cost: number | null, stock: number | null) => void }[] = [];

  /** A changed item, updated with its batch; `then` gets its stored cost and stock (before the update) once written. */
  change(rowid: number, w: ItemWrite, then: (cost: number | null, stock: number | null) => void): void {
    // Copies of the strings: the feed's are slices of its chunks, which a change held until its
    // batch is written would keep in memory (changes are sparse: a batch spans much of the file).
    const kept: ItemWrite = { ...w, supplierSku: '', sku: own(w.sku), barcode: own(w.barcode), title: own(w.title), currency: own(w.currency), rowHash: own(w.rowHash) };
    this.changes.push({ rowid, w: kept, then });
    if (this.changes.length >= CHANGE_BATCH) this.flushChanges();
  }

  /** Writes the changes waiting, then hands each its stored cost and stock, in the order they came. */
  flushChanges(): void {
    const n = this.changes.length;
    if (n === 0) return;
    const cols: unknown[][] = Array.from({ length: 11 }, () => new Array(n));
    for (let r = 0; r < n; r++) {
      const { rowid, w } = this.changes[r]!;
      cols[0]![r] = rowid; cols[1]![r] = w.sku; cols[2]![r] = w.barcode; cols[3]![r] = w.title; cols[4]![r] = w.costMinor; cols[5]![r] = w.currency;
      cols[6]![r] = w.stock; cols[7]![r] = w.packSize; cols[8]![r] = w.minOrder; cols[9]![r] = w.leadTimeDays; cols[10]![r] = w.rowHash;
    }
    const a = this.pg.native(UPDATE_CHANGES, [...cols, this.now]);
    const before = new Map<number, [number | null, number | null]>();
    for (const row of a.rows ?? []) before.set(row[0] as number, [row[1] as number | null, row[2] as number | null]);
    const batch = this.changes.splice(0, n);
    for (const c of batch) {
      const b = before.get(c.rowid);
      c.then(b ? b[0] : null, b ? b[1] : null);
    }
  }
}


/** Changed rows per UPDATE. */
const CHANGE_BATCH = 4096;

// `old` reads the rows as they were: every part of one statement sees the same snapshot, so the
// UPDATE's effect is not visible to it.
const UPDATE_CHANGES = `WITH n AS (
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[])
      AS n(rowid, sku, barcode, title, cost_minor, currency, stock, pack_size, min_order, lead_time_days, row_hash)),
  old AS (SELECT s.rowid, s.cost_minor, s.stock FROM supplier_items s JOIN n ON s.rowid = n.rowid),
  upd AS (UPDATE supplier_items s SET sku = n.sku, barcode = n.barcode, title = n.title, cost_minor = n.cost_minor, currency = n.currency,
    stock = n.stock, pack_size = n.pack_size, min_order = n.min_order, lead_time_days = n.lead_time_days, row_hash = n.row_hash, last_seen_at = $12
    FROM n WHERE s.rowid = n.rowid)
  SELECT rowid, cost_minor, stock FROM old`;
