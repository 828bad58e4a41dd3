// `omni products import`: a simple products CSV into the master, all or nothing.
// Every bad row is reported as file:row:column; nothing is written unless the whole file is good.
import { readTable, tableMoney, decimalExample } from './csv-file.js';
import type { Db } from '../db/open.js';
import { upsertProduct, type ProductInput, type UpsertOutcome } from '../db/products.js';
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

export function readProductsCsv(file: string, currency: string): ProductInput[] {
  const table = readTable(file);
  const { name, records } = table;
  if (records.length === 0) throw usageError(`${name} is empty.`, `The first row must be the header: ${KNOWN.join(',')}`);
  const header = records[0]!.cells.map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const problems: string[] = [];
  const unknown = header.map((h, i) => ({ h, i })).filter(({ h }) => !(KNOWN as readonly string[]).includes(h));
  // one line per unknown column, up to a few: a file with 50 000 of them is one line, not 50 000
  for (const { h, i } of unknown.slice(0, 5)) problems.push(`${name}:1:${i + 1}: unknown column "${capText(h, 60)}" (known: ${KNOWN.join(', ')})`);
  if (unknown.length > 5) problems.push(`${name}:1: … and ${unknown.length - 5} more unknown column(s)`);
  for (const required of ['sku', 'title']) {
    if (!header.includes(required)) problems.push(`${name}:1: the column "${required}" is missing`);
  }
  if (problems.length > 0) throw usageError(`${name} has the wrong columns.`, undefined, problems);
  if (records.length === 1) throw usageError(`${name} has a header but no products.`);

  const col = (h: string) => header.indexOf(h);
  const seen = new Map<string, number>();
  const rows: ProductInput[] = [];
  records.slice(1).forEach(({ rowNo, cells: r }) => {
    const at = (h: string) => `${name}:${rowNo}:${h}`;
    const get = (h: string) => (col(h) >= 0 ? (r[col(h)] ?? '').trim() : '');
    // More cells than columns is usually an unquoted decimal comma (12,50 read as 12 and 50)
    if (r.length > header.length && r.slice(header.length).some((c) => c !== '')) problems.push(`${name}:${rowNo}: ${r.length} cells but ${header.length} columns (a comma inside a value? quote it, or write 12.50)`);
    const sku = get('sku');
    const title = get('title');
    if (!sku) problems.push(`${at('sku')}: empty sku`);
    if (!title) problems.push(`${at('title')}: empty title`);
    const skuWhy = sku ? skuProblem(sku) : undefined;
    if (skuWhy) problems.push(`${at('sku')}: the sku "${capText(sku, 60)}" ${skuWhy}`);
    if (sku && seen.has(sku)) problems.push(`${at('sku')}: duplicate sku "${sku}" (first on row ${seen.get(sku)})`);
    if (sku) seen.set(sku, rowNo);
    // An empty cell or a missing column leaves an existing product's value as it is.
    const money = (h: string): number | null | undefined => {
      const v = get(h);
      if (!v) return undefined;
      const m = tableMoney(table, v);
      if (m === undefined || m < 0) {
        const beyond = parseMoneyUnbounded(v, { decimalComma: table.decimalComma });
        problems.push(`${at(h)}: "${capText(v, 60)}" ${beyond !== undefined && beyond >= 0 ? moneyProblem(beyond) : `is not a price (this file writes prices like ${decimalExample(table)})`}`);
        return null;
      }
      return m;
    };
    const count = (h: string): number | null | undefined => {
      const v = get(h);
      if (!v) return undefined;
      if (!/^\d+$/.test(v)) { problems.push(`${at(h)}: "${capText(v, 60)}" is not a whole number of 0 or more`); return null; }
      if (Number(v) > MAX_QUANTITY) { problems.push(`${at(h)}: ${capText(v, 60)} is more than omni accepts (at most ${MAX_QUANTITY})`); return null; }
      return Number(v);
    };
    rows.push({
      sku, title, currency, priceMinor: money('price'), costMinor: money('cost'),
      barcode: get('barcode') || undefined, brand: get('brand') || undefined, description: get('description') || undefined,
      reorderPoint: count('reorder_point'), reorderQty: count('reorder_qty'),
    });
  });
  if (problems.length > 0) {
    throw usageError(`${name}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported.`,
      'Fix the cells named above and import again.', problems);
  }
  return rows;
}

export function importProducts(db: Db, file: string, currency: string, opts: { dryRun?: boolean } = {}): ImportSummary {
  const rows = readProductsCsv(file, currency);
  const counts: Record<UpsertOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  const ROLLBACK = Symbol('dry-run');
  try {
    db.transaction(() => {
      for (const r of rows) counts[upsertProduct(db, r)]++;
      if (opts.dryRun) throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return { file, rows: rows.length, ...counts, dryRun: opts.dryRun ?? false };
}
