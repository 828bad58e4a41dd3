// The stock-by-location report as a self-contained HTML page: a snapshot (no period) of units and
// their value at cost per location, a bar per location, then the table.
import { htmlPage, pageMeta, tableHtml } from './html.js';
import { barChart } from './charts.js';
import { formatMoney } from '../core/money.js';
import { plural } from '../app/sales-report.js';
import type { LocationStock } from '../db/sales.js';

export interface StockReport { generatedAt: string; timezone: string; currency: string; locations: LocationStock[] }

export function renderStockHtml(r: StockReport): string {
  const m = (v: number) => formatMoney(v, r.currency);
  const total = r.locations.reduce((s, l) => ({ units: s.units + l.units, valueMinor: s.valueMinor + l.valueMinor }), { units: 0, valueMinor: 0 });
  return htmlPage('Stock by location', [
    pageMeta('on hand now', r.generatedAt, r.timezone),
    `<p><span class="stat">Units <b id="total-units">${total.units}</b></span><span class="stat">Value at cost <b id="total-value">${m(total.valueMinor)}</b></span></p>`,
    '<h2>Value at cost per location</h2>',
    barChart('stock-bars', 'Value at cost per location', r.locations.map((l) => ({
      key: l.location, label: l.location, value: l.valueMinor, text: `${m(l.valueMinor)} · ${plural(l.units, 'unit')}`, data: { value: l.valueMinor, units: l.units },
    }))),
    '<h2>Locations</h2>',
    tableHtml(['location', 'name', 'kind', 'skus', 'units', 'value at cost'], r.locations.map((l) => [l.location, l.name, l.kind, l.skus, l.units, m(l.valueMinor)]), 'stock', [5]),
  ].join('\n'));
}
