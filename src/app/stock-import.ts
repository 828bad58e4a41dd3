// `omni stock import`: opening stock or a full stocktake from a CSV (sku,location,quantity), booked as
// count movements, all or nothing. The idempotency key is the file's content and row, so importing
// the same file twice books nothing the second time (a later sale is never undone by a re-run).
// The file is streamed twice (a stocktake of a big catalog has a million rows): once to check it
// and hash its content (the key every row needs), once to book it in one transaction.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { eachCsvRecord } from './csv-file.js';
import type { Db } from '../db/open.js';
import { countWriter } from '../db/ledger.js';
import { productUpserter } from '../db/products.js';
import { beginImport } from '../db/import-transaction.js';
import { RowMarks } from '../import/row-marks.js';
import { LIST_CAP } from '../import/summary.js';
import { usageError } from '../core/errors.js';

export interface StockImportSummary { file: string; rows: number; changed: number; unchanged: number; dryRun: boolean }

interface CountRow { sku: string; location: string; counted: number; rowNo: number }
type Columns = { sku: number; location: number; quantity: number };

/** Each valid row of the file in order; throws one error listing the problems when any row is bad. Returns the content hash. */
function eachCount(db: Db, file: string, locations: readonly string[], onRow: ((r: CountRow) => void) | undefined): { rows: number; hash: string } {
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (text: string) => { problemCount++; if (problems.length < LIST_CAP) problems.push(text); };
  const products = productUpserter(db);
  /** The row of each (product, location), by product rowid × locations + location: a second is a duplicate. */
  const firstRow = new RowMarks();
  // The same hash as JSON.stringify(records) of the whole file, built record by record, so the
  // keys of files imported before stay the same.
  const hash = createHash('sha256').update('[');
  let col: Columns | undefined;
  let rows = 0;
  const name = path.basename(file);
  eachCsvRecord(file, (r, rowNo) => {
    hash.update(col ? `,${JSON.stringify(r)}` : JSON.stringify(r));
    if (!col) { col = columns(r, name); return; }
    rows++;
    const sku = r[col.sku] ?? '', location = r[col.location] ?? '', qty = r[col.quantity] ?? '';
    const rowid = sku ? products.rowidOf(sku) : undefined;
    if (!sku) problem(`${name}:${rowNo}:sku: empty sku`);
    else if (rowid === undefined) problem(`${name}:${rowNo}:sku: unknown sku "${sku}" (add it with \`omni products add\` or \`products import\`)`);
    const loc = locations.indexOf(location);
    if (loc < 0) problem(`${name}:${rowNo}:location: unknown location "${location}" (known: ${locations.join(', ')})`);
    if (!/^\d+$/.test(qty)) problem(`${name}:${rowNo}:quantity: "${qty}" is not a whole number of 0 or more`);
    if (rowid !== undefined && loc >= 0) {
      const key = rowid * locations.length + loc;
      const first = firstRow.get(key);
      if (first) problem(`${name}:${rowNo}: ${sku} at ${location} again (first on row ${first})`);
      else firstRow.set(key, rowNo);
    }
    if (problemCount === 0) onRow?.({ sku, location, counted: Number(qty), rowNo });
  });
  if (!col) throw usageError(`${name}:1: the column(s) sku, location, quantity are missing.`, 'The first row must be the header: sku,location,quantity');
  if (rows === 0) throw usageError(`${name} has a header but no rows.`);
  if (problemCount) {
    throw usageError(`${name}: ${problemCount} problem(s); nothing was booked.`, 'Fix the cells named below and import again.',
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

export function importStock(db: Db, file: string, locations: readonly string[], opts: { dryRun?: boolean } = {}): StockImportSummary {
  const { rows, hash } = eachCount(db, file, locations, undefined);
  let changed = 0;
  const tx = beginImport(db);
  try {
    const counts = countWriter(db);
    const reason = `stock import ${path.basename(file)}`;
    eachCount(db, file, locations, (r) => {
      const m = counts.apply({ sku: r.sku, location: r.location, counted: r.counted, idempotencyKey: `stock-import:${hash}:${r.rowNo}`, reason });
      if (m.applied && m.onHand !== m.before) changed++;
    });
    if (opts.dryRun) tx.rollback(); else tx.commit();
  } finally {
    tx.rollback(); // no-op after a commit
  }
  return { file, rows, changed, unchanged: rows - changed, dryRun: opts.dryRun ?? false };
}
