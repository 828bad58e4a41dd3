// Inline SVG charts for the self-contained HTML reports: horizontal bars and a line with a y-axis.
// Laid out from the text they hold (a label column as wide as the longest label, a value column
// as wide as the longest value), so nothing is clipped; drawn on a 900-unit-wide canvas that
// scales to the page width (width="100%"), never below 560 px: on a phone it scrolls sideways instead of shrinking its text.
import { escapeHtml as e } from './html.js';

export const CHART_WIDTH = 900;
const FONT = 14;
/** A generous average glyph width for system-ui at FONT px (digits and capitals are the widest). */
const CHAR = FONT * 0.62;
const COLOURS = ['#4285f4', '#34a853', '#fbbc04', '#ea4335', '#9334e6', '#00acc1', '#ff7043'];

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** What is written after the bar, e.g. "43.00 EUR · 5 units · 53.5%". */
  text: string;
  /** data-* attributes for tests and scripts, e.g. { net: 4300 }. */
  data?: Record<string, string | number>;
}

const textWidth = (s: string) => Math.ceil(s.length * CHAR);

/** A label cut to fit `width` (the whole label stays in the bar's tooltip). */
function fit(label: string, width: number): string {
  const max = Math.floor(width / CHAR);
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1))}…`;
}

export function barChart(id: string, ariaLabel: string, bars: readonly Bar[]): string {
  if (bars.length === 0) return '';
  const rowH = 30;
  const gap = 8;
  // a few units of margin on both sides: glyphs like "T" reach slightly past their text position
  const margin = 4;
  const labelW = Math.min(Math.max(...bars.map((b) => textWidth(b.label))), CHART_WIDTH * 0.35);
  const valueW = Math.max(...bars.map((b) => textWidth(b.text)));
  const barMax = Math.max(40, CHART_WIDTH - 2 * margin - labelW - valueW - 2 * gap);
  const max = Math.max(...bars.map((b) => b.value), 1);
  const rows = bars.map((b, i) => {
    const y = i * rowH;
    const w = Math.max(1, Math.round((Math.max(0, b.value) / max) * barMax));
    const data = Object.entries(b.data ?? {}).map(([k, v]) => ` data-${k}="${e(v)}"`).join('');
    return `<g class="bar-row" data-key="${e(b.key)}"${data}>`
      + `<text x="${margin}" y="${y + 20}" font-size="${FONT}">${e(fit(b.label, labelW))}</text>`
      + `<rect x="${margin + labelW + gap}" y="${y + 6}" width="${w}" height="18" fill="${COLOURS[i % COLOURS.length]}"><title>${e(b.label)}: ${e(b.text)}</title></rect>`
      + `<text class="value" x="${margin + labelW + gap + w + gap}" y="${y + 20}" font-size="${FONT}">${e(b.text)}</text></g>`;
  }).join('');
  return `<div class="chart-wrap"><svg id="${e(id)}" class="chart" role="img" aria-label="${e(ariaLabel)}" viewBox="0 0 ${CHART_WIDTH} ${bars.length * rowH + 6}" width="100%">${rows}</svg></div>`;
}

/** Round tick steps: 1, 2 or 5 × 10^n, about four of them up to `max`. */
export function ticks(max: number, count = 4): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) out.push(Math.round(v));
  return out;
}

export interface Point { label: string; value: number }

/** A line over the points with a y-axis (ticks formatted by `format`) and first/last x labels. */
export function lineChart(id: string, ariaLabel: string, points: readonly Point[], format: (v: number) => string): string {
  if (points.length === 0) return '';
  const h = 240;
  const top = 16;
  const bottom = 28;
  const max = Math.max(...points.map((p) => p.value), 0);
  const axis = ticks(max);
  const top_ = axis[axis.length - 1]! || 1;
  const left = Math.max(Math.max(...axis.map((t) => textWidth(format(t)))) + 12, Math.ceil(textWidth(points[0]!.label) / 2) + 4);
  const right = Math.ceil(textWidth(points[points.length - 1]!.label) / 2) + 4;
  const x = (i: number) => left + (points.length === 1 ? 0 : (i * (CHART_WIDTH - left - right)) / (points.length - 1));
  const y = (v: number) => top + (1 - v / top_) * (h - top - bottom);
  const grid = axis.map((t) => `<line x1="${left}" y1="${y(t).toFixed(1)}" x2="${CHART_WIDTH - right}" y2="${y(t).toFixed(1)}" stroke="#e3e3e3"/>`
    + `<text x="${left - 6}" y="${(y(t) + 5).toFixed(1)}" font-size="${FONT - 1}" text-anchor="end" data-tick="${t}">${e(format(t))}</text>`).join('');
  const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(Math.max(0, p.value)).toFixed(1)}`).join(' ');
  const first = points[0]!.label;
  const last = points[points.length - 1]!.label;
  return `<div class="chart-wrap"><svg id="${e(id)}" class="chart" role="img" aria-label="${e(ariaLabel)}" viewBox="0 0 ${CHART_WIDTH} ${h}" width="100%">`
    + `<g class="y-axis">${grid}<line x1="${left}" y1="${top}" x2="${left}" y2="${h - bottom}" stroke="#999"/></g>`
    + `<line x1="${left}" y1="${h - bottom}" x2="${CHART_WIDTH - right}" y2="${h - bottom}" stroke="#999"/>`
    + `<polyline fill="none" stroke="#4285f4" stroke-width="2" points="${coords}" data-points="${points.length}"/>`
    + `<text x="${left}" y="${h - 8}" font-size="${FONT - 1}" ${points.length === 1 ? '' : 'text-anchor="middle"'}>${e(first)}</text>`
    + (points.length > 1 ? `<text x="${x(points.length - 1).toFixed(1)}" y="${h - 8}" font-size="${FONT - 1}" text-anchor="middle">${e(last)}</text>` : '')
    + '</svg></div>';
}
