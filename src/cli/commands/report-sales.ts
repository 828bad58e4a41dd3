// `omni report sales | best-sellers | stock-by-location | journal`: terminal tables, JSON, CSV, and
// a self-contained HTML page per report. Days, periods and times are the shop's (config
// `timezone`), said once per output; money in CSV is a plain amount with its currency beside it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace, type Workspace } from '../../app/workspace.js';
import { buildSalesReport, percent, plural, startOfShopDay, type SalesBy, type SalesReport } from '../../app/sales-report.js';
import { parseSince, parseWhole } from '../../app/refs.js';
import { saleLines, stockByLocation } from '../../db/sales.js';
import { listRuns } from '../../db/runs.js';
import { renderSalesHtml, renderBestSellersHtml } from '../../report/sales-html.js';
import { renderStockHtml, type StockReport } from '../../report/stock-html.js';
import { renderJournalHtml, type JournalReport } from '../../report/journal-html.js';
import { runJson } from '../../report/run-json.js';
import { toCsv } from '../../report/csv.js';
import { formatAmount, formatMoney } from '../../core/money.js';
import { formatInZone, localDay } from '../../core/zone.js';
import { usageError } from '../../core/errors.js';
import { jsonText, type JsonFormat } from '../json-formats.js';

type Format = 'table' | 'json' | 'csv' | 'html';
type Cell = string | number | null;
interface Flags { by?: string; since?: string; until?: string; format?: string; output?: string; top?: string; limit?: string }

/** One report in every format it can be written in. */
interface Rendered {
  json: { format: JsonFormat; data: object };
  table: { headers: string[]; rows: Cell[][]; empty: string; footer: string };
  csv: { headers: string[]; rows: Cell[][] };
  html: () => string;
}

function formatOf(o: Flags, g: GlobalOptions): Format {
  const ext = o.output ? /\.(html|csv|json)$/i.exec(o.output)?.[1]?.toLowerCase() : undefined;
  const f = o.format ?? ext ?? (g.json ? 'json' : 'table');
  if (!['table', 'json', 'csv', 'html'].includes(f)) throw usageError(`--format "${f}" is not table, json, csv or html.`);
  return f as Format;
}

/** The period in the shop's days: --since 30d starts at the beginning of that day; a date at its midnight. */
function periodOf(o: Flags, now: Date, tz: string, defaultSince: string | undefined): { since: Date | undefined; until: Date } {
  const sinceText = o.since ?? defaultSince;
  const since = sinceText === undefined ? undefined
    : /^\d+\s*[dwmy]$/i.test(sinceText.trim()) ? startOfShopDay(parseSince(sinceText, now, '--since', tz), tz) : parseSince(sinceText, now, '--since', tz);
  const until = o.until ? parseSince(o.until, now, '--until', tz) : now;
  if (since && since >= until) throw usageError('--since must be before --until.');
  return { since, until };
}

function salesFor(ws: Workspace, o: Flags, now: Date): SalesReport {
  const by = (o.by ?? 'channel') as SalesBy;
  if (!['channel', 'product', 'location'].includes(by)) throw usageError(`--by "${o.by}" is not channel, product or location.`);
  const tz = ws.config.timezone;
  const { since, until } = periodOf(o, now, tz, '30d');
  const top = o.top ? parseWhole(o.top, '--top', { min: 1 }) : 5;
  return buildSalesReport(saleLines(ws.db, since!, until), { by, since: since!, until, now, currency: ws.config.currency, timezone: tz, top });
}

async function run(name: string, o: Flags, g: GlobalOptions, render: (ws: Workspace, now: Date, out: Output) => Rendered): Promise<number> {
  const now = new Date();
  const format = formatOf(o, g);
  const ws = await openWorkspace(g);
  try {
    const out = new Output(g);
    const r = render(ws, now, out);
    const t = r.table;
    const text = format === 'json' ? jsonText(r.json.format, r.json.data)
      : format === 'csv' ? toCsv(r.csv.headers, r.csv.rows)
        : format === 'html' ? r.html()
          : (t.rows.length === 0 ? t.empty : table(t.headers, t.rows)) + `\n\n${t.footer}\n`;
    const file = o.output ?? (format === 'html' ? path.join(path.resolve(ws.dir, ws.config.reports_dir), `${name}-${localDay(now, ws.config.timezone)}.html`) : undefined);
    if (file) {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      writeFileSync(file, text);
      out.result('report-written', { report: name, format, file: path.resolve(file) }, () => `Wrote the ${name} report to ${file}.`);
    } else {
      process.stdout.write(text);
    }
  } finally { ws.close(); }
  return 0;
}

const amount = (minor: number) => formatAmount(minor);

export async function sales(_a: unknown[], o: Flags, g: GlobalOptions): Promise<number> {
  return run('sales', o, g, (ws, now, out) => {
    const r = salesFor(ws, o, now);
    for (const w of r.warnings) out.warn(w);
    const m = (v: number) => formatMoney(v, r.currency);
    return {
      json: { format: 'report-sales', data: r },
      table: {
        headers: [r.by, 'units', 'returned', 'gross', 'returns', 'net', 'share'], empty: `No sales from ${r.firstDay} to ${r.lastDay}.`,
        rows: r.rows.map((x) => [x.label, x.units, x.returnedUnits, m(x.grossMinor), m(x.returnsMinor), m(x.netMinor), percent(x.share)]),
        footer: `total: ${plural(r.totals.orders, 'order')}, ${plural(r.totals.units, 'unit')}; gross ${m(r.totals.grossMinor)}, returns ${m(r.totals.returnsMinor)}, net ${m(r.totals.netMinor)}\n`
          + `${r.firstDay} – ${r.lastDay}, days in ${r.timezone}.`,
      },
      csv: {
        headers: [r.by, 'units', 'returned_units', 'gross', 'returns', 'net', 'currency', 'share_percent'],
        rows: r.rows.map((x) => [x.label, x.units, x.returnedUnits, amount(x.grossMinor), amount(x.returnsMinor), amount(x.netMinor), r.currency, (x.share * 100).toFixed(1)]),
      },
      html: () => renderSalesHtml(r),
    };
  });
}

export async function bestSellers(_a: unknown[], o: Flags, g: GlobalOptions): Promise<number> {
  return run('best-sellers', o, g, (ws, now, out) => {
    const r = salesFor(ws, o, now);
    for (const w of r.warnings) out.warn(w);
    const rows = r.bestSellers.flatMap((b) => b.items.map((i, n) => ({ channel: b.channel, rank: n + 1, ...i })));
    return {
      json: { format: 'report-best-sellers', data: { generatedAt: r.generatedAt, timezone: r.timezone, since: r.since, until: r.until, firstDay: r.firstDay, lastDay: r.lastDay, currency: r.currency, bestSellers: r.bestSellers } },
      table: {
        headers: ['channel', 'rank', 'sku', 'title', 'units', 'returned', 'net'], empty: `No sales from ${r.firstDay} to ${r.lastDay}.`,
        rows: rows.map((x) => [x.channel, x.rank, x.sku, x.title, x.units, x.returnedUnits, formatMoney(x.netMinor, r.currency)]),
        footer: `Ranked by net revenue; ${r.firstDay} – ${r.lastDay}, days in ${r.timezone}.`,
      },
      csv: {
        headers: ['channel', 'rank', 'sku', 'title', 'units', 'returned_units', 'net', 'currency'],
        rows: rows.map((x) => [x.channel, x.rank, x.sku, x.title, x.units, x.returnedUnits, amount(x.netMinor), r.currency]),
      },
      html: () => renderBestSellersHtml(r),
    };
  });
}

export async function stockLocations(_a: unknown[], o: Flags, g: GlobalOptions): Promise<number> {
  return run('stock-by-location', o, g, (ws, now) => {
    const r: StockReport = { generatedAt: now.toISOString(), timezone: ws.config.timezone, currency: ws.config.currency, locations: stockByLocation(ws.db) };
    return {
      json: { format: 'report-stock-by-location', data: r },
      table: {
        headers: ['location', 'name', 'kind', 'skus', 'units', 'value at cost'], empty: 'No locations.',
        rows: r.locations.map((s) => [s.location, s.name, s.kind, s.skus, s.units, formatMoney(s.valueMinor, r.currency)]),
        footer: `On hand at ${formatInZone(now, r.timezone)} (${r.timezone}); value at each product's cost.`,
      },
      csv: {
        headers: ['location', 'name', 'kind', 'skus', 'units', 'value_at_cost', 'currency'],
        rows: r.locations.map((s) => [s.location, s.name, s.kind, s.skus, s.units, amount(s.valueMinor), r.currency]),
      },
      html: () => renderStockHtml(r),
    };
  });
}

export async function journal(_a: unknown[], o: Flags, g: GlobalOptions): Promise<number> {
  const limit = o.limit ? parseWhole(o.limit, '--limit', { min: 1 }) : 30;
  return run('journal', o, g, (ws, now) => {
    const tz = ws.config.timezone;
    const { since, until } = periodOf(o, now, tz, undefined);
    const r: JournalReport = {
      generatedAt: now.toISOString(), timezone: tz, since: since?.toISOString() ?? null, until: o.until ? until.toISOString() : null,
      runs: listRuns(ws.db, limit, { since, until: o.until ? until : undefined }).map(runJson),
    };
    const at = (iso: string | null) => (iso ? formatInZone(new Date(iso), tz) : '');
    return {
      json: { format: 'report-journal', data: r },
      table: {
        headers: ['run', 'job', 'status', 'dry run', 'started', 'finished', 'error'], empty: 'No runs yet.',
        rows: r.runs.map((x) => [x.id, x.job, x.status, x.dryRun ? 'yes' : '', at(x.startedAt), at(x.finishedAt), (x.error ?? '').split('\n')[0]!.slice(0, 60)]),
        footer: `Times in ${tz}. Every change of a run: \`omni runs show ID\`.`,
      },
      csv: {
        headers: ['run', 'job', 'status', 'dry_run', `started (${tz})`, `finished (${tz})`, 'error'],
        rows: r.runs.map((x) => [x.id, x.job, x.status, x.dryRun ? 'yes' : 'no', at(x.startedAt), at(x.finishedAt), x.error]),
      },
      html: () => renderJournalHtml(r),
    };
  });
}
