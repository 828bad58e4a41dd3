// `omni products import`: a products file (CSV or workbook) into the master, all or nothing. The
// file is streamed and written in one transaction as it is read (a catalog can have a million rows:
// holding it whole took more memory than the shop's machine may have); any bad row and the
// transaction is rolled back. Every bad row is reported as file:row:column (the first LIST_CAP).
import { eachTableRow, tableMoney, decimalExample, type TableInfo } from './csv-file.js';
import type { Db } from '../db/open.js';
import { productUpserter, type BeforeWrites, type ProductInput, type UpsertOutcome } from '../db/products.js';
import { beginImport, importChunkRows } from '../db/import-transaction.js';
import { RowMarks } from '../import/row-marks.js';
import { LIST_CAP } from '../import/summary.js';
import { usageError } from '../core/errors.js';
import { MAX_QUANTITY, moneyProblem } from '../core/bounds.js';
import { parseMoneyUnbounded } from '../core/money.js';
import { capText, skuProblem } from '../core/text.js';

const KNOWN = ['sku', 'title', 'price', 'cost', 'barcode', 'brand', 'description', 'reorder_point', 'reorder_qty'] as const;

export interface ImportSummary {
  file: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
}

/** A row read and checked, waiting for its chunk: its problems are reported when the chunk is. */
interface Pending { table: string; rowNo: number; input: ProductInput; problems: string[] | undefined }

export async function importProducts(db: Db, file: string, currency: string, opts: {
  dryRun?: boolean;
  beforeWrite?: BeforeWrites | undefined;
  /** Rows per chunk (default importChunkRows: a chunk's products are read in one query, written in a few statements); tests lower it. */
  chunk?: number | undefined;
} = {}): Promise<ImportSummary> {
  const counts: Record<UpsertOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (text: string) => { problemCount++; if (problems.length < LIST_CAP) problems.push(text); };
  // beforeWrite keeps each product's row as it was, for `omni runs undo` (in the same transaction).
  const up = productUpserter(db, opts.beforeWrite);
  /** The row that wrote each product, by rowid: a second row with its sku is a duplicate. */
  const firstRow = new RowMarks();
  const now = new Date().toISOString();
  const chunkSize = opts.chunk ?? importChunkRows(db);
  let header: string[] | undefined;
  let rows = 0;
  let name = file;
  let pending: Pending[] = [];
  /** The problems of the row being read (one function for all rows, not a closure per row). */
  const rowProblems: string[] = [];
  const keepProblem = (text: string) => { rowProblems.push(text); };
  /**
   * The chunk's rows in order, as one row at a time did them: its problems, a duplicate of a sku an
   * earlier row wrote (in this chunk: not stored yet, so found in `written`), then the upsert of
   * the rows without a problem, each sku once.
   */
  const flush = () => {
    const chunk = pending;
    pending = [];
    // A sku with a control character is never stored (checkedProduct): not looked up.
    const stored = up.lookup([...new Set(chunk.filter((e) => e.input.sku && !skuProblem(e.input.sku)).map((e) => e.input.sku))]);
    const written = new Map<string, number>();
    const writes: ProductInput[] = [];
    const writeRows: number[] = [];
    for (const { table, rowNo, input, problems: own } of chunk) {
      const before = problemCount;
      if (own) for (const p of own) problem(p);
      const r = input.sku ? stored.get(input.sku) : undefined;
      const first = written.get(input.sku) ?? (r ? firstRow.get(r[0] as number) : 0);
      if (first) problem(`${table}:${rowNo}:sku: duplicate sku "${capText(input.sku, 60)}" (first on row ${first})`);
      if (problemCount > before) continue;
      written.set(input.sku, rowNo);
      writes.push(input);
      writeRows.push(rowNo);
    }
    if (writes.length === 0) return;
    const done = up.upsert(writes, stored, now);
    for (let i = 0; i < done.length; i++) {
      counts[done[i]!.outcome]++;
      firstRow.set(done[i]!.rowid, writeRows[i]!);
    }
  };
  const tx = beginImport(db);
  try {
    const info = await eachTableRow(file, ({ rowNo, cells }, table) => {
      name = table.name;
      if (!header) { header = checkHeader(cells, table.name); return; }
      rows++;
      const input = readRow(cells, rowNo, header, table, currency, keepProblem);
      pending.push({ table: table.name, rowNo, input, problems: rowProblems.length > 0 ? rowProblems.splice(0) : undefined });
      if (pending.length >= chunkSize) flush();
    });
    if (pending.length > 0) flush();
    name = info.name;
    if (!header) throw usageError(`${name} is empty.`, `The first row must be the header: ${KNOWN.join(',')}`);
    if (rows === 0) throw usageError(`${name} has a header but no products.`);
    if (problemCount > 0) {
      throw usageError(`${name}: ${problemCount} problem${problemCount === 1 ? '' : 's'}; nothing was imported.`, 'Fix the cells named above and import again.',
        problemCount > problems.length ? [...problems, `… and ${problemCount - problems.length} more`] : problems);
    }
    if (opts.dryRun) tx.rollback(); else tx.commit();
  } finally {
    tx.rollback(); // no-op after a commit
  }
  return { file, rows, ...counts, dryRun: opts.dryRun ?? false };
}

function checkHeader(cells: string[], name: string): string[] {
  const header = cells.map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const problems: string[] = [];
  const unknown = header.map((h, i) => ({ h, i })).filter(({ h }) => !(KNOWN as readonly string[]).includes(h));
  // one line per unknown column, up to a few: a file with 50 000 of them is one line, not 50 000
  for (const { h, i } of unknown.slice(0, 5)) problems.push(`${name}:1:${i + 1}: unknown column "${capText(h, 60)}" (known: ${KNOWN.join(', ')})`);
  if (unknown.length > 5) problems.push(`${name}:1: … and ${unknown.length - 5} more unknown column(s)`);
  for (const required of ['sku', 'title']) {
    if (!header.includes(required)) problems.push(`${name}:1: the column "${required}" is missing`);
  }
  if (problems.length > 0) throw usageError(`${name} has the wrong columns.`, undefined, problems);
  return header;
}

/** One row as a product (undefined fields keep an existing product's value); its problems go to `problem`. */
function readRow(r: string[], rowNo: number, header: string[], table: TableInfo, currency: string, problem: (text: string) => void): ProductInput {
  const name = table.name;
  const at = (h: string) => `${name}:${rowNo}:${h}`;
  const get = (h: string) => { const i = header.indexOf(h); return i >= 0 ? r[i] ?? '' : ''; };
  // More cells than columns is usually an unquoted decimal comma (12,50 read as 12 and 50)
  if (r.length > header.length && r.slice(header.length).some((c) => c !== '')) {
    problem(`${name}:${rowNo}: ${r.length} cells but ${header.length} columns (a comma inside a value? quote it, or write 12.50)`);
  }
  const sku = get('sku');
  const title = get('title');
  if (!sku) problem(`${at('sku')}: empty sku`);
  if (!title) problem(`${at('title')}: empty title`);
  const skuWhy = sku ? skuProblem(sku) : undefined;
  if (skuWhy) problem(`${at('sku')}: the sku "${capText(sku, 60)}" ${skuWhy}`);
  // An empty cell or a missing column leaves an existing product's value as it is.
  const money = (h: string): number | null | undefined => {
    const v = get(h);
    if (!v) return undefined;
    const m = tableMoney(table, v);
    if (m === undefined || m < 0) {
      const beyond = parseMoneyUnbounded(v, { decimalComma: table.decimalComma });
      problem(`${at(h)}: "${capText(v, 60)}" ${beyond !== undefined && beyond >= 0 ? moneyProblem(beyond) : `is not a price (this file writes prices like ${decimalExample(table)})`}`);
      return null;
    }
    return m;
  };
  const count = (h: string): number | null | undefined => {
    const v = get(h);
    if (!v) return undefined;
    if (!/^\d+$/.test(v)) { problem(`${at(h)}: "${capText(v, 60)}" is not a whole number of 0 or more`); return null; }
    if (Number(v) > MAX_QUANTITY) { problem(`${at(h)}: ${capText(v, 60)} is more than omni accepts (at most ${MAX_QUANTITY})`); return null; }
    return Number(v);
  };
  return {
    sku, title, currency, priceMinor: money('price'), costMinor: money('cost'),
    barcode: get('barcode') || undefined, brand: get('brand') || undefined, description: get('description') || undefined,
    reorderPoint: count('reorder_point'), reorderQty: count('reorder_qty'),
  };
}
