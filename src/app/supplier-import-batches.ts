// The new rows of a supplier import on their way into the master, in file order. New items (and
// the products `--create-new` makes for them) wait here until a batch is full, then go in one
// statement; what follows a row's insert (counts, dropship stock) happens when its batch is
// written. On PostgreSQL (db/pg/supplier-batch.ts) a full batch is sent as a unit without waiting
// and the next one read while the server writes it; it is settled (counted, or on a duplicate key
// written again row by row) before anything later in the file is written or reported.
import type { SupplierItemStatements, ItemWrite } from '../db/supplier-items.js';
import { isDuplicateKey } from '../db/supplier-items.js';
import type { newProductStatements, NewProduct } from '../db/new-products.js';
import type { Cell } from '../import/mapping.js';
import { PgError } from '../db/pg/client.js';
import { UserError } from '../core/errors.js';

/**
 * The master refused rows for a reason other than a duplicate key (a trigger, a constraint, a value
 * its column type refuses): the server's own words, with the file and the rows of the batch, since
 * a batch sent without waiting is answered while later rows are read.
 */
export class BatchRefused extends UserError {
  /** The server's SQLSTATE, as on the PgError (a caller may tell a serialization failure by it). */
  readonly code: string | undefined;
  constructor(source: string, first: number, last: number, readonly pgError: PgError) {
    super(`${source}, ${first === last ? `row ${first}: the PostgreSQL master refused it` : `rows ${first}–${last}: the PostgreSQL master refused them`}: ${pgError.message}; nothing was imported.`, {
      hint: 'A rule of the master (a trigger, a constraint or a column\'s type) refused a value on these rows. Fix the file, or ask whoever manages the database; nothing of this file was written.',
    });
    this.code = pgError.code;
  }
}

/** What the row loop does as the rows here are written. */
export interface BatchHooks {
  /** The item of file row `row` has `rowid` now: a later row's lookup finds it. */
  mark(rowid: number, row: number): void;
  /** A new item was written (counted, its dropship stock set). */
  inserted(w: ItemWrite): void;
  productCreated(p: NewProduct): void;
  /** Products were written (a seed may now set the products' indexes aside). */
  productsWritten(): void;
  /** A row refused as a second row with the same supplier sku. */
  duplicate(row: number, cells: readonly Cell[], supplierSku: string): void;
}

type Pending = {
  w: ItemWrite[]; row: number[]; cells: (readonly Cell[])[]; rowid: number[];
  /** The product a pending row creates (--create-new), or undefined. */
  product: (NewProduct | undefined)[];
  count: number;
};
const empty = (): Pending => ({ w: [], row: [], cells: [], rowid: [], product: [], count: 0 });

export class PendingBatches {
  private p: Pending = empty();
  /** PostgreSQL: the batch sent as a unit and not yet settled. */
  private sent: Pending | undefined;
  /** Skus of the pending products: a second row with the same sku finds its product here. */
  private readonly skus = new Set<string>();

  constructor(
    private readonly st: SupplierItemStatements,
    private readonly np: ReturnType<typeof newProductStatements>,
    /** Rows per batch (insertBatchSize). */
    private readonly batch: number,
    private readonly h: BatchHooks,
    /** The file as the person named it (in the messages). */
    private readonly source: string,
    /** Called after a unit is sent, before it is settled (SupplierImportOptions.onUnitSent). */
    private readonly onSent?: () => void,
  ) {}

  /**
   * After an error stopped the import: a batch sent before it and refused by the master is thrown
   * instead, as it came first in the file (a CSV syntax error a few rows on would hide it).
   */
  throwSentRefusal(): void {
    if (!this.sent) return;
    try { this.settle(); } catch (r) { if (r instanceof BatchRefused) throw r; }
  }

  /** `e` as the person should read it: a server's refusal of rows first–last with those rows; anything else as it is. */
  private refused(e: unknown, first: number, last: number): unknown {
    return e instanceof PgError && !isDuplicateKey(e) ? new BatchRefused(this.source, first, last, e) : e;
  }

  /** Whether a pending row creates the product `sku`. */
  creates(sku: string): boolean { return this.skus.has(sku); }

  /** A new item (and the product it creates): written with its batch. */
  add(w: ItemWrite, row: number, cells: readonly Cell[], rowid: number, product: NewProduct | undefined): void {
    const p = this.p;
    const i = p.count;
    p.w[i] = w; p.row[i] = row; p.cells[i] = cells; p.rowid[i] = rowid; p.product[i] = product;
    if (product) this.skus.add(product.sku);
    if (++p.count === this.batch) this.flushFull();
  }

  /** Writes the pending rows (and settles a batch sent before): then every row so far is written and counted. */
  flush(): void {
    this.settle();
    this.write();
  }

  /** Whether `count` pending rows go in one statement: a full batch; on PostgreSQL any batch of two or more. */
  private batchable(count: number): boolean { return count === this.batch || (this.st.anyCount && count > 1); }

  private flushFull(): void {
    const pgw = this.st.pgWrites;
    if (!pgw) { this.flush(); return; }
    const p = this.p;
    const unit = pgw.build(p.w, p.rowid, p.product, p.count);
    this.settle();
    // Marked now: a later row's lookup sees these items (the server writes them before it answers).
    for (let i = 0; i < p.count; i++) this.h.mark(p.rowid[i]!, p.row[i]!);
    pgw.send(unit);
    this.sent = p;
    this.p = empty();
    this.skus.clear();
    this.onSent?.();
  }

  private settle(): void {
    const sent = this.sent;
    if (!sent) return;
    this.sent = undefined;
    const next = this.p;
    this.p = sent;
    let written: boolean;
    try { written = this.st.pgWrites!.settle(); } catch (e) { throw this.refused(e, sent.row[0]!, sent.row[sent.count - 1]!); }
    if (written) {
      const count = sent.count;
      sent.count = 0;
      for (let i = 0; i < count; i++) { const pr = sent.product[i]; if (pr) this.h.productCreated(pr); }
      this.h.productsWritten();
      for (let i = 0; i < count; i++) this.inserted(sent, i);
    } else {
      // The products too are written again row by row (write() creates those of `skus`).
      const nextSkus = [...this.skus];
      this.skus.clear();
      for (let i = 0; i < sent.count; i++) { const pr = sent.product[i]; if (pr) this.skus.add(pr.sku); }
      this.write();
      for (const k of nextSkus) this.skus.add(k);
    }
    this.p = next;
  }

  private inserted(p: Pending, i: number): void {
    this.h.mark(p.rowid[i]!, p.row[i]!);
    this.h.inserted(p.w[i]!);
  }

  // Products before the items that point at them (foreign keys), in one statement when every
  // pending row creates one (seeding a catalog). A product that exists by now was created by an
  // earlier row with the same sku, so that row's item is refused as a duplicate just below.
  private flushProducts(count: number): void {
    const p = this.p;
    let all = this.batchable(count);
    for (let i = 0; all && i < count; i++) all = p.product[i] !== undefined;
    const batched = all && this.np.insertBatch(p.product as NewProduct[], count);
    for (let i = 0; i < count; i++) {
      const pr = p.product[i];
      if (!pr) continue;
      p.product[i] = undefined;
      if (batched || this.np.insert(pr)) this.h.productCreated(pr);
    }
    this.skus.clear();
    this.h.productsWritten();
  }

  private write(): void {
    const p = this.p;
    if (p.count === 0) return;
    const count = p.count;
    p.count = 0;
    if (this.skus.size > 0) {
      try { this.flushProducts(count); } catch (e) { throw this.refused(e, p.row[0]!, p.row[count - 1]!); }
    }
    if (this.batchable(count)) {
      let ok = true;
      try { this.st.insertBatch(p.w, p.rowid, count); } catch (e) { if (!isDuplicateKey(e)) throw this.refused(e, p.row[0]!, p.row[count - 1]!); ok = false; }
      if (ok) { for (let i = 0; i < count; i++) this.inserted(p, i); return; }
    }
    // A partial batch, or one that hit a duplicate key: row by row.
    for (let i = 0; i < count; i++) {
      try { this.st.insert(p.w[i]!, p.rowid[i]!); } catch (e) {
        if (!isDuplicateKey(e)) throw this.refused(e, p.row[i]!, p.row[i]!);
        this.h.duplicate(p.row[i]!, p.cells[i]!, p.w[i]!.supplierSku);
        continue;
      }
      this.inserted(p, i);
    }
  }
}
