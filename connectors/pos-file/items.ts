// The POS's item export → what the POS lists for its store: sku, name, price and stock (the
// listing state the planner diffs against), plus barcode → sku for matching sales by barcode.
// The same file (or any sku + quantity sheet) read as a stock count gives count movements.
import type { RemoteListing } from '../../src/core/connector.js';
import type { Columns } from './presets.js';
import { cell, locate, type Table } from './read-table.js';
import { parsePrice, parseQuantity } from './values.js';
import { capText, skuProblem } from '../../src/core/text.js';

export interface ItemsResult { listings: RemoteListing[]; barcodes: Map<string, string>; problems: string[]; warnings: string[]; posLocation: string | undefined }

export function readItems(t: Table, cols: Columns, o: { decimalComma: boolean; posLocation?: string | undefined }): ItemsResult {
  const { at, location } = locate(t, cols, ['sku'], o.posLocation);
  const listings: RemoteListing[] = [], problems: string[] = [], warnings: string[] = [];
  const barcodes = new Map<string, string>();
  const bySku = new Set<string>();
  for (const r of t.rows) {
    const sku = cell(r, at.sku);
    if (!sku) continue; // an item without a sku is not one omni can address
    const skuWhy = skuProblem(sku);
    if (skuWhy) { problems.push(`${t.file}:${r.rowNo}:${t.header[at.sku!]}: sku "${capText(sku, 60)}" ${skuWhy}`); continue; }
    if (bySku.has(sku)) { warnings.push(`${t.file}:${r.rowNo}:${t.header[at.sku!]}: sku "${sku}" listed twice; the first row is used`); continue; }
    bySku.add(sku);
    const barcode = cell(r, at.barcode);
    if (barcode) barcodes.set(barcode.replace(/^'/, ''), sku);
    const priceText = cell(r, at.price);
    const priceMinor = priceText && !/^variable$/i.test(priceText) ? parsePrice(priceText, o.decimalComma) : undefined;
    if (priceText && priceMinor === undefined && !/^variable$/i.test(priceText)) problems.push(`${t.file}:${r.rowNo}:${t.header[at.price!]}: "${capText(priceText, 40)}" is not a price`);
    const stockText = cell(r, at.stock);
    const quantity = stockText ? parseQuantity(stockText, o.decimalComma) : undefined;
    if (stockText && quantity === undefined) warnings.push(`${t.file}:${r.rowNo}:${t.header[at.stock!]}: "${capText(stockText, 40)}" is not a whole number; stock of ${sku} left unknown`);
    const extra = Object.fromEntries(Object.entries({ name: cell(r, at.name), token: cell(r, at.token), handle: cell(r, at.handle), variation: cell(r, at.variation), priceMinor }).filter(([, v]) => v !== '' && v !== undefined));
    listings.push({ sku, remoteId: cell(r, at.token) || cell(r, at.handle) || sku, quantity, priceMinor, extra });
  }
  return { listings, barcodes, problems, warnings, posLocation: location };
}
