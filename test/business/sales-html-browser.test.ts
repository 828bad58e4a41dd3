// The HTML sales report in a real headless browser (Debian's chromium): render the page, dump the
// DOM after it has loaded, and check the numbers a person would see. Skipped, with the reason,
// when no chromium is installed (CI installs it: see .ci/run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyOrders } from '../../src/db/orders.js';
import { saleLines, stockByLocation } from '../../src/db/sales.js';
import { buildSalesReport } from '../../src/app/sales-report.js';
import { renderSalesHtml } from '../../src/report/sales-html.js';
import { cleanup } from '../support/workspace.js';
import { annaBuysOnlineAndInShop, daysAgo, order, shop, type Shop } from './fixtures.js';

function findChromium(): string | undefined {
  for (const bin of [process.env.CHROMIUM_BIN, 'chromium', 'chromium-browser', 'google-chrome'].filter(Boolean) as string[]) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    if (r.status === 0) return bin;
  }
  return undefined;
}

const chromium = findChromium();
const reason = chromium ? '' : ' [SKIPPED: no chromium found; install it with `apt-get install -y chromium` or set CHROMIUM_BIN]';

function dumpDom(file: string): string {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'omni-chromium-'));
  try {
    const r = spawnSync(chromium!, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', `--user-data-dir=${profile}`, '--dump-dom', pathToFileURL(file).href,
    ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 32 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  } finally {
    cleanup(profile);
  }
}

describe('HTML sales report in a headless browser', () => {
  let s: Shop;
  let dom = '';
  beforeAll(() => {
    if (!chromium) return;
    s = shop();
    annaBuysOnlineAndInShop(s.db); // shopify 2 × 14.90; pos 1 × 7.50
    applyOrders(s.db, 'amazon', [order('A1', [['TEA', 4, 700], ['MUG', 1, 1500]], { placedAt: daysAgo(5) })], ['warehouse']);
    const now = new Date();
    const since = new Date(now.getTime() - 30 * 86_400_000);
    const report = buildSalesReport(saleLines(s.db, since, now), { by: 'channel', since, until: now, now, currency: 'EUR' });
    const file = path.join(s.dir, 'sales.html');
    writeFileSync(file, renderSalesHtml({ report, stock: stockByLocation(s.db), runs: [] }));
    dom = dumpDom(file);
  }, 120_000);
  afterAll(() => { if (s) { s.close(); cleanup(s.dir); } });

  it.skipIf(!chromium)(`shows the totals, one bar per channel and the trend line${reason}`, () => {
    const text = (id: string) => new RegExp(`id="${id}">([^<]*)<`).exec(dom)?.[1];
    expect(text('total-orders')).toBe('3');
    expect(text('total-units')).toBe('8');
    expect(text('total-revenue')).toBe('80.30 EUR');
    const bars = [...dom.matchAll(/<g class="bar-row" data-channel="([^"]+)" data-revenue="(\d+)" data-units="(\d+)">.*?<rect[^>]*width="(\d+)"/g)]
      .map((m) => [m[1], Number(m[2]), Number(m[3]), Number(m[4])]);
    expect(bars).toEqual([['amazon', 4300, 5, 300], ['shopify', 2980, 2, Math.round((2980 / 4300) * 300)], ['pos', 750, 1, Math.round((750 / 4300) * 300)]]);
    expect(dom).toContain('43.00 EUR · 5 units · 53.5%');
    expect(/<polyline[^>]*data-points="(\d+)"/.exec(dom)?.[1]).toBe('31');
  });

  it.skipIf(!chromium)(`shows the sales, best-seller and stock tables${reason}`, () => {
    const rows = (id: string) => [...(new RegExp(`<table id="${id}">(.*?)</table>`, 's').exec(dom)?.[1] ?? '').matchAll(/<tr>(.*?)<\/tr>/g)]
      .map((r) => [...r[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((c) => c[1]));
    expect(rows('sales')).toEqual([
      ['channel', 'units', 'returned', 'revenue', 'share'],
      ['amazon', '5', '0', '43.00 EUR', '53.5%'],
      ['shopify', '2', '0', '29.80 EUR', '37.1%'],
      ['pos', '1', '0', '7.50 EUR', '9.3%'],
    ]);
    expect(rows('best-amazon').slice(1)).toEqual([['TEA', 'Earl Grey 100 g', '4', '28.00 EUR'], ['MUG', 'Stoneware mug', '1', '15.00 EUR']]);
    expect(rows('stock').find((r) => r[0] === 'store')).toEqual(['store', 'store', '3', '12', '83.60 EUR']);
  });
});
