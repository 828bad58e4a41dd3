// `omni stock import`: opening stock or a full stocktake from a CSV (sku,location,quantity), booked as
// count movements, all or nothing. The idempotency key is the file's content and row, so importing
// the same file twice books nothing the second time (a later sale is never undone by a re-run).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readTable } from './csv-file.js';
import type { Db } from '../db/open.js';
import { applyCount, onHand } from '../db/ledger.js';
import { getProduct } from '../db/products.js';
import { usageError } from '../core/errors.js';

export interface StockImportSummary { file: string; rows: number; changed: number; unchanged: number; dryRun: boolean }

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
    else if (!getProduct(db, sku)) problems.push(`${name}:${rowNo}:sku: unknown sku "${sku}" (add it with \`omni products add\` or \`products import\`)`);
    if (!locations.includes(location)) problems.push(`${name}:${rowNo}:location: unknown location "${location}" (known: ${locations.join(', ')})`);
    if (!/^\d+$/.test(qty)) problems.push(`${name}:${rowNo}:quantity: "${qty}" is not a whole number of 0 or more`);
    const at = `${sku}@${location}`;
    if (seen.has(at)) problems.push(`${name}:${rowNo}: ${sku} at ${location} again (first on row ${seen.get(at)})`);
    seen.set(at, rowNo);
    rows.push({ sku, location, counted: Number(qty), rowNo, position: i + 2 });
  });
  if (rows.length === 0) throw usageError(`${name} has a header but no rows.`);
  if (problems.length) throw usageError(`${name}: ${problems.length} problem(s); nothing was booked.`, 'Fix the cells named above and import again.', problems);
  return { rows, hash: createHash('sha256').update(JSON.stringify(records.map((r) => r.cells))).digest('hex').slice(0, 16) };
}

export function importStock(db: Db, file: string, locations: readonly string[], opts: { dryRun?: boolean } = {}): StockImportSummary {
  const { rows, hash } = readCounts(db, file, locations);
  let changed = 0;
  const ROLLBACK = Symbol('dry-run');
  try {
    db.transaction(() => {
      for (const r of rows) {
        const before = onHand(db, r.sku, r.location);
        const m = applyCount(db, { sku: r.sku, location: r.location, counted: r.counted, idempotencyKey: `stock-import:${hash}:${r.position}`, reason: `stock import ${path.basename(file)}` });
        if (m.applied && m.onHand !== before) changed++;
      }
      if (opts.dryRun) throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return { file, rows: rows.length, changed, unchanged: rows.length - changed, dryRun: opts.dryRun ?? false };
}
