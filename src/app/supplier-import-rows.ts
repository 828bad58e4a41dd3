// The supplier import's one pass over a feed (app/supplier-import.ts opens the source and settles
// what happens to a refused file): each row mapped, matched to the master and its stored item, and
// written when its values changed, in one transaction with its bookkeeping (the counts, the lists
// the summary reports, the items the feed no longer has, the circuit breakers) and committed unless
// a row was bad, a breaker tripped or it is a dry run.
import { applyCount } from '../db/ledger.js';
import { newProductStatements, type NewProduct } from '../db/new-products.js';
import { maxRowid, setIndexesAside, type SetAside } from '../db/bulk-indexes.js';
import { beginImport } from '../db/import-transaction.js';
import {
  insertBatchSize, ItemWalk, saveSupplierRecord, supplierItemStatements, type ItemWrite,
} from '../db/supplier-items.js';
import type { SupplierConfig } from '../import/supplier-config.js';
import type { LocalSource } from '../import/sources.js';
import { formatOf, readFeed, sampleDecimalComma, type FeedInfo } from '../import/read-feed.js';
import { buildMapper, type Cell, type Mapper, type Problem, type SupplierRow } from '../import/mapping.js';
import {
  emptyCounts, LIST_CAP, own, pushCapped, SUMMARY_FORMAT_VERSION, type ImportSummary,
} from '../import/summary.js';
import { CsvSyntaxError } from '../import/csv-split.js';
import { RowHashes } from '../import/row-hash.js';
import { RowMarks } from '../import/row-marks.js';
import { RejectsFile } from '../import/rejects-file.js';
import { usageError } from '../core/errors.js';
import { breakerReasons, DEFAULT_BREAKERS, headerText } from '../core/breakers.js';
import { lastFeedImport, recordFeedImport, stockedSupplierItems } from '../db/feed-imports.js';
import { setProductTouchesAside } from '../db/plan-marks.js';
import { PendingBatches } from './supplier-import-batches.js';
import type { ItemPages } from '../db/item-pages.js';
import type { SupplierImportInput, SupplierImportOptions } from './supplier-import.js';

export async function importRows(ws: SupplierImportInput, o: SupplierImportOptions, cfg: SupplierConfig, src: LocalSource): Promise<ImportSummary> {
  const { db } = ws;
  const code = o.supplier;
  const currency = cfg.currency ?? ws.config.currency;
  const createNew = o.createNew ?? cfg.create_new;
  const drop = cfg.dropship_location;
  const format = formatOf(src, cfg.format);
  // 12,50 or 12.50: as config.yaml says, else judged from the file like every file omni reads
  const decimalComma = cfg.decimal_comma ?? sampleDecimalComma(src, format, cfg) ?? false;
  const s: ImportSummary = {
    formatVersion: SUMMARY_FORMAT_VERSION, supplier: code, source: src.display, format, currency, at: o.now.toISOString(),
    dryRun: o.dryRun ?? false, skipInvalid: o.skipInvalid ?? false, createNew, status: 'ok', written: false, counts: emptyCounts(),
    newProducts: [], costChanges: [], stockChanges: [], dropship: [], missing: [], problems: [], warnings: [],
  };
  const c = s.counts;
  // For the breakers: how many items were in stock before, and how many this file takes to zero.
  // Counted only when some are taken to zero (the breaker cannot trip otherwise): the count reads
  // every item's row, 1/8 of a re-import; the rows this import wrote are taken back out of it.
  let zeroed = 0;
  /** Items in stock now less before, from the rows this import wrote. */
  let stockedDelta = 0;
  const inStock = (q: number | null) => (q !== null && q > 0 ? 1 : 0);
  const tx = beginImport(db);
  let committed = false;
  /** A big supplier's stored items, read by a second thread while this one parses the feed. */
  let pages: ItemPages | undefined;
  const rejects = new RejectsFile(o.rejectsFile);
  try {
    saveSupplierRecord(db, { code, name: cfg.name ?? code, currency, leadTimeDays: cfg.lead_time_days ?? null, dropshipLocation: drop ?? null });
    const st = supplierItemStatements(db, code, o.now.toISOString());
    const n = st.counts();
    const fresh = !n.hasItems;
    // Rows this import inserts get rowids after every existing one: items with rowid ≤ maxBefore
    // are the ones that were there before (for the missing-rows report).
    const maxBefore = n.maxRowid;
    let nextRowid = maxBefore + 1;
    /** The feed row that matched or inserted each item, by rowid (0: none yet). */
    const seen = new RowMarks();
    const mark = (rowid: number, row: number) => seen.set(rowid, row);
    /** Items that were there before and a row of this feed matched (each at most once: a second match is a duplicate). */
    let matchedBefore = 0;
    let mapper: Mapper | undefined;
    let fileKey = '';
    const problem = (p: Problem) => {
      pushCapped(s.problems, () => ({ ...p, column: own(p.column), message: own(p.message), text: `${src.display}:${p.row}:${p.column}: ${p.message}` }));
    };
    const rejectNow = (r: number, cells: readonly Cell[], ps: Problem[]) => {
      c.rejected++;
      ps.forEach(problem);
      if (s.skipInvalid) rejects.add(r, ps, cells);
    };
    const reject = (r: number, cells: readonly Cell[], ps: Problem[]) => {
      flush(); // rows before this one first, so problems and rejects stay in file order
      rejectNow(r, cells, ps);
    };
    const duplicate = (row: number, supplierSku: string, firstRow: number | string): Problem[] =>
      [{ row, column: mapper!.header[mapper!.index.sku!]!, message: `duplicate sku "${supplierSku}" (first on row ${firstRow})` }];

    pages = !fresh && maxBefore >= (o.itemPagesAfter ?? ITEM_PAGES_AFTER) ? st.pagesInWorker() : undefined;
    const paged = pages;
    const walk = new ItemWalk(paged ? { page: (after) => paged.page(after), find: st.find, countAfter: st.countAfter } : st, maxBefore);
    const np = newProductStatements(db, `supplier:${code}`, o.now.toISOString());
    // Seeding a catalog: once this import has created as many products as the master had (and at
    // least BULK_AFTER), its plain indexes (SEED_ASIDE) are built once at the end instead of row
    // by row, unless barcode matching reads them; and the plan's touches are not recorded (every
    // next plan reads everything instead).
    const productsBefore = maxRowid(db, 'products');
    let seeding = false;
    let productIndexes: SetAside | undefined;
    let productTouches: { restore(): void } | undefined;
    const bulkAfter = o.bulkIndexesAfter ?? BULK_AFTER;

    const setAsideOnce = () => {
      if (seeding || c.newProducts < Math.max(bulkAfter, productsBefore)) return;
      seeding = true;
      if (!cfg.match.barcode_fallback) productIndexes = setIndexesAside(db, SEED_ASIDE);
      productTouches = setProductTouchesAside(db);
    };
    const productCreated = (p: NewProduct) => {
      c.newProducts++;
      // own() (a copy) only for the rows the list keeps: a seed creates a product per row.
      pushCapped(s.newProducts, () => ({ sku: own(p.sku), title: own(p.title), costMinor: p.costMinor, priceMinor: p.priceMinor }));
    };
    const pending = new PendingBatches(st, np, insertBatchSize(db, o.pgInsertBatch), {
      mark,
      inserted: (w) => {
        c.newItems++;
        stockedDelta += inStock(w.stock);
        valid(w.sku, w.stock);
      },
      productCreated,
      productsWritten: setAsideOnce,
      duplicate: (row, cells, supplierSku) => {
        const first = walk.lookup(supplierSku) ? seen.get(walk.rowid) || '?' : '?';
        rejectNow(row, cells, duplicate(row, supplierSku, first));
      },
    }, src.display, o.onUnitSent);
    /** Writes the pending rows: then every row so far is written and counted. */
    const flush = () => pending.flush();
    const valid = (sku: string | null, quantity: number | null) => {
      c.valid++;
      if (sku) c.matched++; else c.unmatched++;
      if (drop && sku && quantity !== null) {
        const before = st.onHand(sku, drop);
        if (before !== quantity) {
          // The supplier's number for its own stock wins at every import (like Amazon's FBA count),
          // so the key is per import: a feed whose bytes came back (5 → 10 → 5) must still count.
          const m = applyCount(db, { sku, location: drop, counted: quantity, idempotencyKey: `supplier:${code}:${sku}:${fileKey}:${o.now.toISOString()}`, reason: `supplier feed ${code}`, ref: src.display });
          if (m.applied) {
            c.dropshipCounts++;
            pushCapped(s.dropship, () => ({ sku: own(sku), location: drop, before, after: quantity }));
          }
        }
      }
    };

    /** The master sku a supplier sku matches by alias or identity (the barcode is looked at apart). */
    const matchByKey = (supplierSku: string): string | null => {
      let sku: string | null = null;
      if (n.aliases) sku = st.aliasOf(supplierSku) ?? null;
      if (!sku && cfg.match.identity && n.products && st.productExists(supplierSku)) sku = supplierSku;
      return sku;
    };
    /** A stored item this row matched: marked seen, and counted when it was there before the import. */
    const matchItem = (rowid: number, row: number) => {
      mark(rowid, row);
      if (rowid <= maxBefore) matchedBefore++;
    };
    /** The stored row hashes (import/row-hash.ts), once the header tells how rows map. */
    let hashes: RowHashes | undefined;
    /** The supplier sku the row's fast path already looked up in the walk, and what it found (handle() need not ask again). */
    let looked: string | undefined;
    let lookedHit = false;
    /**
     * A re-imported record whose text hashes as its item's stored text hash did: unchanged, and
     * counted without mapping it (most rows of a daily feed; mapping them was a third of a
     * re-import). False: the row goes the whole way (handle()). Not with a dropship location (each
     * row's quantity is counted), or for a row that could create a product or match by barcode.
     */
    const unchangedText = (cells: readonly Cell[], row: number, text: string): boolean => {
      const key = mapper!.key(cells);
      if (key === null) return false;
      looked = key;
      lookedHit = walk.lookup(key);
      if (!lookedHit || seen.get(walk.rowid)) return false;
      const sku = matchByKey(key);
      if (!sku && (createNew || cfg.match.barcode_fallback)) return false;
      if (!hashes!.sameText(text, sku, walk.text, walk.hashAt)) return false;
      matchItem(walk.rowid, row);
      c.unchanged++;
      valid(sku, null);
      return true;
    };

    const handle = (r: SupplierRow, cells: readonly Cell[], text: string | undefined) => {
      let sku = matchByKey(r.supplierSku);
      if (!sku && cfg.match.barcode_fallback && n.barcodes && r.barcode) sku = st.productByBarcode(r.barcode) ?? null;
      const existing = !fresh && (looked === r.supplierSku ? lookedHit : walk.lookup(r.supplierSku));
      const rowid = walk.rowid;
      if (existing && seen.get(rowid)) {
        reject(r.row, cells, duplicate(r.row, r.supplierSku, seen.get(rowid)));
        return;
      }
      let product: NewProduct | undefined;
      if (!sku && createNew && pending.creates(r.supplierSku)) {
        sku = r.supplierSku; // an earlier row of this feed creates it (this row is a duplicate item: refused when written)
      } else if (!sku && createNew) {
        product = newProduct(r);
        sku = product?.sku ?? null;
        if (existing && product) {
          // An item that had no product: its product is written now, before the item points at it.
          flush();
          if (np.insert(product)) productCreated(product);
          product = undefined;
        }
      }
      const packSize = r.packSize ?? 1;
      const minOrder = r.minOrder ?? 1;
      const leadTimeDays = r.leadTimeDays ?? cfg.lead_time_days ?? null;
      const write: ItemWrite = {
        supplierSku: r.supplierSku, sku, barcode: r.barcode, title: r.title, costMinor: r.costMinor, currency, stock: r.quantity,
        packSize, minOrder, leadTimeDays, rowHash: '',
      };
      const rowHash = hashes!.judge(write, text, existing ? walk.text : undefined, walk.hashAt);
      const sameValues = hashes!.sameValues;
      if (rowHash !== undefined) write.rowHash = rowHash;
      const w = rowHash === undefined ? undefined : write;
      if (!existing) {
        pending.add(w!, r.row, cells, nextRowid++, product);
        return;
      }
      if (drop) flush(); // dropship counts in file order
      matchItem(rowid, r.row);
      if (!w) c.unchanged++;
      else if (sameValues) {
        // The same values from another text (other quoting, another number format), or a hash
        // from older omni: unchanged, and its hash written so the next import finds it by its text.
        c.unchanged++;
        st.change(rowid, w, () => {});
      } else {
        c.changedItems++;
        st.change(rowid, w, changeReport(keep(r.supplierSku), keep(sku), w.costMinor, w.stock));
      }
      valid(sku, r.quantity);
    };

    // What a changed row reports, once its stored cost and stock are known (PostgreSQL: when its
    // batch is written). Made here, not in handle(), so it holds these values and not the row: a
    // row's strings are slices of the file's chunks, and changes held by a batch a few thousand
    // long would keep a large part of a big file in memory; on PostgreSQL they are copied (keep).
    const keep = st.pgWrites ? own : <T>(v: T) => v;
    const changeReport = (supplierSku: string, sku: string | null, costMinor: number | null, after: number | null) => (cost: number | null, stock: number | null) => {
      if (cost !== null && costMinor !== null && cost !== costMinor) {
        c.costChanges++;
        pushCapped(s.costChanges, () => ({ supplierSku: own(supplierSku), sku: own(sku), before: cost, after: costMinor,
          percent: cost === 0 ? 100 : Math.round(((costMinor - cost) / cost) * 1000) / 10 }));
      }
      if (stock !== after) {
        if (stock !== null && stock > 0 && after === 0) zeroed++;
        stockedDelta += inStock(after) - inStock(stock);
        c.stockChanges++;
        pushCapped(s.stockChanges, () => ({ supplierSku: own(supplierSku), sku: own(sku), before: stock, after }));
      }
    };

    /**
     * The product an unmatched row creates (written with its batch), or undefined when a product
     * with that sku was there before this import. Products this import creates are not looked up
     * row by row: a later row with the same sku is a duplicate item, refused when written.
     */
    const newProduct = (r: SupplierRow): NewProduct | undefined => {
      if (n.products && st.productExists(r.supplierSku)) {
        pushCapped(s.warnings, () => `row ${r.row}: a product "${r.supplierSku}" exists but is not matched to this supplier's sku; not created (set match.identity: true, or add an alias)`);
        return undefined;
      }
      return { sku: r.supplierSku, title: r.title ?? r.supplierSku, description: r.description, brand: r.brand, barcode: r.barcode, priceMinor: r.priceMinor, costMinor: r.costMinor, currency };
    };

    /** Whether a row may be found unchanged by its text alone (unchangedText). */
    const quick = !fresh && !drop;
    let headerCells: readonly Cell[] | undefined;
    const onRecord = (cells: Cell[], row: number, text?: string) => {
      if (row < cfg.header_row) return;
      if (!mapper) {
        headerCells = cells;
        const built = buildMapper(cells, row, { ...cfg, decimal_comma: decimalComma });
        if (!built.mapper) throw usageError(`${src.display}: the column mapping for ${code} does not fit the file; nothing was imported.`,
          `Fix suppliers.${code}.columns in config.yaml${cfg.header_row === 1 ? ', or set header_row: if the column names are not on the first row' : ''}.`,
          built.problems.map((p) => `${src.display}:${p.row}:${p.column}: ${p.message}`));
        mapper = built.mapper;
        // What else a row's values depend on: the import's currency and default lead time (the
        // defaults handle() gives an empty pack size or minimum order belong to MAPPING_VERSION).
        hashes = new RowHashes(JSON.stringify([mapper.hashSeed, currency, cfg.lead_time_days ?? null]));
        if (s.skipInvalid) rejects.header = headerCells.map((h) => String(h ?? ''));
        return;
      }
      looked = undefined;
      if (quick && text !== undefined && unchangedText(cells, row, text)) {
        c.rows++;
      } else {
        const m = mapper.map(cells, row);
        if (m.ok === 'blank') return;
        c.rows++;
        if (m.ok) handle(m.row, cells, text); else reject(row, cells, m.problems);
      }
      if (o.onProgress && (c.rows & 8191) === 0) o.onProgress({ rows: c.rows, bytes: lastBytes, totalBytes: src.bytes });
    };
    let lastBytes = 0;
    let info: FeedInfo;
    try {
      info = await readFeed(src, format, cfg, {
        wantHash: drop !== undefined, onRecord, onBytes: (b) => { lastBytes = b; }, onHash: (h) => { fileKey = h.slice(0, 16); },
      });
    } catch (e) {
      // A batch sent before this row and refused unseen came first in the file: its error is the one to read.
      pending.throwSentRefusal();
      if (e instanceof CsvSyntaxError) throw usageError(`${src.display}:${e.row}${e.column ? `:${e.column}` : ''}: ${e.message}; nothing was imported.`, 'Open the file in a spreadsheet program and save it as CSV again.');
      throw e;
    }
    Object.assign(s, { encoding: info.encoding, delimiter: info.delimiter, ...(info.sheet ? {} : { decimalComma }), sheet: info.sheet });
    if (!mapper) throw usageError(`${src.display} has no header row${cfg.header_row > 1 ? ` (expected on row ${cfg.header_row})` : ''}; nothing was imported.`, 'Check the file and `header_row:` for this supplier.');
    if (c.rows === 0) throw usageError(`${src.display} has a header but no rows; nothing was imported.`, 'An empty feed would mark every item as missing; ask the supplier for a complete file.');
    flush();
    st.flushChanges();
    const itemsBefore = fresh ? 0 : walk.itemsBefore();
    if (!fresh) {
      // Items that were there before and no row matched: counted, then listed (up to LIST_CAP)
      // without reading every item when none are missing.
      c.missing = itemsBefore - matchedBefore;
      const want = Math.min(LIST_CAP, c.missing);
      if (want > 0) {
        for (const rowid of st.rowids()) {
          if (rowid > maxBefore || seen.get(rowid)) continue;
          s.missing.push({ rowid, ...st.item(rowid) } as ImportSummary['missing'][number]);
          if (s.missing.length >= want) break;
        }
      }
    }
    if (c.rejected > 0) s.status = s.skipInvalid ? 'partial' : 'invalid';
    const feed = `supplier:${code}`;
    const facts = { rows: c.rows, header: headerText(headerCells ?? []) };
    const stocked = zeroed > 0 ? pages?.stocked() ?? stockedSupplierItems(db, code) - stockedDelta : 0;
    const tripped = o.accept ? [] : breakerReasons(src.display, lastFeedImport(db, feed), facts, { stocked, zeroed }, ws.config.breakers ?? DEFAULT_BREAKERS);
    pages?.close(); // before the commit: its snapshot would hold back the checkpoint
    if (tripped.length > 0 && s.status !== 'invalid') {
      s.breaker = { reasons: tripped };
      if (!s.dryRun) s.status = 'refused';
    }
    if (s.status !== 'invalid' && s.status !== 'refused' && !s.dryRun) {
      recordFeedImport(db, feed, facts, o.now);
      productIndexes?.restore();
      productTouches?.restore();
      st.finish(c.newItems, itemsBefore);
      tx.commit(); committed = true; s.written = true;
    }
  } finally {
    pages?.close();
    if (!committed) tx.rollback();
    rejects.close();
  }
  if (rejects.count > 0) s.rejectsFile = o.rejectsFile;
  return s;
}

/**
 * Items in the master (its largest rowid) from which a re-import reads the supplier's stored items
 * in a worker thread: starting one costs ~30 ms, reading 50,000 items about as much.
 */
const ITEM_PAGES_AFTER = 50_000;
/** Products an import creates before it builds the barcode index once at the end instead (see db/bulk-indexes.ts). */
const BULK_AFTER = 50_000;
/**
 * The products indexes a big seed builds at the end. products_archived and products_plan grow at
 * their end when the feed is sorted by sku, yet building them once still measured cheaper (−12%
 * CPU of a 300k-row seed) than three more B-tree inserts per product; barcodes come in no order.
 */
export const SEED_ASIDE = ['products_barcode', 'products_archived', 'products_plan'];
