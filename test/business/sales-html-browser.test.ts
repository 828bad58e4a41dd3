// The HTML reports in a real headless browser (Debian's chromium): each report writes its own page,
// rendered with a small measuring script added to a copy (the pages themselves carry no script),
// then the DOM is dumped after load. Checked: the right page per report, the net revenue a person
// reads, every chart label inside its chart (nothing clipped), a y-axis on the trend, charts as
// wide as the page, and `--by product` changing the chart. Skipped, with the reason, when no
// chromium is installed (CI installs it: see .ci/run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyOrders } from '../../src/db/orders.js';
import { addReturn } from '../../src/app/returns.js';
import { startRun, finishRun } from '../../src/db/runs.js';
import * as rep from '../../src/cli/commands/report-sales.js';
import { cleanup } from '../support/workspace.js';
import { annaBuysOnlineAndInShop, capture, daysAgo, order, shop, type Shop } from './fixtures.js';

function findChromium(): string | undefined {
  for (const bin of [process.env.CHROMIUM_BIN, 'chromium', 'chromium-browser', 'google-chrome'].filter(Boolean) as string[]) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    if (r.status === 0) return bin;
  }
  return undefined;
}

const chromium = findChromium();
const reason = chromium ? '' : ' [SKIPPED: no chromium found; install it with `apt-get install -y chromium` or set CHROMIUM_BIN]';

/** Measures, after layout, what a person would see cut off: every <text> against its <svg>. */
const MEASURE = `<script>
(() => {
  const clipped = [];
  let smallest = 1e9;
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      smallest = Math.min(smallest, r.height);
      const out = [box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom].map((v) => Math.round(v));
      if (r.width === 0 || out.some((v) => v > 0)) clipped.push(svg.id + ': "' + t.textContent + '" out by ' + out.join('/') + ' px (left/right/top/bottom)');
    }
  }
  const cs = getComputedStyle(document.body);
  const content = document.body.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  document.body.setAttribute('data-clipped', JSON.stringify(clipped));
  document.body.setAttribute('data-smallest-text', JSON.stringify(Math.round(smallest * 10) / 10));
  document.body.setAttribute('data-widths', JSON.stringify([...document.querySelectorAll('svg')].map((s) => [s.id, Math.round((s.getBoundingClientRect().width / content) * 100)])));
})();
</script>`;

interface Page { dom: string; clipped: string[]; widths: [string, number][]; smallestText: number }

function render(file: string, width: number): Page {
  const measured = file.replace(/\.html$/, `.measured-${width}.html`);
  writeFileSync(measured, readFileSync(file, 'utf8').replace('</body>', `${MEASURE}</body>`));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'omni-chromium-'));
  try {
    const r = spawnSync(chromium!, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', `--window-size=${width},900`, `--user-data-dir=${profile}`, '--dump-dom', pathToFileURL(measured).href,
    ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 32 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
    const attr = (name: string) => JSON.parse((new RegExp(`${name}="([^"]*)"`).exec(r.stdout)?.[1] ?? 'null').replace(/&quot;/g, '"')) as unknown;
    return { dom: r.stdout, clipped: attr('data-clipped') as string[], widths: attr('data-widths') as [string, number][], smallestText: attr('data-smallest-text') as number };
  } finally {
    cleanup(profile);
  }
}

const text = (dom: string, id: string) => new RegExp(`id="${id}">([^<]*)<`).exec(dom)?.[1];
const bars = (dom: string, id: string) => [...(new RegExp(`<svg id="${id}"(.*?)</svg>`, 's').exec(dom)?.[1] ?? '').matchAll(/<g class="bar-row" data-key="([^"]+)"[^>]*data-net="(-?\d+)"/g)].map((m) => [m[1], Number(m[2])]);

describe('HTML reports in a headless browser', () => {
  let s: Shop;
  const pages: Record<string, Page[]> = {};
  beforeAll(async () => {
    if (!chromium) return;
    s = shop();
    annaBuysOnlineAndInShop(s.db); // shopify 2 × 14.90; pos 1 × 7.50
    applyOrders(s.db, 'amazon', [order('A1', [['TEA', 4, 700], ['MUG', 1, 1500]], { placedAt: daysAgo(5) })], ['warehouse']);
    addReturn(s.db, { order: { channel: 'shopify', remoteId: '1001' }, sku: 'MUG', quantity: 1, location: 'store', disposition: 'restock' });
    const id = startRun(s.db, 'shopify', false, new Date(Date.now() - 3_600_000));
    finishRun(s.db, id, { status: 'ok', summary: {} }, new Date(Date.now() - 3_500_000));
    const reports = {
      sales: () => rep.sales([], { format: 'html', output: path.join(s.dir, 'sales.html') }, s.g),
      'sales-by-product': () => rep.sales([], { by: 'product', format: 'html', output: path.join(s.dir, 'sales-by-product.html') }, s.g),
      'best-sellers': () => rep.bestSellers([], { format: 'html', output: path.join(s.dir, 'best-sellers.html') }, s.g),
      'stock-by-location': () => rep.stockLocations([], { format: 'html', output: path.join(s.dir, 'stock-by-location.html') }, s.g),
      journal: () => rep.journal([], { format: 'html', output: path.join(s.dir, 'journal.html') }, s.g),
    };
    for (const [name, write] of Object.entries(reports)) {
      await capture(write);
      // a desktop window and a phone
      pages[name] = [1280, 400].map((w) => render(path.join(s.dir, `${name}.html`), w));
    }
  }, 600_000);
  afterAll(() => { if (s) { s.close(); cleanup(s.dir); } });

  it.skipIf(!chromium)(`each report is its own page${reason}`, () => {
    const titles = Object.fromEntries(Object.entries(pages).map(([n, [p]]) => [n, /<h1>([^<]*)<\/h1>/.exec(p!.dom)?.[1]]));
    expect(titles).toEqual({ sales: 'Sales by channel', 'sales-by-product': 'Sales by product', 'best-sellers': 'Best sellers', 'stock-by-location': 'Stock by location', journal: 'Run journal' });
    for (const [p] of Object.values(pages)) expect(p!.dom.match(/times and days in/g), 'the zone is said once per page').toHaveLength(1);
    expect(text(pages.journal![0]!.dom, 'timezone')).toBe('UTC');
    expect(pages.journal![0]!.dom).toMatch(/<table id="runs">.*<td>shopify<\/td>/s);
    expect(pages['stock-by-location']![0]!.dom).toMatch(/<table id="stock">/);
  });

  it.skipIf(!chromium)(`sales: gross, returns and net; the bars are net revenue${reason}`, () => {
    const dom = pages.sales![0]!.dom;
    expect(text(dom, 'total-orders')).toBe('3');
    expect(text(dom, 'total-units')).toBe('8');
    expect(text(dom, 'total-gross')).toBe('80.30 EUR');
    expect(text(dom, 'total-returns')).toBe('14.90 EUR');
    expect(text(dom, 'total-returned')).toBe('1 unit');
    expect(text(dom, 'total-net')).toBe('65.40 EUR');
    expect(bars(dom, 'sales-bars')).toEqual([['amazon', 4300], ['shopify', 1490], ['pos', 750]]);
    expect(dom).toContain('7.50 EUR · 1 unit · 11.5%');
    expect(dom).not.toMatch(/\b1 units\b/);
  });

  it.skipIf(!chromium)(`--by product changes the chart, not only the table${reason}`, () => {
    expect(bars(pages['sales-by-product']![0]!.dom, 'sales-bars')).toEqual([['TEA', 3550], ['MUG', 2990]]);
  });

  it.skipIf(!chromium)(`the trend has a y-axis reaching the busiest day${reason}`, () => {
    const dom = pages.sales![0]!.dom;
    const ticks = [...(/<g class="y-axis">(.*?)<\/g>/s.exec(dom)?.[1] ?? '').matchAll(/data-tick="(\d+)">([^<]*)</g)].map((m) => [Number(m[1]), m[2]]);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks[0]).toEqual([0, '0.00 EUR']);
    const values = ticks.map((t) => t[0] as number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.at(-1)).toBeGreaterThanOrEqual(4300); // the amazon day's net
    expect(/<polyline[^>]*data-points="(\d+)"/.exec(dom)?.[1]).toBe('31');
  });

  it.skipIf(!chromium)(`no chart label is clipped, on a desktop or a phone; charts use the page width${reason}`, () => {
    for (const [name, views] of Object.entries(pages)) {
      for (const p of views) {
        expect(p.clipped, name).toEqual([]);
        // on a phone a chart keeps a readable size (and scrolls sideways) rather than shrinking its text
        expect(p.smallestText, `${name}: the smallest chart text, in px`).toBeGreaterThanOrEqual(9);
        for (const [id, percent] of p.widths) expect(percent, `${name} ${id}`).toBeGreaterThanOrEqual(95);
      }
    }
    expect(pages.sales![0]!.widths.map(([id]) => id)).toEqual(['sales-bars', 'trend']);
  });
});
