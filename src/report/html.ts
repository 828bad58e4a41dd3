// A self-contained HTML page (no external assets) that reads well on a phone, and the pieces
// every report page shares: the line saying when, and in which time zone, and plain tables.
import { formatInZone } from '../core/zone.js';

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The page's one line of context: what it covers, when it was made, and the zone its times are in. */
export function pageMeta(covers: string, generatedAt: string, timezone: string): string {
  return `<p class="meta" id="meta">${escapeHtml(covers)}${covers ? ' · ' : ''}generated ${escapeHtml(formatInZone(new Date(generatedAt), timezone))} · `
    + `times and days in <span id="timezone">${escapeHtml(timezone)}</span></p>`;
}

/** A table; cells given as numbers, and columns listed in `right`, are right-aligned. */
export function tableHtml(headers: readonly string[], rows: readonly (readonly (string | number | null)[])[], id: string, right: readonly number[] = []): string {
  const cell = (c: string | number | null, i: number) => (typeof c === 'number' || right.includes(i) ? `<td class="n">${escapeHtml(c)}</td>` : `<td>${escapeHtml(c)}</td>`);
  return `<table id="${escapeHtml(id)}"><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:960px;padding:12px;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}
th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;white-space:nowrap}td.n{text-align:right}
/* a chart fills the page; on a phone it keeps a readable size and scrolls sideways, like the tables */
.chart-wrap{overflow-x:auto}svg.chart{display:block;width:100%;min-width:560px;height:auto}
.badge{font-size:.8em;padding:2px 6px;border-radius:4px;background:#eee}.ok,.applied{background:#e6f4ea}
.failed,.refused{background:#fce8e6}.partial,.stale{background:#fef7e0}.guard{border-left:4px solid #d93025;padding:4px 10px;background:#fce8e6}
.stat{display:inline-block;margin-right:12px}.meta{color:#666}.error{color:#b00}
.bar{height:14px;background:#4285f4;display:inline-block;vertical-align:middle}
h3{font-size:1em;margin:1em 0 .3em}ul.warnings li{margin:.2em 0;white-space:normal}td.why{white-space:normal;color:#444;font-size:.9em}
</style></head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}
