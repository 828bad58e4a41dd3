// `omni stock import`: opening stock or a full stocktake from a CSV (sku,location,quantity), booked as
// count movements, all or nothing. The idempotency key is the file's content and row, so importing
// the same file twice books nothing the second time (a later sale is never undone by a re-run).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readCsvRecords } from './csv-file.js';
import type { Db } from '../db/open.js';
import { applyCount, onHand } from '../db/ledger.js';
import { getProduct } from '../db/products.js';
import { listLocations } from '../db/locations.js';
import { isBundle } from '../db/bundles.js';
import { usageError } from '../core/errors.js';

export interface StockImportSummary { file: string; rows: number; changed: number; unchanged: number; dryRun: boolean }

interface CountRow { sku: string; location: string; counted: number; rowNo: number }

function readCounts(db: Db, file: string, locations: readonly string[]): { rows: CountRow[]; hash: string } {
  const managed = new Map(listLocations(db).filter((l) => l.managedBy).map((l) => [l.code, l.managedBy!]));
  const { name, records } = readCsvRecords(file);
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const col = { sku: header.indexOf('sku'), location: header.indexOf('location'), quantity: header.indexOf('quantity') };
  const missing = Object.entries(col).filter(([, i]) => i < 0).map(([k]) => k);
  if (missing.length) throw usageError(`${name}:1: the column(s) ${missing.join(', ')} are missing.`, 'The first row must be the header: sku,location,quantity');
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const rows: CountRow[] = [];
  records.slice(1).forEach((r, i) => {
    const rowNo = i + 2;
    const sku = r[col.sku] ?? '', location = r[col.location] ?? '', qty = r[col.quantity] ?? '';
    if (!sku) problems.push(`${name}:${rowNo}:sku: empty sku`);
    else if (!getProduct(db, sku)) problems.push(`${name}:${rowNo}:sku: unknown sku "${sku}" (add it with \`omni products add\` or \`products import\`)`);
    if (!locations.includes(location)) problems.push(`${name}:${rowNo}:location: unknown location "${location}" (known: ${locations.join(', ')})`);
    else if (managed.has(location)) problems.push(`${name}:${rowNo}:location: ${location} is counted by ${managed.get(location)} (omni books its count at every sync); leave it out of the file`);
    if (sku && isBundle(db, sku) && qty !== '0') problems.push(`${name}:${rowNo}:sku: ${sku} is a bundle: it holds no stock of its own (count its components)`);
    if (!/^\d+$/.test(qty)) problems.push(`${name}:${rowNo}:quantity: "${qty}" is not a whole number of 0 or more`);
    const at = `${sku}@${location}`;
    if (seen.has(at)) problems.push(`${name}:${rowNo}: ${sku} at ${location} again (first on row ${seen.get(at)})`);
    seen.set(at, rowNo);
    rows.push({ sku, location, counted: Number(qty), rowNo });
  });
  if (rows.length === 0) throw usageError(`${name} has a header but no rows.`);
  if (problems.length) throw usageError(`${name}: ${problems.length} problem(s); nothing was booked.`, 'Fix the cells named below and import again.', problems);
  return { rows, hash: createHash('sha256').update(JSON.stringify(records)).digest('hex').slice(0, 16) };
}

export function importStock(db: Db, file: string, locations: readonly string[], opts: { dryRun?: boolean } = {}): StockImportSummary {
  const { rows, hash } = readCounts(db, file, locations);
  let changed = 0;
  const ROLLBACK = Symbol('dry-run');
  try {
    db.transaction(() => {
      for (const r of rows) {
        const before = onHand(db, r.sku, r.location);
        const m = applyCount(db, { sku: r.sku, location: r.location, counted: r.counted, idempotencyKey: `stock-import:${hash}:${r.rowNo}`, reason: `stock import ${path.basename(file)}` });
        if (m.applied && m.onHand !== before) changed++;
      }
      if (opts.dryRun) throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return { file, rows: rows.length, changed, unchanged: rows.length - changed, dryRun: opts.dryRun ?? false };
}
