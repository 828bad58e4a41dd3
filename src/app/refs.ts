// Small parsers for the business commands' arguments: order references, periods, whole numbers.
// Pure: `now` is passed in.
import { usageError } from '../core/errors.js';
import { instantOf, startOfLocalDay } from '../core/zone.js';
import { MAX_QUANTITY } from '../core/bounds.js';
import { capText } from '../core/text.js';

export interface OrderRef { channel: string; remoteId: string }

/** "shopify:1001" → { channel: 'shopify', remoteId: '1001' } (the id may itself contain colons). */
export function parseOrderRef(text: string): OrderRef {
  const at = text.indexOf(':');
  const channel = at > 0 ? text.slice(0, at).trim() : '';
  const remoteId = at > 0 ? text.slice(at + 1).trim() : '';
  if (!channel || !remoteId) {
    throw usageError(`"${text}" is not an order reference.`, 'Write CHANNEL:ORDER-ID, e.g. shopify:1001 (see `omni orders list`).');
  }
  return { channel, remoteId };
}

const DAY = 86_400_000;

/**
 * "30d", "12w", "6m", "1y" before `now`, or a date "2026-01-31": the start of that day in the
 * shop's time zone (`timezone`, UTC when not given), or a full ISO time as written.
 */
export function parseSince(text: string, now: Date, flag = '--since', timezone = 'UTC'): Date {
  const s = text.trim();
  const rel = /^(\d+)\s*([dwmy])$/i.exec(s);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2]!.toLowerCase();
    if (unit === 'd') return new Date(now.getTime() - n * DAY);
    if (unit === 'w') return new Date(now.getTime() - n * 7 * DAY);
    const d = new Date(now);
    if (unit === 'm') d.setUTCMonth(d.getUTCMonth() - n);
    else d.setUTCFullYear(d.getUTCFullYear() - n);
    return d;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))) return startOfLocalDay(s, timezone);
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})?$/.test(s)) {
    const d = new Date(s);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw usageError(`${flag} "${text}" is not a period or a date.`, 'Use e.g. 30d, 12w, 6m, 1y or a date like 2026-01-31.');
}

/** Days in a period like "30d" (for sales velocity windows). */
export function periodDays(text: string, now: Date, flag: string): number {
  const since = parseSince(text, now, flag);
  const days = Math.round((now.getTime() - since.getTime()) / DAY);
  if (days < 1) throw usageError(`${flag} "${text}" must cover at least one day.`);
  return days;
}

export function parseWhole(text: unknown, flag: string, opts: { min?: number } = {}): number {
  const s = String(text).trim();
  const min = opts.min ?? 0;
  if (!/^\d+$/.test(s) || Number(s) < min) throw usageError(`${flag} "${capText(s, 40)}" is not a whole number of ${min} or more.`);
  if (Number(s) > MAX_QUANTITY) throw usageError(`${flag} ${capText(s, 40)} is more than omni accepts (at most ${MAX_QUANTITY}).`);
  return Number(s);
}

/**
 * When a count was taken: an exact ISO time ("2026-03-01T09:00:00Z", "…+01:00"), a wall time in
 * the shop's time zone ("2026-03-01 09:00"), or a date (the start of that day there). Never later
 * than `now`: a count of the future cannot be true yet.
 */
export function parseAsOf(text: string, now: Date, timeZone: string, flag = '--as-of'): Date {
  const s = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  let at: Date | undefined;
  if (m && m[7]) at = new Date(s.replace(' ', 'T'));
  else if (m) at = new Date(instantOf(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)), timeZone));
  if (!at || Number.isNaN(at.getTime())) {
    throw usageError(`${flag} "${text}" is not a date or time.`, `Use e.g. 2026-03-01, "2026-03-01 18:30" (in ${timeZone}) or 2026-03-01T18:30:00Z.`);
  }
  if (at.getTime() > now.getTime()) throw usageError(`${flag} ${at.toISOString()} is in the future.`, 'A count states what was on the shelf at a time that has passed.');
  return at;
}
