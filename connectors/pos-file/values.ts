// Cells to values: whole quantities, money in minor units, and naive local date-times to UTC.
// Each returns undefined for a cell it cannot read, so the caller can name file:row:column.
import { parseMoney } from '../../src/core/money.js';
import { isSaneQuantity } from '../../src/core/bounds.js';

/** "2", "2.0", "-1.000", "2,000" (decimal comma) → 2; a fraction, text or a number beyond the sane bound → undefined. */
export function parseQuantity(text: string, decimalComma: boolean): number | undefined {
  const s = decimalComma ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  if (!/^[-+]?\d+(\.\d+)?$/.test(s.trim())) return undefined;
  const n = Number(s);
  return Number.isInteger(n) && isSaneQuantity(n) ? n : undefined;
}

/** "$8.00", "-$8.00", "8,00" → minor units; "(8.00)" → -800. */
export function parsePrice(text: string, decimalComma: boolean): number | undefined {
  const t = text.trim();
  const neg = /^\(.*\)$/.test(t);
  const v = parseMoney(t.replace(/^\((.*)\)$/, '$1').replace(/^-\s*([$€£])/, '$1-').replace(/^([$€£])\s*-/, '-'), { decimalComma });
  return v === undefined ? undefined : neg ? -v : v;
}

export type DateOrder = 'ymd' | 'mdy' | 'dmy';

/**
 * "2026-07-18" + "12:59:30", "2026-07-18T12:59:30Z", "7/28/26 1:33 PM", "28.07.2026 13:33" →
 * ISO UTC. A date-time without offset is read in `timeZone`.
 */
export function parseDateTime(date: string, time: string, order: DateOrder, timeZone: string): string | undefined {
  const text = `${date.trim()} ${time.trim()}`.trim();
  if (/\d[T ]\d.*(Z|[+-]\d\d:?\d\d)$/.test(text)) {
    const d = new Date(text.replace(' ', 'T'));
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  const m = /^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(text);
  if (!m) return undefined;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let [y, mo, d] = m[1]!.length === 4 ? [a, b, c] : order === 'dmy' ? [c, b, a] : [c, a, b];
  if (y < 100) y += 2000;
  let h = Number(m[4] ?? 0);
  const ampm = m[7]?.toLowerCase();
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  const min = Number(m[5] ?? 0), s = Number(m[6] ?? 0);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || min > 59 || s > 59) return undefined;
  const naive = Date.UTC(y, mo - 1, d, h, min, s);
  if (new Date(naive).getUTCDate() !== d) return undefined;
  // Two passes find the zone's offset at that wall time (DST-safe except in the skipped hour).
  let utc = naive - offsetMs(naive, timeZone);
  utc = naive - offsetMs(utc, timeZone);
  return new Date(utc).toISOString();
}

// One formatter per zone: building one per sale line was a fifth of reading a big export.
const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(at: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(at / 1000) * 1000;
}
