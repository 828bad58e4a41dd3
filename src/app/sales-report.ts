// The sales report as data: totals per channel, product or location with shares, best sellers
// per channel and a daily trend. Pure: the lines and the period are passed in. Every renderer
// (table, CSV, HTML, JSON) works from this object.
import type { SaleLine } from '../db/sales.js';

export type SalesBy = 'channel' | 'product' | 'location';

export interface SalesRow {
  key: string;
  label: string;
  units: number;
  returned: number;
  revenueMinor: number;
  /** Share of revenue (of units when there is no revenue), 0..1. */
  share: number;
}

export interface BestSeller { sku: string; title: string; units: number; revenueMinor: number }

export interface SalesReport {
  formatVersion: 1;
  generatedAt: string;
  since: string;
  until: string;
  by: SalesBy;
  currency: string;
  rows: SalesRow[];
  byChannel: SalesRow[];
  totals: { orders: number; units: number; returned: number; revenueMinor: number };
  bestSellers: { channel: string; items: BestSeller[] }[];
  trend: { day: string; units: number; revenueMinor: number }[];
  warnings: string[];
}

function keyOf(l: SaleLine, by: SalesBy): [string, string] {
  if (by === 'channel') return [l.channel, l.channel];
  if (by === 'product') return [l.sku, l.title ? `${l.sku} ${l.title}` : l.sku];
  return l.location ? [l.location, l.location] : [`${l.channel}-fulfilled`, `${l.channel} (fulfilled by the channel)`];
}

function group(lines: readonly SaleLine[], by: SalesBy): SalesRow[] {
  const m = new Map<string, SalesRow>();
  for (const l of lines) {
    const [key, label] = keyOf(l, by);
    const r = m.get(key) ?? { key, label, units: 0, returned: 0, revenueMinor: 0, share: 0 };
    r.units += l.quantity;
    r.returned += l.returned;
    r.revenueMinor += l.quantity * l.unitPriceMinor;
    m.set(key, r);
  }
  const rows = [...m.values()];
  const revenue = rows.reduce((s, r) => s + r.revenueMinor, 0);
  const units = rows.reduce((s, r) => s + r.units, 0);
  for (const r of rows) r.share = revenue > 0 ? r.revenueMinor / revenue : units > 0 ? r.units / units : 0;
  return rows.sort((a, b) => b.revenueMinor - a.revenueMinor || b.units - a.units || a.key.localeCompare(b.key));
}

export function buildSalesReport(all: readonly SaleLine[], p: { by: SalesBy; since: Date; until: Date; now: Date; currency: string; top?: number }): SalesReport {
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
      .map((r) => ({ sku: r.key, title: r.label.slice(r.key.length + 1), units: r.units, revenueMinor: r.revenueMinor })),
  }));
  const days = new Map<string, { day: string; units: number; revenueMinor: number }>();
  const DAY = 86_400_000;
  const start = Date.UTC(p.since.getUTCFullYear(), p.since.getUTCMonth(), p.since.getUTCDate());
  for (let t = start; t < p.until.getTime() && days.size < 3700; t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.set(day, { day, units: 0, revenueMinor: 0 });
  }
  for (const l of lines) {
    const d = days.get(l.placedAt.slice(0, 10));
    if (d) { d.units += l.quantity; d.revenueMinor += l.quantity * l.unitPriceMinor; }
  }
  return {
    formatVersion: 1, generatedAt: p.now.toISOString(), since: p.since.toISOString(), until: p.until.toISOString(), by: p.by, currency: p.currency,
    rows: group(lines, p.by), byChannel: group(lines, 'channel'),
    totals: {
      orders: new Set(lines.map((l) => l.orderId)).size, units: lines.reduce((s, l) => s + l.quantity, 0),
      returned: lines.reduce((s, l) => s + l.returned, 0), revenueMinor: lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0),
    },
    bestSellers, trend: [...days.values()], warnings,
  };
}

export const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
