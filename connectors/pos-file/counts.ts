// A stock-count export (the POS's item export, or a stocktake sheet of sku + counted) → counts for
// the POS's omni location. The engine books each difference from on-hand as a count movement.
import type { ManagedCount } from '../../src/core/connector.js';
import type { Columns } from './presets.js';
import { cell, locate, type Table } from './read-table.js';
import { parseQuantity } from './values.js';
import { capText, skuProblem } from '../../src/core/text.js';

/**
 * A count export (the item export, or a stocktake sheet: sku + counted) → counts for `location`,
 * as of `asOf` (the export's time): sales booked after it are kept on top of the counts.
 */
export function readCounts(t: Table, cols: Columns, location: string, o: { decimalComma: boolean; posLocation?: string | undefined; asOf?: string | undefined }): { counts: ManagedCount[]; problems: string[]; warnings: string[] } {
  const { at } = locate(t, cols, ['sku', 'stock'], o.posLocation);
  const counts: ManagedCount[] = [], problems: string[] = [], warnings: string[] = [];
  const seen = new Set<string>();
  for (const r of t.rows) {
    const sku = cell(r, at.sku), text = cell(r, at.stock);
    if (!sku || text === '') continue;
    const skuWhy = skuProblem(sku);
    if (skuWhy) { problems.push(`${t.file}:${r.rowNo}:${t.header[at.sku!]}: sku "${capText(sku, 60)}" ${skuWhy}`); continue; }
    const quantity = parseQuantity(text, o.decimalComma);
    if (quantity === undefined) { problems.push(`${t.file}:${r.rowNo}:${t.header[at.stock!]}: "${capText(text, 40)}" is not a count (a whole number up to 1,000,000,000)`); continue; }
    if (quantity < 0) { warnings.push(`${t.file}:${r.rowNo}:${t.header[at.stock!]}: the POS shows ${quantity} of ${sku} (oversold); not booked as a count — count it`); continue; }
    if (seen.has(sku)) { problems.push(`${t.file}:${r.rowNo}:${t.header[at.sku!]}: sku "${sku}" counted twice`); continue; }
    seen.add(sku);
    counts.push({ location, sku, quantity, ...(o.asOf ? { asOf: o.asOf } : {}) });
  }
  return { counts, problems, warnings };
}
