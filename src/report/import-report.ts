// A supplier import's summary as Markdown (terminal), CSV (one line per change) and a
// self-contained HTML page. JSON is the summary object itself.
import type { ImportSummary } from '../import/summary.js';
import { formatAmount, formatMoney } from '../core/money.js';
import { toCsv } from './csv.js';
import { escapeHtml, htmlPage } from './html.js';

const SHOW = 20;

function title(s: ImportSummary): string {
  return `${s.dryRun ? 'Dry run: ' : ''}supplier import ${s.supplier} — ${s.source}`;
}

function headline(s: ImportSummary): string {
  const c = s.counts;
  const state = s.status === 'invalid' ? `${c.rejected} bad row${c.rejected === 1 ? '' : 's'}: nothing was written`
    : s.status === 'refused' ? 'stopped by a feed circuit breaker: nothing was written'
    : s.dryRun ? 'nothing was written (dry run)'
      : s.status === 'partial' ? `written, ${c.rejected} bad row${c.rejected === 1 ? '' : 's'} skipped` : 'written';
  return `${c.rows} rows: ${c.newItems} new, ${c.changedItems} changed, ${c.unchanged} unchanged; ${c.matched} matched to products, ${c.unmatched} not; `
    + `${c.newProducts} new products, ${c.costChanges} cost changes, ${c.stockChanges} stock changes, ${c.missing} missing from the feed — ${state}.`;
}

const pct = (p: number) => `${p > 0 ? '+' : ''}${p}%`;

type Section = { name: string; total: number; headers: string[]; rows: (string | number)[][] };

function sections(s: ImportSummary): Section[] {
  const m = (v: number | null) => formatMoney(v, s.currency);
  const c = s.counts;
  return [
    { name: 'Problems', total: s.status === 'ok' ? 0 : c.rejected, headers: ['row', 'column', 'problem'], rows: s.problems.map((p) => [p.row, p.column, p.message]) },
    { name: 'New products', total: c.newProducts, headers: ['sku', 'title', 'cost', 'price'], rows: s.newProducts.map((p) => [p.sku, p.title, m(p.costMinor), m(p.priceMinor)]) },
    { name: 'Cost changes', total: c.costChanges, headers: ['supplier sku', 'sku', 'old', 'new', 'change'], rows: s.costChanges.map((x) => [x.supplierSku, x.sku ?? '', m(x.before), m(x.after), pct(x.percent)]) },
    { name: 'Supplier stock changes', total: c.stockChanges, headers: ['supplier sku', 'sku', 'old', 'new'], rows: s.stockChanges.map((x) => [x.supplierSku, x.sku ?? '', x.before ?? '', x.after ?? '']) },
    { name: 'Dropship stock counts', total: c.dropshipCounts, headers: ['sku', 'location', 'on hand', 'counted'], rows: s.dropship.map((x) => [x.sku, x.location, x.before, x.after]) },
    { name: 'Missing from the feed (kept, not deleted)', total: c.missing, headers: ['supplier sku', 'sku', 'title'], rows: s.missing.map((x) => [x.supplierSku, x.sku ?? '', x.title ?? '']) },
  ];
}

const mdCell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function importReportMarkdown(s: ImportSummary, show = SHOW): string {
  const out = [`# ${title(s)}`, '', headline(s)];
  const where = [s.format, s.encoding, s.delimiter ? `delimiter ${JSON.stringify(s.delimiter)}` : '', s.sheet ? `sheet "${s.sheet}"` : ''].filter(Boolean).join(', ');
  out.push('', `Read as ${where}.`);
  for (const sec of sections(s)) {
    if (sec.total === 0) continue;
    out.push('', `## ${sec.name} (${sec.total})`, '', `| ${sec.headers.join(' | ')} |`, `|${sec.headers.map(() => '---').join('|')}|`);
    for (const r of sec.rows.slice(0, show)) out.push(`| ${r.map(mdCell).join(' | ')} |`);
    if (sec.total > Math.min(show, sec.rows.length)) out.push('', `… and ${sec.total - Math.min(show, sec.rows.length)} more (see the JSON, CSV or HTML report).`);
  }
  if (s.warnings.length) out.push('', '## Warnings', '', ...s.warnings.slice(0, show).map((w) => `- ${w}`));
  if (s.rejectsFile) out.push('', `Rejected rows: ${s.rejectsFile}`);
  return out.join('\n');
}

/**
 * One line per listed item: section, keys, before, after, currency, note. Costs are plain amounts
 * (5.20) with the currency in its own column; counts are counts. Cells are formula-escaped.
 */
export function importReportCsv(s: ImportSummary): string {
  const rows: unknown[][] = [];
  const amount = (v: number | null) => (v === null ? '' : formatAmount(v));
  for (const p of s.problems) rows.push(['problem', '', '', p.row, p.column, '', p.message]);
  for (const p of s.newProducts) rows.push(['new product', '', p.sku, '', amount(p.costMinor), s.currency, p.title]);
  for (const x of s.costChanges) rows.push(['cost', x.supplierSku, x.sku, amount(x.before), amount(x.after), s.currency, x.percent]);
  for (const x of s.stockChanges) rows.push(['supplier stock', x.supplierSku, x.sku, x.before, x.after, '', '']);
  for (const x of s.dropship) rows.push(['dropship count', '', x.sku, x.before, x.after, '', x.location]);
  for (const x of s.missing) rows.push(['missing', x.supplierSku, x.sku, '', '', '', x.title]);
  return toCsv(['section', 'supplier_sku', 'sku', 'before', 'after', 'currency', 'note'], rows);
  // note: the change in percent for costs (a number), the title or location otherwise
}

export function importReportHtml(s: ImportSummary): string {
  const c = s.counts;
  const stat = (label: string, v: number) => `<span class="stat"><b>${v}</b> ${escapeHtml(label)}</span>`;
  const badge = s.status === 'invalid' || s.status === 'refused' ? 'failed' : s.status === 'partial' ? 'partial' : 'ok';
  const parts = [
    `<p><span class="badge ${badge}">${escapeHtml(s.dryRun ? 'dry run' : s.status)}</span> <span class="meta">${escapeHtml(s.at)} · ${escapeHtml(s.format)}${s.encoding ? ` · ${escapeHtml(s.encoding)}` : ''}</span></p>`,
    `<p>${stat('rows', c.rows)}${stat('new', c.newItems)}${stat('changed', c.changedItems)}${stat('unchanged', c.unchanged)}${stat('bad', c.rejected)}${stat('missing', c.missing)}${stat('new products', c.newProducts)}</p>`,
    `<p>${escapeHtml(headline(s))}</p>`,
  ];
  for (const sec of sections(s)) {
    if (sec.total === 0) continue;
    const numeric = (v: string | number) => typeof v === 'number' || /^[-+]?\d/.test(String(v));
    parts.push(`<h2>${escapeHtml(sec.name)} (${sec.total})</h2><table><thead><tr>${sec.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>`
      + sec.rows.map((r) => `<tr>${r.map((v) => `<td${numeric(v) ? ' class="n"' : ''}>${escapeHtml(v)}</td>`).join('')}</tr>`).join('')
      + `</tbody></table>${sec.total > sec.rows.length ? `<p class="meta">… and ${sec.total - sec.rows.length} more.</p>` : ''}`);
  }
  if (s.warnings.length) parts.push(`<h2>Warnings</h2><ul>${s.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`);
  return htmlPage(title(s), parts.join('\n'));
}
