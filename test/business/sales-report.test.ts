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
import { renderJournalHtml } from '../../src/report/journal-html.js';
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

const report = (by: 'channel' | 'product' | 'location', timezone = 'UTC') =>
  buildSalesReport(saleLines(s.db, parseSince('30d', now), now), { by, since: parseSince('30d', now), until: now, now, currency: 'EUR', timezone });

describe('sales report', () => {
  it('by channel: gross, returns and net, share of net; cancelled and older orders left out', () => {
    const r = report('channel');
    expect(r.rows.map((x) => [x.key, x.units, x.returnedUnits, x.grossMinor, x.returnsMinor, x.netMinor, x.share.toFixed(4)])).toEqual([
      ['amazon', 7, 0, 5700, 0, 5700, (5700 / 7940).toFixed(4)],
      ['pos', 1, 0, 750, 0, 750, (750 / 7940).toFixed(4)],
      ['shopify', 2, 1, 2980, 1490, 1490, (1490 / 7940).toFixed(4)],
    ].sort((a, b) => (b[5] as number) - (a[5] as number)));
    expect(r.totals).toEqual({ orders: 4, units: 10, returnedUnits: 1, grossMinor: 9430, returnsMinor: 1490, netMinor: 7940 });
    expect(r.trend.length).toBeGreaterThanOrEqual(30);
    expect(r.trend.reduce((a, d) => a + d.netMinor, 0)).toBe(7940);
  });

  it('a refund recorded for a return is what comes off, not the full price', () => {
    addReturn(s.db, { order: { channel: 'amazon', remoteId: 'A1' }, sku: 'TEA', quantity: 1, location: 'warehouse', disposition: 'damaged', refundMinor: 350 });
    const amazon = report('channel').rows.find((x) => x.key === 'amazon')!;
    expect([amazon.grossMinor, amazon.returnsMinor, amazon.netMinor, amazon.returnedUnits]).toEqual([5700, 350, 5350, 1]);
  });

  it("days are the shop's days: a sale at 00:30 in Berlin is on that Berlin day, not the UTC day before", () => {
    const at = new Date(now.getTime() - 10 * 86_400_000);
    const berlinDay = at.toISOString().slice(0, 10);
    // 00:30 Berlin = 23:30 UTC the day before in winter, 22:30 in summer: take the one Intl reads as 00:30 there
    const placedAt = ['+01:00', '+02:00'].map((off) => new Date(`${berlinDay}T00:30:00${off}`))
      .find((d) => d.toLocaleString('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) === '00:30')!.toISOString();
    applyOrders(s.db, 'shopify', [order('LATE', [['POT', 1, 2900]], { placedAt })], ['warehouse']);
    expect(placedAt.slice(0, 10)).not.toBe(berlinDay);
    const dayOf = (tz: string) => report('channel', tz).trend.find((d) => d.grossMinor >= 2900 && d.units === 1)?.day;
    expect(dayOf('Europe/Berlin')).toBe(berlinDay);
    expect(dayOf('UTC')).toBe(placedAt.slice(0, 10));
    expect(report('channel', 'Europe/Berlin').timezone).toBe('Europe/Berlin');
  });

  it('by product and by location (channel-fulfilled shown apart), best sellers per channel', () => {
    expect(report('product').rows.map((x) => [x.key, x.units, x.grossMinor, x.netMinor])).toEqual([['TEA', 7, 4950, 4950], ['MUG', 3, 4480, 2990]]);
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
    expect(t.stdout).toMatch(/amazon\s+7\s+0\s+57\.00 EUR\s+0\.00 EUR\s+57\.00 EUR\s+71\.8%/);
    expect(t.stdout).toMatch(/shopify\s+2\s+1\s+29\.80 EUR\s+14\.90 EUR\s+14\.90 EUR/);
    expect(t.stdout).toContain('total: 4 orders, 10 units; gross 94.30 EUR, returns 14.90 EUR, net 79.40 EUR');
    expect(t.stdout).toMatch(/days in UTC\./);
    const csv = await capture(() => rep.sales([], { by: 'product', format: 'csv' }, s.g));
    expect(csv.stdout.split('\r\n').slice(0, 3)).toEqual(['product,units,returned_units,gross,returns,net,currency,share_percent', 'TEA Earl Grey 100 g,7,0,49.50,0.00,49.50,EUR,62.3', 'MUG Stoneware mug,3,1,44.80,14.90,29.90,EUR,37.7']);
    const json = JSON.parse((await capture(() => rep.sales([], {}, { ...s.g, json: true }))).stdout) as { formatVersion: number; totals: { netMinor: number } };
    expect(json).toMatchObject({ formatVersion: 2, totals: { netMinor: 7940 } });
    const best = await capture(() => rep.bestSellers([], { top: '1' }, s.g));
    expect(best.stdout).toContain('Ranked by net revenue');
    expect(best.stdout).toMatch(/amazon\s+1\s+TEA/);
    expect(best.stdout).not.toMatch(/amazon\s+2\s+MUG/);
    expect((await capture(() => rep.stockLocations([], {}, s.g))).stdout).toMatch(/store\s+store\s+store\s+3\s+13/);
    const id = startRun(s.db, 'shopify', false, new Date('2026-01-01T00:00:00Z'));
    finishRun(s.db, id, { status: 'ok', summary: {} }, new Date('2026-01-01T00:01:00Z'));
    const journal = (await capture(() => rep.journal([], {}, s.g))).stdout;
    expect(journal).toMatch(/1\s+shopify\s+ok\s+2026-01-01 00:00\s+2026-01-01 00:01/);
    expect(journal).toContain('Times in UTC.');
    expect((await capture(() => rep.journal([], { since: '2026-01-02' }, s.g))).stdout).toContain('No runs yet.');
    // each report writes its own page
    const pages: Record<string, string> = {};
    for (const [name, fn] of [['sales', rep.sales], ['best-sellers', rep.bestSellers], ['stock-by-location', rep.stockLocations], ['journal', rep.journal]] as const) {
      const out = path.join(s.dir, `${name}.html`);
      await capture(() => fn([], { format: 'html', output: out }, s.g));
      pages[name] = readFileSync(out, 'utf8');
    }
    expect(pages.sales).toContain('<title>Sales by channel</title>');
    expect(pages.sales).toContain('<svg id="sales-bars"');
    expect(pages['best-sellers']).toContain('<title>Best sellers</title>');
    expect(pages['stock-by-location']).toContain('<title>Stock by location</title>');
    expect(pages.journal).toContain('<title>Run journal</title>');
    expect(new Set(Object.values(pages).map((p) => p.replace(/generated [^·]+/, ''))).size).toBe(4);
    for (const p of Object.values(pages)) expect(p.match(/times and days in/g)).toHaveLength(1);
    await expect(rep.sales([], { by: 'colour' }, s.g)).rejects.toMatchObject({ exitCode: 2 });
    await expect(rep.sales([], { since: 'last week' }, s.g)).rejects.toMatchObject({ exitCode: 2 });
  });

  it('HTML: self-contained (no external assets, no scripts) and escapes what it shows', () => {
    const html = renderSalesHtml(report('channel')) + renderJournalHtml({ generatedAt: now.toISOString(), timezone: 'UTC', since: null, until: null,
      runs: [{ id: 1, job: '<script>x</script>', status: 'ok', dryRun: false, startedAt: now.toISOString(), finishedAt: null, error: null, reportPath: null, summary: {} }] });
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
