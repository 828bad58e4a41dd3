// The demo's second half: start the Shopify and Amazon sandboxes, point the demo workspace at
// them, import a supplier sheet, sync every channel (the POS export comes in too), let a sale
// happen on Shopify and on Amazon, and sync again — the full cycle a shop runs every 15 minutes.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/connector.js';
import { openWorkspace } from './workspace.js';
import { sync, type ChannelResult } from './sync.js';
import { importSupplier } from './supplier-import.js';
import { demoConfig, demoEnvFile, demoSecrets, type DemoEndpoints } from './demo-channels.js';
import { envFileBeside } from './schedule/env-file.js';
import { redactor } from '../config/redact.js';
import { stockView, type StockLine } from './stock-view.js';
import { bundleComponentsOf } from '../db/bundles.js';
import { buildSyncReport } from '../report/sync-report.js';
import { syncReportHtml, syncReportMarkdown } from '../report/render-sync.js';
import { timestampStem, writeReportFiles } from '../report/write-files.js';
import { jsonText } from '../cli/json-formats.js';

export interface DemoSyncResult {
  supplier: { rows: number; matched: number };
  first: ChannelResult[];
  second: ChannelResult[];
  before: StockLine[];
  after: StockLine[];
  sales: string[];
  /** The bundle sold on Shopify: each component's number on every channel before and after. */
  bundle: { sku: string; components: { sku: string; before: Record<string, number | null>; after: Record<string, number | null> }[] };
  reportFiles: string[];
  markdown: string;
}

const CHANNELS = ['pos', 'shopify', 'amazon'];
const BUNDLE = 'GIFT-TEA-SET';

export async function runDemoSync(configFile: string, log: Logger): Promise<DemoSyncResult> {
  const { startShopifySandbox } = await import('../../connectors/shopify/sandbox/index.js');
  const { startAmazonSandbox } = await import('../../connectors/amazon/sandbox/index.js');
  const shopify = await startShopifySandbox({ port: 0 });
  const amazon = await startAmazonSandbox({ port: 0, feedProcessingMs: 500 });
  try {
    const endpoints: DemoEndpoints = {
      shopify: { url: shopify.url, token: shopify.accessToken },
      amazon: { url: amazon.url, lwaUrl: amazon.lwaUrl, ...amazon.credentials, sellerId: amazon.sellerId, marketplaceId: amazon.marketplaceId },
    };
    writeFileSync(configFile, demoConfig(endpoints));
    writeFileSync(envFileBeside(configFile), demoEnvFile(endpoints), { mode: 0o600 });
    // The demo's own process uses the sandboxes' credentials even when a shell exports real ones.
    for (const [k, v] of Object.entries(demoSecrets(endpoints))) { redactor.add(v); process.env[k] = v; }
    const ws = await openWorkspace({ config: configFile }, { write: true, command: 'omni demo' });
    try {
      const imported = await importSupplier({ db: ws.db, config: ws.config, configDir: ws.dir }, { supplier: 'acme', now: new Date() });
      log.info('Syncing the POS export, Shopify and Amazon for the first time…');
      const first = await sync(ws, { channels: CHANNELS, dryRun: false, force: false, log });
      const before = stockView(ws.db, ws.config);

      shopify.createOrder({ lineItems: [{ sku: 'MUG-STONE-350', quantity: 2 }], customer: { email: 'jonas.weber@example.com', firstName: 'Jonas', lastName: 'Weber' } });
      shopify.createOrder({ lineItems: [{ sku: BUNDLE, quantity: 1 }], locationId: 'gid://shopify/Location/71234567001' });
      amazon.createOrder({ fulfilledBy: 'MERCHANT', lines: [{ sku: 'KETTLE-GOOSE', quantity: 1 }], buyer: { name: 'Mia Koch' } });
      amazon.createOrder({ fulfilledBy: 'AMAZON', lines: [{ sku: 'TEA-EARL-100', quantity: 3 }], buyer: { name: 'Lea Roth' } });
      const sales = [
        'Shopify: 2 × MUG-STONE-350 (shipped from the warehouse)',
        `Shopify: 1 × ${BUNDLE}, a bundle: its teapot, Earl Grey and sencha each leave the warehouse`,
        'Amazon, merchant-fulfilled: 1 × KETTLE-GOOSE (shipped from the warehouse)',
        'Amazon, fulfilled by Amazon: 3 × TEA-EARL-100 (leaves FBA stock; Amazon\'s count says so)',
      ];
      log.info('Sales happened on Shopify and Amazon; syncing every channel again…');
      const second = await sync(ws, { channels: CHANNELS, dryRun: false, force: false, log });
      const after = stockView(ws.db, ws.config);
      const parts = bundleComponentsOf(ws.db, BUNDLE).map((c) => c.sku);
      const published = (lines: StockLine[], sku: string) => lines.find((l) => l.sku === sku)?.published ?? {};
      const bundle = { sku: BUNDLE, components: parts.map((sku) => ({ sku, before: published(before, sku), after: published(after, sku) })) };

      const now = new Date();
      const report = buildSyncReport(second, false, now, ws.config.currency);
      const reportFiles = writeReportFiles(path.resolve(ws.dir, ws.config.reports_dir), timestampStem('sync', now),
        { md: () => syncReportMarkdown(report), json: () => jsonText('sync', report), csv: () => '', html: () => syncReportHtml(report) }, ['html', 'md', 'json']);
      return {
        supplier: { rows: imported.counts.rows, matched: imported.counts.matched },
        first, second, before, after, sales, bundle, reportFiles, markdown: syncReportMarkdown(report),
      };
    } finally {
      ws.close();
    }
  } finally {
    await shopify.close();
    await amazon.close();
  }
}
