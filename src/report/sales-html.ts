// The sales and best-seller reports as self-contained HTML pages: inline SVG charts (net revenue
// per channel, product or location; net revenue per day with a y-axis), then the tables. No
// scripts, fonts or images from elsewhere; reads on a phone. Times in the shop's zone, said once.
import { escapeHtml as e, htmlPage, pageMeta, tableHtml } from './html.js';
import { barChart, lineChart, type Bar } from './charts.js';
import { formatMoney } from '../core/money.js';
import { percent, plural, type SalesReport, type SalesRow } from '../app/sales-report.js';

function salesBars(rows: readonly SalesRow[], currency: string): Bar[] {
  return rows.map((r) => ({
    key: r.key, label: r.label, value: r.netMinor,
    text: `${formatMoney(r.netMinor, currency)} · ${plural(r.units, 'unit')} · ${percent(r.share)}`,
    data: { net: r.netMinor, gross: r.grossMinor, units: r.units },
  }));
}

const BY = { channel: 'channel', product: 'product', location: 'location' } as const;

function period(r: SalesReport): string {
  return r.firstDay === r.lastDay ? r.firstDay : `${r.firstDay} – ${r.lastDay}`;
}

export function renderSalesHtml(r: SalesReport): string {
  const m = (v: number) => formatMoney(v, r.currency);
  const t = r.totals;
  const parts = [
    pageMeta(`${period(r)}`, r.generatedAt, r.timezone),
    ...r.warnings.map((w) => `<p class="guard">${e(w)}</p>`),
    `<p><span class="stat">Orders <b id="total-orders">${t.orders}</b></span><span class="stat">Units <b id="total-units">${t.units}</b></span>`
      + `<span class="stat">Gross <b id="total-gross">${e(m(t.grossMinor))}</b></span>`
      + `<span class="stat">Returns <b id="total-returns">${e(m(t.returnsMinor))}</b> (<span id="total-returned">${plural(t.returnedUnits, 'unit')}</span>)</span>`
      + `<span class="stat">Net <b id="total-net">${e(m(t.netMinor))}</b></span></p>`,
    `<h2>Net revenue per ${BY[r.by]}</h2>`,
    r.rows.length ? barChart('sales-bars', `Net revenue per ${BY[r.by]}`, salesBars(r.rows, r.currency)) : '<p class="meta">No sales in this period.</p>',
    '<h2>Net revenue per day</h2>',
    lineChart('trend', 'Net revenue per day', r.trend.map((d) => ({ label: d.day, value: d.netMinor })), m),
    `<h2>Sales by ${BY[r.by]}</h2>`,
    tableHtml([r.by, 'units', 'returned', 'gross', 'returns', 'net', 'share'],
      r.rows.map((x) => [x.label, x.units, x.returnedUnits, m(x.grossMinor), m(x.returnsMinor), m(x.netMinor), percent(x.share)]), 'sales', [1, 2, 3, 4, 5, 6]),
  ];
  return htmlPage(`Sales by ${BY[r.by]}`, parts.join('\n'));
}

export function renderBestSellersHtml(r: SalesReport): string {
  const m = (v: number) => formatMoney(v, r.currency);
  const parts = [pageMeta(period(r), r.generatedAt, r.timezone), ...r.warnings.map((w) => `<p class="guard">${e(w)}</p>`)];
  if (r.bestSellers.length === 0) parts.push('<p class="meta">No sales in this period.</p>');
  for (const b of r.bestSellers) {
    parts.push(`<h2>${e(b.channel)}</h2>`,
      barChart(`best-${b.channel}-bars`, `Best sellers on ${b.channel} by net revenue`, b.items.map((i) => ({
        key: i.sku, label: i.sku, value: i.netMinor, text: `${m(i.netMinor)} · ${plural(i.units, 'unit')}`, data: { net: i.netMinor, units: i.units },
      }))),
      tableHtml(['rank', 'sku', 'title', 'units', 'returned', 'net'], b.items.map((i, n) => [n + 1, i.sku, i.title, i.units, i.returnedUnits, m(i.netMinor)]), `best-${b.channel}`, [0, 3, 4, 5]));
  }
  return htmlPage('Best sellers', parts.join('\n'));
}
