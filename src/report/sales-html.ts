// The sales report as one self-contained HTML page: inline SVG charts (revenue bars per channel,
// a daily trend line), then the tables. No scripts, fonts or images from elsewhere; reads on a phone.
import { escapeHtml as e, htmlPage } from './html.js';
import { formatMoney } from '../core/money.js';
import { percent, type SalesReport, type SalesRow } from '../app/sales-report.js';
import type { LocationStock } from '../db/sales.js';

export interface RunSummary { id: number; job: string; status: string; startedAt: string; finishedAt: string | null; error: string | null }

export interface SalesPageInput {
  report: SalesReport;
  stock?: readonly LocationStock[] | undefined;
  runs?: readonly RunSummary[] | undefined;
  title?: string | undefined;
}

const COLOURS = ['#4285f4', '#34a853', '#fbbc04', '#ea4335', '#9334e6', '#00acc1', '#ff7043'];

export function channelBars(rows: readonly SalesRow[], currency: string): string {
  if (rows.length === 0) return '<p class="meta">No sales in this period.</p>';
  const max = Math.max(...rows.map((r) => r.revenueMinor), 1);
  const rowH = 28;
  const w = 600;
  const labelW = 110;
  const barMax = 300;
  const bars = rows.map((r, i) => {
    const y = i * rowH;
    const bw = Math.max(1, Math.round((r.revenueMinor / max) * barMax));
    return `<g class="bar-row" data-channel="${e(r.key)}" data-revenue="${r.revenueMinor}" data-units="${r.units}">`
      + `<text x="0" y="${y + 18}" font-size="15">${e(r.label)}</text>`
      + `<rect x="${labelW}" y="${y + 5}" width="${bw}" height="18" fill="${COLOURS[i % COLOURS.length]}"><title>${e(r.label)}: ${e(formatMoney(r.revenueMinor, currency))}</title></rect>`
      + `<text x="${labelW + bw + 6}" y="${y + 18}" font-size="14">${e(formatMoney(r.revenueMinor, currency))} · ${r.units} units · ${percent(r.share)}</text></g>`;
  }).join('');
  return `<svg id="channel-bars" role="img" aria-label="Revenue per channel" viewBox="0 0 ${w} ${rows.length * rowH + 6}" width="100%" style="max-width:${w}px">${bars}</svg>`;
}

export function trendLine(points: SalesReport['trend'], currency: string): string {
  if (points.length === 0) return '';
  const w = 600;
  const h = 160;
  const pad = 30;
  const max = Math.max(...points.map((p) => p.revenueMinor), 1);
  const x = (i: number) => pad + (points.length === 1 ? 0 : (i * (w - 2 * pad)) / (points.length - 1));
  const y = (v: number) => h - pad - (v / max) * (h - 2 * pad);
  const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(p.revenueMinor).toFixed(1)}`).join(' ');
  const first = points[0]!.day;
  const last = points[points.length - 1]!.day;
  return `<svg id="trend" role="img" aria-label="Revenue per day" viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px">`
    + `<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#999"/>`
    + `<polyline fill="none" stroke="#4285f4" stroke-width="2" points="${coords}" data-points="${points.length}"/>`
    + `<text x="${pad}" y="${h - 8}" font-size="13">${e(first)}</text><text x="${w - pad}" y="${h - 8}" font-size="13" text-anchor="end">${e(last)}</text>`
    + `<text x="${pad}" y="${pad - 10}" font-size="13">max ${e(formatMoney(max, currency))} / day</text></svg>`;
}

function tableHtml(headers: readonly string[], rows: readonly (readonly (string | number)[])[], id: string): string {
  const cell = (c: string | number) => (typeof c === 'number' ? `<td class="n">${c}</td>` : `<td>${e(c)}</td>`);
  return `<table id="${id}"><thead><tr>${headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

export function renderSalesHtml(input: SalesPageInput): string {
  const r = input.report;
  const m = (v: number) => formatMoney(v, r.currency);
  const parts = [
    `<p class="meta">${e(r.since.slice(0, 10))} – ${e(r.until.slice(0, 10))} · generated ${e(r.generatedAt)}</p>`,
    ...r.warnings.map((w) => `<p class="guard">${e(w)}</p>`),
    `<p><span class="stat">Orders <b id="total-orders">${r.totals.orders}</b></span><span class="stat">Units <b id="total-units">${r.totals.units}</b></span>`
      + `<span class="stat">Revenue <b id="total-revenue">${e(m(r.totals.revenueMinor))}</b></span><span class="stat">Returned <b id="total-returned">${r.totals.returned}</b></span></p>`,
    '<h2>Revenue per channel</h2>', channelBars(r.byChannel, r.currency),
    '<h2>Revenue per day</h2>', trendLine(r.trend, r.currency),
    `<h2>Sales by ${e(r.by)}</h2>`,
    tableHtml([r.by, 'units', 'returned', 'revenue', 'share'], r.rows.map((x) => [x.label, x.units, x.returned, m(x.revenueMinor), percent(x.share)]), 'sales'),
    '<h2>Best sellers per channel</h2>',
    ...r.bestSellers.map((b) => `<h3>${e(b.channel)}</h3>` + tableHtml(['sku', 'title', 'units', 'revenue'], b.items.map((i) => [i.sku, i.title, i.units, m(i.revenueMinor)]), `best-${b.channel}`)),
  ];
  if (input.stock) {
    parts.push('<h2>Stock by location</h2>', tableHtml(['location', 'name', 'skus', 'units', 'value at cost'],
      input.stock.map((s) => [s.location, s.name, s.skus, s.units, m(s.valueMinor)]), 'stock'));
  }
  if (input.runs) {
    parts.push('<h2>Run journal</h2>', input.runs.length === 0 ? '<p class="meta">No runs yet.</p>'
      : tableHtml(['run', 'job', 'status', 'started', 'finished', 'error'], input.runs.map((x) => [x.id, x.job, x.status, x.startedAt, x.finishedAt ?? '', x.error ?? '']), 'runs'));
  }
  return htmlPage(input.title ?? `Sales by ${r.by}`, parts.join('\n'));
}
