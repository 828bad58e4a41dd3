import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { applyOrders } from '../../src/db/orders.js';
import { saleLines, stockByLocation } from '../../src/db/sales.js';
import { startRun, finishRun } from '../../src/db/runs.js';
import { buildSalesReport } from '../../src/app/sales-report.js';
import { addReturn } from '../../src/app/returns.js';
import { parseSince } from '../../src/app/refs.js';
import { renderSalesHtml } from '../../src/report/sales-html.js';
import * as rep from '../../src/cli/commands/report-sales.js';
import { cleanup } from '../support/workspace.js';
import { annaBuysOnlineAndInShop, capture, daysAgo, order, shop, type Shop } from './fixtures.js';

let s: Shop;
const now = new Date();
beforeEach(() => {
  s = shop();
  annaBuysOnlineAndInShop(s.db); // shopify: 2 × MUG 14.90 (2 days ago); pos: 1 × TEA 7.50
  applyOrders(s.db, 'amazon', [
    order('A1', [['TEA', 4, 700], ['MUG', 1, 1500]], { placedAt: daysAgo(5) }),
    order('A2', [['POT', 1, 2900]], { placedAt: daysAgo(45) }), // outside 30 d
    order('A3', [['MUG', 9, 1500]], { placedAt: daysAgo(1), status: 'cancelled' }), // never counts
    order('A4', [['TEA', 2, 700]], { placedAt: daysAgo(3), fulfilment: 'channel' }), // FBA
  ], ['warehouse']);
  addReturn(s.db, { order: { channel: 'shopify', remoteId: '1001' }, sku: 'MUG', quantity: 1, location: 'store', disposition: 'restock' });
});
afterEach(() => { s.close(); cleanup(s.dir); });

const report = (by: 'channel' | 'product' | 'location') =>
  buildSalesReport(saleLines(s.db, parseSince('30d', now), now), { by, since: parseSince('30d', now), until: now, now, currency: 'EUR' });

describe('sales report', () => {
  it('by channel: units, revenue and share; cancelled and older orders left out', () => {
    const r = report('channel');
    expect(r.rows.map((x) => [x.key, x.units, x.returned, x.revenueMinor, x.share.toFixed(4)])).toEqual([
      ['amazon', 7, 0, 5700, (5700 / 9430).toFixed(4)],
      ['shopify', 2, 1, 2980, (2980 / 9430).toFixed(4)],
      ['pos', 1, 0, 750, (750 / 9430).toFixed(4)],
    ]);
    expect(r.totals).toEqual({ orders: 4, units: 10, returned: 1, revenueMinor: 9430 });
    expect(r.trend.length).toBeGreaterThanOrEqual(30);
    expect(r.trend.reduce((a, d) => a + d.revenueMinor, 0)).toBe(9430);
  });

  it('by product and by location (channel-fulfilled shown apart), best sellers per channel', () => {
    expect(report('product').rows.map((x) => [x.key, x.units, x.revenueMinor])).toEqual([['TEA', 7, 4950], ['MUG', 3, 4480]]);
    expect(report('location').rows.map((x) => [x.key, x.units])).toEqual([['warehouse', 7], ['amazon-fulfilled', 2], ['store', 1]]);
    expect(report('channel').bestSellers.find((b) => b.channel === 'amazon')!.items.map((i) => [i.sku, i.units])).toEqual([['TEA', 6], ['MUG', 1]]);
  });

  it('stock by location: units and value at cost per location', () => {
    // store: MUG 10 + 1 returned, POT 3, TEA −1 (the shop sale); warehouse: MUG 30 − 3, TEA 50 − 4, POT −1
    expect(stockByLocation(s.db).map((l) => [l.location, l.skus, l.units, l.valueMinor])).toEqual([
      ['amazon-fba', 0, 0, 0],
      ['store', 3, 13, 11 * 520 + 3 * 1150 - 290],
      ['warehouse', 3, 72, 27 * 520 + 46 * 290 - 1150],
    ]);
  });

  it('commands: table, CSV, JSON and HTML; bad --by / --since are exit 2', async () => {
    const t = await capture(() => rep.sales([], { by: 'channel', since: '30d' }, s.g));
    expect(t.stdout).toMatch(/amazon\s+7\s+0\s+57\.00 EUR\s+60\.4%/);
    expect(t.stdout).toContain('total: 4 orders, 10 units, 94.30 EUR');
    const csv = await capture(() => rep.sales([], { by: 'product', format: 'csv' }, s.g));
    expect(csv.stdout.split('\r\n').slice(0, 2)).toEqual(['product,units,returned,revenue,currency,share_percent', 'TEA Earl Grey 100 g,7,0,49.50,EUR,52.5']);
    const json = JSON.parse((await capture(() => rep.sales([], {}, { ...s.g, json: true }))).stdout) as { totals: { revenueMinor: number } };
    expect(json.totals.revenueMinor).toBe(9430);
    const best = await capture(() => rep.bestSellers([], { top: '1' }, s.g));
    expect(best.stdout).toMatch(/amazon\s+1\s+TEA/);
    expect(best.stdout).not.toMatch(/amazon\s+2\s+MUG/);
    expect((await capture(() => rep.stockLocations([], {}, s.g))).stdout).toMatch(/store\s+store\s+store\s+3\s+13/);
    const id = startRun(s.db, 'shopify', false, new Date('2026-01-01T00:00:00Z'));
    finishRun(s.db, id, { status: 'ok', summary: {} }, new Date('2026-01-01T00:01:00Z'));
    expect((await capture(() => rep.journal([], {}, s.g))).stdout).toMatch(/1\s+shopify\s+ok/);
    const out = path.join(s.dir, 'sales.html');
    await capture(() => rep.sales([], { format: 'html', output: out }, s.g));
    expect(readFileSync(out, 'utf8')).toContain('<svg id="channel-bars"');
    await expect(rep.sales([], { by: 'colour' }, s.g)).rejects.toMatchObject({ exitCode: 2 });
    await expect(rep.sales([], { since: 'last week' }, s.g)).rejects.toMatchObject({ exitCode: 2 });
  });

  it('HTML: self-contained (no external assets, no scripts) and escapes what it shows', () => {
    const html = renderSalesHtml({ report: report('channel'), stock: stockByLocation(s.db), runs: [{ id: 1, job: '<script>x</script>', status: 'ok', startedAt: 'a', finishedAt: null, error: null }] });
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
