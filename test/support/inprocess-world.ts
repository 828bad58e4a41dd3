// `sync` run in the test's own process against both sandboxes, all on one fake clock: a
// Retry-After of 90 s, a rate limit refilling in 3 minutes or a feed processing for an hour pass
// in a millisecond, and the sandboxes see the same time as omni. Real HTTP over loopback, a real
// SQLite master (the demo's), the real connectors; only time is injected.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startShopifySandbox, type ShopifySandbox, type ShopifySandboxOptions } from '../../connectors/shopify/sandbox/index.js';
import { startAmazonSandbox, type AmazonSandbox, type AmazonSandboxOptions } from '../../connectors/amazon/sandbox/index.js';
import { openWorkspace } from '../../src/app/workspace.js';
import { sync, type ChannelResult } from '../../src/app/sync.js';
import { cleanup, tempDir } from './workspace.js';
import { seedDemoMaster } from './demo-master.js';
import { WAREHOUSE, SHOP } from './shopify-workspace.js';

export interface FakeClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  advance(ms: number): void;
  /** Every sleep asked for, in order (ms). */
  slept: number[];
}

export function fakeClock(start = Date.parse('2026-11-10T12:00:00Z')): FakeClock {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => { slept.push(ms); t += ms; },
    advance: (ms) => { t += ms; },
    slept,
  };
}

export interface Lines { info: string[]; warn: string[]; debug: string[] }

export interface InProcessWorld {
  dir: string;
  clock: FakeClock;
  shopify: ShopifySandbox;
  amazon: AmazonSandbox;
  /** What the last `sync` said on each channel of the log. */
  log: Lines;
  /** `pulls`: as omni watch reads (a reconcile is `full`). */
  sync(channels: string[], opts?: { dryRun?: boolean; force?: boolean; pulls?: Readonly<Record<string, 'full' | 'changes'>> }): Promise<ChannelResult[]>;
  /** Runs `f` with the master open (and closes it). */
  withDb<T>(f: (ws: Awaited<ReturnType<typeof openWorkspace>>) => T): Promise<T>;
  close(): Promise<void>;
}

export interface InProcessOptions {
  /** Lines under `channels.amazon` / `channels.shopify` (indented four spaces). */
  amazon?: string;
  shopify?: string;
  amazonSandbox?: Omit<AmazonSandboxOptions, 'now'>;
  shopifySandbox?: Omit<ShopifySandboxOptions, 'now'>;
}

const SHOPIFY_TOKEN = 'shpat_inprocess_test';

export async function inProcessWorld(o: InProcessOptions = {}): Promise<InProcessWorld> {
  const clock = fakeClock();
  const shopify = await startShopifySandbox({ port: 0, accessToken: SHOPIFY_TOKEN, now: clock.now, ...o.shopifySandbox });
  const amazon = await startAmazonSandbox({ port: 0, now: clock.now, feedProcessingMs: 60_000, ...o.amazonSandbox });
  const dir = tempDir();
  seedDemoMaster(dir);
  writeFileSync(path.join(dir, 'config.yaml'), `database: omni.sqlite
locations:
  - { code: store, kind: store }
  - { code: warehouse, kind: warehouse }
  - { code: amazon-fba, kind: channel, managed_by: amazon }
channels:
  shopify:
    type: shopify
    shop: omni-demo.myshopify.com
    endpoint: ${shopify.url}
    access_token: ${SHOPIFY_TOKEN}
    location_map: { warehouse: ${WAREHOUSE}, store: ${SHOP} }
    publish_location: warehouse
    stock_from: [warehouse, store]
    fulfil_from: [warehouse, store]
    buffer: 2
${o.shopify ?? ''}  amazon:
    type: amazon
    region: eu
    endpoint: ${amazon.url}
    lwa_endpoint: ${amazon.lwaUrl}
    seller_id: ${amazon.sellerId}
    marketplace_ids: [${amazon.marketplaceId}]
    client_id: ${amazon.credentials.clientId}
    client_secret: ${amazon.credentials.clientSecret}
    refresh_token: ${amazon.credentials.refreshToken}
    stock_from: [warehouse]
    fulfil_from: [warehouse, store]
    allocation: "80%"
${o.amazon ?? ''}`);
  const log: Lines = { info: [], warn: [], debug: [] };
  const open = () => openWorkspace({ config: path.join(dir, 'config.yaml') }, { write: true });
  return {
    dir, clock, shopify, amazon, log,
    async sync(channels, opts = {}) {
      log.info.length = 0; log.warn.length = 0; log.debug.length = 0;
      const ws = await open();
      try {
        return await sync(ws, {
          channels, dryRun: opts.dryRun ?? false, force: opts.force ?? false, clock, now: () => new Date(clock.now()), ...(opts.pulls ? { pulls: opts.pulls } : {}),
          log: { info: (m) => log.info.push(m), warn: (m) => log.warn.push(m), debug: (m) => log.debug.push(m) },
        });
      } finally { ws.close(); }
    },
    async withDb(f) {
      const ws = await open();
      try { return await f(ws); } finally { ws.close(); }
    },
    async close() { await shopify.close(); await amazon.close(); cleanup(dir); },
  };
}
