// `omni stock import`: opening stock or a full stocktake from a file (sku,location,quantity), booked
// as count movements, all or nothing. A count is a statement about the shelf "as of" a time
// (--as-of, else the file's date): movements that occurred after it (sales booked since) are kept on
// top of it, so a file read late undoes nothing. The key is the content, the as-of and the row: the
// same file again books nothing, and the same numbers counted again later (week2.csv) are a new count.
// The file is streamed twice (a stocktake of a big catalog has a million rows): once to check it and
// hash its content (the key every row needs), once to book it in one transaction.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { eachTableRow } from './csv-file.js';
import type { Db } from '../db/open.js';
import { countWriter } from '../db/ledger.js';
import { beginImport, importChunkRows } from '../db/import-transaction.js';
import { listLocations } from '../db/locations.js';
import { productFlagsReader } from '../db/products.js';
import { RowMarks } from '../import/row-marks.js';
import { LIST_CAP } from '../import/summary.js';
import { usageError } from '../core/errors.js';
import { MAX_QUANTITY } from '../core/bounds.js';
import { capText, skuProblem } from '../core/text.js';

export interface StockImportSummary {
  file: string;
  /** The time the counts state the shelf at (ISO 8601 UTC). */
  asOf: string;
  rows: number;
  changed: number;
  unchanged: number;
  /** Rows older than a count already booked for that sku and location: they change nothing. */
  superseded: number;
  dryRun: boolean;
}

export interface StockImportOptions {
  dryRun?: boolean | undefined;
  /** When the shelf was counted; default the file's modification time (never later than `now`). */
  asOf?: Date | undefined;
  now: Date;
  /** Rows per chunk (default importChunkRows: a chunk is read in one query and booked in one read and one write); tests lower it to cross chunk edges. */
  chunk?: number | undefined;
}

/**
 * `position`: the row's place among the file's non-blank rows (header = 1), which the idempotency
 * keys have always used — a file imported before keeps its keys; messages give the real row.
 */
interface CountRow { sku: string; location: string; counted: number; rowNo: number; position: number }
type Columns = { sku: number; location: number; quantity: number };

/** A row waiting for its chunk: checked, in order, when the chunk's products have been read. */
interface Pending { table: string; rowNo: number; position: number; sku: string; location: string; qty: string }

/**
 * Each valid row of the file in order, a chunk at a time; throws one error listing the problems
 * when any row is bad. Returns the content hash.
 */
async function eachCount(db: Db, file: string, locations: readonly string[], chunkSize: number, onChunk: ((rows: CountRow[]) => void) | undefined): Promise<{ rows: number; hash: string }> {
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (text: string) => { problemCount++; if (problems.length < LIST_CAP) problems.push(text); };
  // Each product's rowid and whether it is a bundle, for a chunk of skus at once.
  const products = productFlagsReader(db);
  // A location a channel or supplier counts (FBA, dropship) takes its number from them at every sync.
  const managed = new Map(listLocations(db).filter((l) => l.managedBy).map((l) => [l.code, l.managedBy!]));
  /** The row of each (product, location), by product rowid × locations + location: a second is a duplicate. */
  const firstRow = new RowMarks();
  // The same hash as JSON.stringify(records) of the whole file, built record by record, so the
  // keys of files imported before stay the same.
  const hash = createHash('sha256').update('[');
  let col: Columns | undefined;
  let rows = 0;
  let position = 1;
  let pending: Pending[] = [];
  const flush = () => {
    const chunk = pending;
    pending = [];
    const found = products([...new Set(chunk.filter((e) => e.sku && !skuProblem(e.sku)).map((e) => e.sku))]);
    const valid: CountRow[] = [];
    for (const { table: name, rowNo, position, sku, location, qty } of chunk) {
      const skuWhy = sku ? skuProblem(sku) : undefined;
      const product = sku && !skuWhy ? found.get(sku) : undefined;
      const rowid = product?.[0];
      if (!sku) problem(`${name}:${rowNo}:sku: empty sku`);
      else if (skuWhy) problem(`${name}:${rowNo}:sku: the sku "${capText(sku, 60)}" ${skuWhy}`);
      else if (rowid === undefined) problem(`${name}:${rowNo}:sku: unknown sku "${capText(sku, 60)}" (add it with \`omni products add\` or \`products import\`)`);
      const loc = locations.indexOf(location);
      if (loc < 0) problem(`${name}:${rowNo}:location: unknown location "${capText(location, 60)}" (known: ${locations.join(', ')})`);
      else if (managed.has(location)) problem(`${name}:${rowNo}:location: ${location} is counted by ${managed.get(location)} (omni books its count at every sync); leave it out of the file`);
      if (product?.[1] && qty !== '0') problem(`${name}:${rowNo}:sku: ${sku} is a bundle: it holds no stock of its own (count its components)`);
      if (!/^\d+$/.test(qty)) problem(`${name}:${rowNo}:quantity: "${capText(qty, 60)}" is not a whole number of 0 or more`);
      else if (Number(qty) > MAX_QUANTITY) problem(`${name}:${rowNo}:quantity: ${capText(qty, 60)} is more than omni accepts (at most ${MAX_QUANTITY})`);
      if (rowid !== undefined && loc >= 0) {
        const key = rowid * locations.length + loc;
        const first = firstRow.get(key);
        if (first) problem(`${name}:${rowNo}: ${sku} at ${location} again (first on row ${first})`);
        else firstRow.set(key, rowNo);
      }
      // Once a row is bad nothing more is booked (the transaction is rolled back at the end).
      if (problemCount === 0) valid.push({ sku, location, counted: Number(qty), rowNo, position });
    }
    if (valid.length > 0) onChunk?.(valid);
  };
  const info = await eachTableRow(file, ({ rowNo, cells: r }, { name }) => {
    hash.update(col ? `,${JSON.stringify(r)}` : JSON.stringify(r));
    if (!col) { col = columns(r, name); return; }
    rows++;
    position++;
    pending.push({ table: name, rowNo, position, sku: r[col.sku] ?? '', location: r[col.location] ?? '', qty: r[col.quantity] ?? '' });
    if (pending.length >= chunkSize) flush();
  });
  if (pending.length > 0) flush();
  const name = info.name;
  if (!col) throw usageError(`${name}:1: the column(s) sku, location, quantity are missing.`, 'The first row must be the header: sku,location,quantity');
  if (rows === 0) throw usageError(`${name} has a header but no rows.`);
  if (problemCount) {
    throw usageError(`${name}: ${problemCount} problem(s); nothing was booked.`, 'Fix the cells named above and import again.',
      problemCount > problems.length ? [...problems, `… and ${problemCount - problems.length} more`] : problems);
  }
  return { rows, hash: hash.update(']').digest('hex').slice(0, 16) };
}

function columns(r: string[], name: string): Columns {
  const header = r.map((h) => h.toLowerCase());
  const col = { sku: header.indexOf('sku'), location: header.indexOf('location'), quantity: header.indexOf('quantity') };
  const missing = Object.entries(col).filter(([, i]) => i < 0).map(([k]) => k);
  if (missing.length) throw usageError(`${name}:1: the column(s) ${missing.join(', ')} are missing.`, 'The first row must be the header: sku,location,quantity');
  return col;
}

export async function importStock(db: Db, file: string, locations: readonly string[], opts: StockImportOptions): Promise<StockImportSummary> {
  const chunk = opts.chunk ?? importChunkRows(db);
  const { rows, hash } = await eachCount(db, file, locations, chunk, undefined);
  const asOf = (opts.asOf ?? new Date(Math.min(statSync(file).mtimeMs, opts.now.getTime()))).toISOString();
  let changed = 0, superseded = 0;
  const tx = beginImport(db);
  try {
    const counts = countWriter(db);
    const reason = `stock import ${path.basename(file)}`;
    await eachCount(db, file, locations, chunk, (rs) => {
      const booked = counts.applyChunk(rs.map((r) => ({ sku: r.sku, location: r.location, counted: r.counted, idempotencyKey: `stock-import:${hash}:${asOf}:${r.position}` })), { asOf, reason });
      for (const m of booked) {
        if (m.supersededBy) superseded++;
        else if (m.applied && m.onHand !== m.before) changed++;
      }
    });
    if (opts.dryRun) tx.rollback(); else tx.commit();
  } finally {
    tx.rollback(); // no-op after a commit
  }
  return { file, asOf, rows, changed, unchanged: rows - changed - superseded, superseded, dryRun: opts.dryRun ?? false };
}
