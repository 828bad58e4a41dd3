// Without an item export, the POS's listing state is what omni last sent it: the remembered
// listings, overlaid with the newest import file omni wrote (which also holds the items it
// created, so they are not planned as new again).
import type { RemoteListing } from '../../src/core/connector.js';
import type { ImportLayout } from './presets.js';
import { cell, locate, newestMatch, readTable, type ReadOptions } from './read-table.js';
import { parsePrice, parseQuantity } from './values.js';

export function lastPushedListings(known: ReadonlyMap<string, RemoteListing>, importPattern: string, baseDir: string, layout: ImportLayout,
  o: ReadOptions & { decimalComma: boolean; posLocation: string | undefined }): { listings: RemoteListing[]; file: string | undefined } {
  const bySku = new Map<string, RemoteListing>([...known].map(([sku, l]) => [sku, { ...l }]));
  const file = newestMatch(importPattern.replace('{date}', '*'), baseDir);
  if (file) {
    const t = readTable(file, o);
    const cols = Object.fromEntries(Object.entries(layout.fill).map(([k, v]) => [k, [v]]));
    const { at } = locate(t, { sku: cols.sku, name: cols.name, price: cols.price, stock: cols.quantity, token: cols.token, handle: cols.handle, variation: cols.variation }, ['sku'], o.posLocation);
    for (const r of t.rows) {
      const sku = cell(r, at.sku);
      if (!sku) continue;
      const before = bySku.get(sku);
      const priceMinor = parsePrice(cell(r, at.price), o.decimalComma) ?? before?.priceMinor;
      const quantity = parseQuantity(cell(r, at.stock), o.decimalComma) ?? before?.quantity;
      const extra = { ...(before?.extra ?? {}), ...Object.fromEntries(Object.entries({ name: cell(r, at.name), token: cell(r, at.token), handle: cell(r, at.handle), variation: cell(r, at.variation) }).filter(([, v]) => v)), ...(priceMinor !== undefined ? { priceMinor } : {}) };
      bySku.set(sku, { ...before, sku, remoteId: before?.remoteId ?? (cell(r, at.token) || sku), quantity, priceMinor, extra });
    }
  }
  return { listings: [...bySku.values()], file };
}
