// Push: the planned changes as ONE import file in the POS's own layout, for the owner to import
// in the POS back office. Quantities are absolute (the new stock); written to a temp name and
// renamed, so a half-written file never looks like a finished one.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Change } from '../../src/core/connector.js';
import { csvCell } from '../../src/report/csv.js';
import { formatAmount } from '../../src/core/money.js';
import type { ImportLayout } from './presets.js';

export interface ImportRow { sku: string; name: string; priceMinor: number | undefined; quantity: number | undefined; token: string; handle: string; variation: string }

/** One row per sku: its new price and/or stock; what did not change is filled from the listing. */
export function importRows(changes: readonly Change[]): ImportRow[] {
  const rows = new Map<string, ImportRow>();
  for (const c of changes) {
    const extra = (c.target.extra ?? {}) as { name?: string; token?: string; handle?: string; variation?: string; priceMinor?: number };
    // The POS knows the item by its own sku (the listing's), which may differ from the master's.
    const sku = c.channelSku;
    let row = rows.get(sku);
    if (!row) {
      const name = c.content?.title ?? extra.name ?? sku;
      rows.set(sku, row = { sku, name, priceMinor: extra.priceMinor, quantity: undefined, token: extra.token ?? '', handle: extra.handle ?? slug(name), variation: extra.variation ?? '' });
    }
    if (c.action === 'stock') row.quantity = Number(c.after);
    if (c.action === 'price') row.priceMinor = Number(c.after);
    if (c.action === 'create') {
      row.quantity = c.desired?.quantity ?? Number(c.after);
      row.priceMinor = c.desired?.priceMinor ?? row.priceMinor;
    }
  }
  return [...rows.values()];
}

export function renderImport(layout: ImportLayout, rows: readonly ImportRow[], o: { posLocation: string; decimalComma: boolean; delimiter: string }): string {
  const headers = layout.headers.map((h) => h.replace('{loc}', o.posLocation));
  const colOf = (name: string | undefined) => (name === undefined ? -1 : headers.indexOf(name.replace('{loc}', o.posLocation)));
  const money = (m: number | undefined) => (m === undefined ? '' : formatAmount(m, { decimalComma: o.decimalComma }));
  const cellText = (v: string) => {
    const c = csvCell(v);
    return o.delimiter !== ',' && c.includes(o.delimiter) && !c.startsWith('"') ? `"${c}"` : c;
  };
  const lines = [headers.map(cellText).join(o.delimiter)];
  for (const r of rows) {
    const cells = headers.map(() => '');
    const put = (field: keyof ImportLayout['fill'], v: string) => { const i = colOf(layout.fill[field]); if (i >= 0) cells[i] = v; };
    put('sku', r.sku); put('name', r.name); put('token', r.token); put('handle', r.handle); put('variation', r.variation);
    put('price', money(r.priceMinor)); put('quantity', r.quantity === undefined ? '' : String(r.quantity));
    for (const [h, v] of Object.entries(layout.defaults ?? {})) { const i = colOf(h); if (i >= 0 && cells[i] === '') cells[i] = v; }
    for (const [h, v] of Object.entries(layout.constants ?? {})) { const i = colOf(h); if (i >= 0) cells[i] = v; }
    lines.push(cells.map(cellText).join(o.delimiter));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Write atomically; `{date}` in the name becomes the run's time (20260601-093000). */
export function writeImportFile(pattern: string, baseDir: string, now: Date, content: string, encoding: BufferEncoding): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const file = path.resolve(baseDir, pattern.replace('{date}', stamp));
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { encoding });
  renameSync(tmp, file);
  return file;
}

function slug(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
