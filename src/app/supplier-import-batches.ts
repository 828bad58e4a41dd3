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
  ) {}

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
  }

  private settle(): void {
    const sent = this.sent;
    if (!sent) return;
    this.sent = undefined;
    const next = this.p;
    this.p = sent;
    if (this.st.pgWrites!.settle()) {
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
    if (this.skus.size > 0) this.flushProducts(count);
    if (this.batchable(count)) {
      let ok = true;
      try { this.st.insertBatch(p.w, p.rowid, count); } catch (e) { if (!isDuplicateKey(e)) throw e; ok = false; }
      if (ok) { for (let i = 0; i < count; i++) this.inserted(p, i); return; }
    }
    // A partial batch, or one that hit a duplicate key: row by row.
    for (let i = 0; i < count; i++) {
      try { this.st.insert(p.w[i]!, p.rowid[i]!); } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        this.h.duplicate(p.row[i]!, p.cells[i]!, p.w[i]!.supplierSku);
        continue;
      }
      this.inserted(p, i);
    }
  }
}
