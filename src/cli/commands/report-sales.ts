// `omni report sales | best-sellers | stock-locations | journal`: terminal tables, JSON, CSV, and
// the self-contained HTML page with charts (every section, whichever report asked for it).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace, type Workspace } from '../../app/workspace.js';
import { buildSalesReport, percent, type SalesBy, type SalesReport } from '../../app/sales-report.js';
import { parseSince, parseWhole } from '../../app/refs.js';
import { saleLines, stockByLocation } from '../../db/sales.js';
import { listRuns } from '../../db/runs.js';
import { renderSalesHtml } from '../../report/sales-html.js';
import { toCsv } from '../../report/csv.js';
import { formatMoney } from '../../core/money.js';
import { usageError } from '../../core/errors.js';

type Format = 'table' | 'json' | 'csv' | 'html';
interface Flags { by?: string; since?: string; until?: string; format?: string; output?: string; top?: string; limit?: string }

function salesFor(ws: Workspace, o: Flags, now: Date): SalesReport {
  const by = (o.by ?? 'channel') as SalesBy;
  if (!['channel', 'product', 'location'].includes(by)) throw usageError(`--by "${o.by}" is not channel, product or location.`);
  const since = parseSince(o.since ?? '30d', now);
  const until = o.until ? parseSince(o.until, now, '--until') : now;
  if (since >= until) throw usageError('--since must be before --until.');
  const top = o.top ? parseWhole(o.top, '--top', { min: 1 }) : 5;
  return buildSalesReport(saleLines(ws.db, since, until), { by, since, until, now, currency: ws.config.currency, top });
}

function formatOf(o: Flags, g: GlobalOptions): Format {
  const f = g.json ? 'json' : o.format ?? (o.output?.endsWith('.html') ? 'html' : o.output?.endsWith('.csv') ? 'csv' : 'table');
  if (!['table', 'json', 'csv', 'html'].includes(f)) throw usageError(`--format "${f}" is not table, json, csv or html.`);
  return f as Format;
}

interface Rendered {
  json: unknown; headers: string[]; rows: (string | number | null)[][]; empty: string; footer?: string;
  /** CSV for spreadsheets: plain numbers instead of formatted money and percentages. */
  csv?: { headers: string[]; rows: (string | number | null)[][] };
}

async function run(name: string, o: Flags, g: GlobalOptions, render: (ws: Workspace, r: SalesReport) => Rendered): Promise<number> {
  const now = new Date();
  const format = formatOf(o, g);
  const ws = await openWorkspace(g);
  try {
    const report = salesFor(ws, o, now);
    const out = new Output(g);
    for (const w of report.warnings) out.warn(w);
    const r = render(ws, report);
    const text = format === 'json' ? JSON.stringify(r.json, null, 2) + '\n'
      : format === 'csv' ? toCsv(r.csv?.headers ?? r.headers, r.csv?.rows ?? r.rows)
        : format === 'html' ? renderSalesHtml({ report, stock: stockByLocation(ws.db), runs: listRuns(ws.db, 30), title: `Sales ${report.since.slice(0, 10)} – ${report.until.slice(0, 10)}` })
          : (r.rows.length === 0 ? r.empty : table(r.headers, r.rows) + (r.footer ? `\n\n${r.footer}` : '')) + '\n';
    const file = o.output ?? (format === 'html' ? path.join(path.resolve(ws.dir, ws.config.reports_dir), `${name}-${now.toISOString().slice(0, 10)}.html`) : undefined);
    if (file) {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      writeFileSync(file, text);
      if (g.json && format === 'json') process.stdout.write(text);
      else out.result({ file, format }, () => `Wrote the ${name} report to ${file}.`);
    } else {
      process.stdout.write(text);
    }
  } finally { ws.close(); }
  return 0;
}

export async function sales(_a: unknown[], o: Flags, g: GlobalOptions): Promise<number> {
  return run('sales', o, g, (_ws, r) => {
    const m = (v: number) => formatMoney(v, r.currency);
    return {
      json: r, headers: [r.by, 'units', 'returned', 'revenue', 'share'], empty: `No sales between ${r.since.slice(0, 10)} and ${r.until.slice(0, 10)}.`,
      rows: r.rows.map((x) => [x.label, x.units, x.returned, m(x.revenueMinor), percent(x.share)]),
      csv: {
        headers: [r.by, 'units', 'returned', 'revenue', 'currency', 'share_percent'],
        rows: r.rows.map((x) => [x.label, x.units, x.returned, (x.revenueMinor / 100).toFixed(2), r.currency, (x.share * 100).toFixed(1)]),
      },
      footer: `total: ${r.totals.orders} orders, ${r.totals.units} units, ${m(r.totals.revenueMinor)} (${r.since.slice(0, 10)} – ${r.until.slice(0, 10)})`,
    };
  });
}

export async function bestSellers(_a: unknown[], o: Flags, g: GlobalOptions): Promise<number> {
  return run('best-sellers', o, g, (_ws, r) => ({
    json: { since: r.since, until: r.until, currency: r.currency, bestSellers: r.bestSellers },
    headers: ['channel', 'rank', 'sku', 'title', 'units', 'revenue'], empty: 'No sales in this period.',
    rows: r.bestSellers.flatMap((b) => b.items.map((i, n) => [b.channel, n + 1, i.sku, i.title, i.units, formatMoney(i.revenueMinor, r.currency)])),
  }));
}

export async function stockLocations(_a: unknown[], o: Flags, g: GlobalOptions): Promise<number> {
  return run('stock-by-location', o, g, (ws, r) => {
    const rows = stockByLocation(ws.db);
    return {
      json: rows, headers: ['location', 'name', 'kind', 'skus', 'units', 'value at cost'], empty: 'No locations.',
      rows: rows.map((s) => [s.location, s.name, s.kind, s.skus, s.units, formatMoney(s.valueMinor, r.currency)]),
    };
  });
}

export async function journal(_a: unknown[], o: Flags, g: GlobalOptions): Promise<number> {
  const limit = o.limit ? parseWhole(o.limit, '--limit', { min: 1 }) : 30;
  return run('journal', o, g, (ws) => {
    const runs = listRuns(ws.db, limit);
    return {
      json: runs, headers: ['run', 'job', 'status', 'dry run', 'started', 'finished', 'error'], empty: 'No runs yet.',
      rows: runs.map((x) => [x.id, x.job, x.status, x.dryRun ? 'yes' : '', x.startedAt, x.finishedAt, x.error]),
    };
  });
}
