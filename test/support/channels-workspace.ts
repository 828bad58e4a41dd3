// The demo master wired to both channel sandboxes on loopback, Shopify and Amazon, the way a shop
// runs them: Amazon sells merchant-fulfilled from the warehouse and holds its own FBA stock.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startShopifySandbox, type ShopifySandbox } from '../../connectors/shopify/sandbox/index.js';
import { startAmazonSandbox, type AmazonSandbox, type AmazonSandboxOptions } from '../../connectors/amazon/sandbox/index.js';
import { boundCli, tempDir, type BoundCli } from './workspace.js';
import { seedDemoMaster } from './demo-master.js';
import { shopifyConfig, TOKEN } from './shopify-workspace.js';
import { moveMasterTo, masterContains } from './engine-master.js';
import type { Engine } from './postgres.js';

export interface ChannelsWorld extends BoundCli {
  dir: string;
  shopify: ShopifySandbox;
  amazon: AmazonSandbox;
  /** The secrets the config reads from the environment: none may reach a report or the database. */
  secrets: string[];
  /** The environment the CLI runs with (the secrets by name; the master's URL on PostgreSQL). */
  env: Record<string, string>;
  /** Where the master lives: the SQLite file, or the PostgreSQL URL it was copied to. */
  master: string;
  /** Whether the master (SQLite file or PostgreSQL database) holds `text` anywhere. */
  masterContains(text: string): boolean;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Lines added under `channels.amazon` (indented four spaces). */
  amazon?: string;
  /** Shopify's stock_from, e.g. including amazon-fba. */
  shopifyStockFrom?: string[];
  sandbox?: AmazonSandboxOptions;
  /** More channel blocks, appended under `channels:` (indented two spaces), e.g. a POS. */
  channels?: string;
  /** Lines added under `channels.shopify` (indented four spaces). */
  shopify?: string;
  /** The engine the master runs on (the demo master, copied to PostgreSQL for 'postgres'). */
  engine?: Engine;
}

function amazonConfig(a: AmazonSandbox, extra: string): string {
  return `  amazon:
    type: amazon
    region: eu
    endpoint: ${a.url}
    lwa_endpoint: ${a.lwaUrl}
    seller_id: ${a.sellerId}
    marketplace_ids: [${a.marketplaceId}]
    client_id: \${AMAZON_CLIENT_ID}
    client_secret: \${AMAZON_CLIENT_SECRET}
    refresh_token: \${AMAZON_REFRESH_TOKEN}
    stock_from: [warehouse]
    fulfil_from: [warehouse, store]
    allocation: "80%"
    feed_processing_seconds: 1
${extra}`;
}

export async function channelsWorld(o: WorldOptions = {}): Promise<ChannelsWorld> {
  const shopify = await startShopifySandbox({ port: 0, accessToken: TOKEN });
  const amazon = await startAmazonSandbox({ port: 0, feedProcessingMs: 300, ...o.sandbox });
  const dir = tempDir();
  await seedDemoMaster(dir);
  let config = shopifyConfig(shopify.url, o.shopify ?? '') + amazonConfig(amazon, o.amazon ?? '') + (o.channels ?? '');
  if (o.shopifyStockFrom) config = config.replace('stock_from: [warehouse, store]', `stock_from: [${o.shopifyStockFrom.join(', ')}]`);
  writeFileSync(path.join(dir, 'config.yaml'), config);
  const master = moveMasterTo(o.engine ?? 'sqlite', dir);
  const env: Record<string, string> = {
    ...(o.engine === 'postgres' ? { OMNI_DATABASE_URL: master } : {}),
    SHOPIFY_TOKEN: TOKEN,
    AMAZON_CLIENT_ID: amazon.credentials.clientId,
    AMAZON_CLIENT_SECRET: amazon.credentials.clientSecret,
    AMAZON_REFRESH_TOKEN: amazon.credentials.refreshToken,
  };
  return {
    dir, shopify, amazon, env, master, masterContains: (t) => masterContains(master, t), ...boundCli(dir, env),
    secrets: [TOKEN, amazon.credentials.clientSecret, amazon.credentials.refreshToken],
    close: async () => { await shopify.close(); await amazon.close(); },
  };
}

/** The merchant-fulfilled quantity Amazon shows for a sku (its fulfillment_availability). */
export function amazonQuantity(a: AmazonSandbox, sku: string): number | undefined {
  const fa = a.store().listings.get(sku)?.attributes.fulfillment_availability as { quantity?: number }[] | undefined;
  return fa?.[0]?.quantity;
}
