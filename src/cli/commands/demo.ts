import path from 'node:path';
import { Output, table, type GlobalOptions } from '../output.js';
import { omniWithConfig } from '../invocation.js';
import { packageRoot } from '../../package-root.js';
import { createDemo } from '../../app/demo.js';
import type { StockLine } from '../../app/stock-view.js';
import type { ChannelResult } from '../../app/sync.js';
import type { DemoSyncResult } from '../../app/demo-sync.js';
import { buildSyncReport } from '../../report/sync-report.js';

const LOCATIONS = ['store', 'warehouse', 'amazon-fba'];

function stockTable(lines: readonly StockLine[]): string {
  const channels = Object.keys(lines[0]?.published ?? {});
  return table(['sku', ...LOCATIONS, 'total', ...channels.map((c) => `→ ${c}`)],
    lines.map((l) => [l.sku, ...LOCATIONS.map((c) => (l.bundle ? '-' : l.locations[c] ?? 0)), l.bundle ? '-' : l.total,
      ...channels.map((c) => (l.published[c] === null ? 'channel' : l.published[c] ?? 0))]));
}

function runLine(r: ChannelResult): string {
  const a = r.applied;
  const outcomes = Object.entries(r.counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing to send';
  const pulled = a ? `pulled ${a.ordersPulled} order(s), ${a.saleMovements} sale(s), ${a.countMovements} count(s)` : '';
  return `  ${r.channel.padEnd(8)} ${r.status.padEnd(8)} ${pulled}; ${outcomes}${r.error ? ` — ${r.error.split('\n')[0]}` : ''}`;
}

/** The demo's two sync rounds as --json prints them: each round a sync report (docs/json/sync.schema.json). */
function demoSyncJson(s: DemoSyncResult, currency: string) {
  const now = new Date();
  const round = (results: readonly ChannelResult[]) => {
    const { formatVersion: _v, ...report } = buildSyncReport(results, false, now, currency);
    return report;
  };
  return { supplier: s.supplier, first: round(s.first), second: round(s.second), sales: s.sales, before: s.before, after: s.after, bundle: s.bundle, reportFiles: s.reportFiles };
}

export async function demo(_a: unknown[], o: { dir?: string; sync?: boolean }, g: GlobalOptions): Promise<number> {
  const out = new Output(g);
  out.info('Creating a demo workspace…');
  const r = await createDemo(o);
  const log = { info: (m: string) => out.info(m), debug: (m: string) => out.debug(m), warn: (m: string) => out.debug(`warning: ${m}`) };
  const s = o.sync === false ? undefined : await (await import('../../app/demo-sync.js')).runDemoSync(r.configFile, log);
  const failed = s ? [...s.first, ...s.second].some((x) => x.status === 'failed') : false;
  const omni = omniWithConfig({ cwd: process.cwd(), pathVar: process.env.PATH ?? '', packageRoot: packageRoot(), bin: path.join(packageRoot(), 'bin', 'omni.js') }, r.configFile);
  const tryNext = ['stock MUG-STONE-350', 'explain GIFT-TEA-SET', 'customers show 1', 'po suggest', 'report sales -f html', 'runs'].map((c) => `${omni} ${c}`);
  out.result('demo', { ...r, sync: s ? demoSyncJson(s, r.currency) : null, tryNext }, () => [
    `Demo workspace: ${r.dir}`,
    `  config:   ${r.configFile}`,
    `  database: ${r.dbFile}`,
    `  ${r.products} products seeded from fixtures/demo.`,
    '',
    'Stock is one pool across locations; each channel publishes its share:',
    '',
    stockTable(r.stock),
    '',
    'MUG-STONE-350: 200 in the shop + 300 in the warehouse + 200 at Amazon FBA = 700.',
    'Shopify sells warehouse + shop less a buffer of 2; Amazon (merchant-fulfilled) 80% of the warehouse;',
    'the POS the shop floor. GIFT-TEA-SET is a bundle: as many as its scarcest component allows.',
    '',
    'One business across channels:',
    ...r.business,
    ...(s ? [
      '',
      `Supplier sheet fixtures/suppliers/acme.csv: ${s.supplier.rows} rows, ${s.supplier.matched} matched to products by barcode.`,
      '',
      'First sync against the Shopify and Amazon sandboxes (and the POS export):',
      ...s.first.map(runLine),
      '',
      'Then sales happened:',
      ...s.sales.map((x) => `  ${x}`),
      '',
      'Second sync: the orders came in, stock was taken off once, every channel got its new number.',
      ...s.second.map(runLine),
      '',
      `${s.bundle.sku} holds no stock: the set sold on Shopify took its parts off the warehouse, and every channel selling from there publishes fewer:`,
      ...s.bundle.components.map((c) => `  ${c.sku.padEnd(16)} ${Object.keys(c.after).map((ch) => `${ch} ${c.before[ch] ?? 'channel'} → ${c.after[ch] ?? 'channel'}`).join(', ')}`),
      '',
      'Stock now (after the sales, the return and the syncs):',
      '',
      stockTable(s.after),
      '',
      `Report: ${s.reportFiles[0]} (open it in a browser)`,
    ] : []),
    '',
    ...(s ? [`The sandboxes stopped with the demo; their fake credentials are in ${path.join(r.dir, 'omni.env')},`,
      'where your own secrets would go.'] : []),
    'To keep trying, from here:',
    ...tryNext.map((c) => `  ${c}`),
  ].join('\n'));
  return failed ? 1 : 0;
}
