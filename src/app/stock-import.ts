// `omni stock import`: opening stock or a full stocktake from a CSV (sku,location,quantity), booked as
// count movements, all or nothing. A count is a statement about the shelf "as of" a time (--as-of,
// else the file's date): movements that occurred after it (sales booked since) are kept on top of
// it, so a file read late undoes nothing. The key is the content, the as-of and the row: the same
// file again books nothing, and the same numbers counted again later (week2.csv) are a new count.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { readTable } from './csv-file.js';
import type { Db } from '../db/open.js';
import { applyCount, onHand } from '../db/ledger.js';
import { getProduct } from '../db/products.js';
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
}

// `position`: the row's place among the file's non-blank rows (header = 1), which the idempotency
// keys have always used — a file imported before keeps its keys; messages give the real row.
interface CountRow { sku: string; location: string; counted: number; rowNo: number; position: number }

function readCounts(db: Db, file: string, locations: readonly string[]): { rows: CountRow[]; hash: string } {
  const { name, records } = readTable(file);
  const header = (records[0]?.cells ?? []).map((h) => h.toLowerCase());
  const col = { sku: header.indexOf('sku'), location: header.indexOf('location'), quantity: header.indexOf('quantity') };
  const missing = Object.entries(col).filter(([, i]) => i < 0).map(([k]) => k);
  if (missing.length) throw usageError(`${name}:1: the column(s) ${missing.join(', ')} are missing.`, 'The first row must be the header: sku,location,quantity');
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const rows: CountRow[] = [];
  records.slice(1).forEach(({ rowNo, cells: r }, i) => {
    const sku = r[col.sku] ?? '', location = r[col.location] ?? '', qty = r[col.quantity] ?? '';
    if (!sku) problems.push(`${name}:${rowNo}:sku: empty sku`);
    else if (skuProblem(sku)) problems.push(`${name}:${rowNo}:sku: the sku "${capText(sku, 60)}" ${skuProblem(sku)}`);
    else if (!getProduct(db, sku)) problems.push(`${name}:${rowNo}:sku: unknown sku "${capText(sku, 60)}" (add it with \`omni products add\` or \`products import\`)`);
    if (!locations.includes(location)) problems.push(`${name}:${rowNo}:location: unknown location "${capText(location, 60)}" (known: ${locations.join(', ')})`);
    if (!/^\d+$/.test(qty)) problems.push(`${name}:${rowNo}:quantity: "${capText(qty, 60)}" is not a whole number of 0 or more`);
    else if (Number(qty) > MAX_QUANTITY) problems.push(`${name}:${rowNo}:quantity: ${capText(qty, 60)} is more than omni accepts (at most ${MAX_QUANTITY})`);
    const at = `${sku}@${location}`;
    if (seen.has(at)) problems.push(`${name}:${rowNo}: ${sku} at ${location} again (first on row ${seen.get(at)})`);
    seen.set(at, rowNo);
    rows.push({ sku, location, counted: Number(qty), rowNo, position: i + 2 });
  });
  if (rows.length === 0) throw usageError(`${name} has a header but no rows.`);
  if (problems.length) throw usageError(`${name}: ${problems.length} problem(s); nothing was booked.`, 'Fix the cells named above and import again.', problems);
  return { rows, hash: createHash('sha256').update(JSON.stringify(records.map((r) => r.cells))).digest('hex').slice(0, 16) };
}

export function importStock(db: Db, file: string, locations: readonly string[], opts: StockImportOptions): StockImportSummary {
  const { rows, hash } = readCounts(db, file, locations);
  const asOf = (opts.asOf ?? new Date(Math.min(statSync(file).mtimeMs, opts.now.getTime()))).toISOString();
  let changed = 0, superseded = 0;
  const ROLLBACK = Symbol('dry-run');
  try {
    db.transaction(() => {
      for (const r of rows) {
        const before = onHand(db, r.sku, r.location);
        const m = applyCount(db, { sku: r.sku, location: r.location, counted: r.counted, asOf, idempotencyKey: `stock-import:${hash}:${asOf}:${r.position}`, reason: `stock import ${path.basename(file)}` });
        if (m.supersededBy) superseded++;
        else if (m.applied && m.onHand !== before) changed++;
      }
      if (opts.dryRun) throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return { file, asOf, rows: rows.length, changed, unchanged: rows.length - changed - superseded, superseded, dryRun: opts.dryRun ?? false };
}
