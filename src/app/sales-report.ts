// The sales report as data: gross sales, returns and net per channel, product or location with
// shares, best sellers per channel and a daily trend. Pure: the lines, the period and the shop's
// time zone are passed in. Every renderer (table, CSV, HTML, JSON) works from this object.
//
// - Gross is what was sold (quantity × unit price); returns are what came back of those lines
//   (the refund recorded, else the returned units at the line's price); net = gross − returns.
//   A return counts against the sale it belongs to, so a period's net is what its sales kept.
// - Days are the shop's days: a sale at 00:30 in Berlin is on that Berlin day (config `timezone`).
import type { SaleLine } from '../db/sales.js';
import { localDay, nextDay, startOfLocalDay } from '../core/zone.js';

export type SalesBy = 'channel' | 'product' | 'location';

export interface Amounts {
  units: number;
  returnedUnits: number;
  grossMinor: number;
  returnsMinor: number;
  netMinor: number;
}

export interface SalesRow extends Amounts {
  key: string;
  label: string;
  /** Share of net revenue (of units when there is none), 0..1. */
  share: number;
}

export interface BestSeller extends Amounts { sku: string; title: string }

export interface SalesReport {
  formatVersion: 2;
  generatedAt: string;
  /** The shop's time zone: days and the period are read in it. */
  timezone: string;
  since: string;
  until: string;
  /** The shop's first and last day the period touches. */
  firstDay: string;
  lastDay: string;
  by: SalesBy;
  currency: string;
  rows: SalesRow[];
  byChannel: SalesRow[];
  totals: Amounts & { orders: number };
  bestSellers: { channel: string; items: BestSeller[] }[];
  trend: (Amounts & { day: string })[];
  warnings: string[];
}

export interface SalesPeriod { by: SalesBy; since: Date; until: Date; now: Date; currency: string; timezone: string; top?: number }

function keyOf(l: SaleLine, by: SalesBy): [string, string] {
  if (by === 'channel') return [l.channel, l.channel];
  if (by === 'product') return [l.sku, l.title ? `${l.sku} ${l.title}` : l.sku];
  return l.location ? [l.location, l.location] : [`${l.channel}-fulfilled`, `${l.channel} (fulfilled by the channel)`];
}

const zero = (): Amounts => ({ units: 0, returnedUnits: 0, grossMinor: 0, returnsMinor: 0, netMinor: 0 });

function add(a: Amounts, l: SaleLine): void {
  const gross = l.quantity * l.unitPriceMinor;
  a.units += l.quantity;
  a.returnedUnits += l.returned;
  a.grossMinor += gross;
  a.returnsMinor += l.returnedMinor;
  a.netMinor += gross - l.returnedMinor;
}

function group(lines: readonly SaleLine[], by: SalesBy): SalesRow[] {
  const m = new Map<string, SalesRow>();
  for (const l of lines) {
    const [key, label] = keyOf(l, by);
    const r = m.get(key) ?? { key, label, ...zero(), share: 0 };
    add(r, l);
    m.set(key, r);
  }
  const rows = [...m.values()];
  const net = rows.reduce((s, r) => s + Math.max(0, r.netMinor), 0);
  const units = rows.reduce((s, r) => s + r.units, 0);
  for (const r of rows) r.share = net > 0 ? Math.max(0, r.netMinor) / net : units > 0 ? r.units / units : 0;
  return rows.sort((a, b) => b.netMinor - a.netMinor || b.units - a.units || a.key.localeCompare(b.key));
}

export function buildSalesReport(all: readonly SaleLine[], p: SalesPeriod): SalesReport {
  const warnings: string[] = [];
  const lines = all.filter((l) => l.currency === p.currency);
  const foreign = all.length - lines.length;
  if (foreign > 0) {
    const curs = [...new Set(all.filter((l) => l.currency !== p.currency).map((l) => l.currency))].join(', ');
    warnings.push(`${foreign} order line(s) in ${curs} are left out: the report sums ${p.currency} only`);
  }
  const bestSellers = [...new Set(lines.map((l) => l.channel))].sort().map((channel) => ({
    channel,
    items: group(lines.filter((l) => l.channel === channel), 'product').slice(0, p.top ?? 5)
      .map(({ key, label, share: _s, ...amounts }) => ({ sku: key, title: label.slice(key.length + 1), ...amounts })),
  }));
  const firstDay = localDay(p.since, p.timezone);
  const lastDay = localDay(new Date(p.until.getTime() - 1), p.timezone);
  const days = new Map<string, Amounts & { day: string }>();
  for (let d = firstDay; d <= lastDay && days.size < 3700; d = nextDay(d)) days.set(d, { day: d, ...zero() });
  for (const l of lines) {
    const d = days.get(localDay(l.placedAt, p.timezone));
    if (d) add(d, l);
  }
  const totals = zero();
  for (const l of lines) add(totals, l);
  return {
    formatVersion: 2, generatedAt: p.now.toISOString(), timezone: p.timezone,
    since: p.since.toISOString(), until: p.until.toISOString(), firstDay, lastDay, by: p.by, currency: p.currency,
    rows: group(lines, p.by), byChannel: group(lines, 'channel'),
    totals: { orders: new Set(lines.map((l) => l.orderId)).size, ...totals },
    bestSellers, trend: [...days.values()], warnings,
  };
}

/** A relative period ("30d") starts at the beginning of the shop's day it reaches back to. */
export function startOfShopDay(at: Date, timezone: string): Date {
  return startOfLocalDay(localDay(at, timezone), timezone);
}

export const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** "1 unit", "3 units". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
