// A demo master (fixtures/demo) wired to a Shopify sandbox on loopback.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startShopifySandbox, type ShopifySandbox } from '../../connectors/shopify/sandbox/index.js';
import { boundCli, tempDir, type BoundCli } from './workspace.js';
import { seedDemoMaster } from './demo-master.js';
import { moveMasterTo, masterContains } from './engine-master.js';
import type { Engine } from './postgres.js';

export const WAREHOUSE = 'gid://shopify/Location/71234567001';
export const SHOP = 'gid://shopify/Location/71234567002';
export const TOKEN = 'shpat_sandbox_e2e_secret_123';

export function shopifyConfig(url: string, extra = ''): string {
  return `database: omni.sqlite
lock_timeout_seconds: 5
locations:
  - { code: store, kind: store }
  - { code: warehouse, kind: warehouse }
  - { code: amazon-fba, kind: channel, managed_by: amazon }
channels:
  shopify:
    type: shopify
    shop: omni-demo.myshopify.com
    endpoint: ${url}
    access_token: \${SHOPIFY_TOKEN}
    location_map: { warehouse: ${WAREHOUSE}, store: ${SHOP} }
    publish_location: warehouse
    stock_from: [warehouse, store]
    fulfil_from: [warehouse, store]
    buffer: 2
${extra}`;
}

export interface ShopifyWorld extends BoundCli {
  dir: string;
  sandbox: ShopifySandbox;
  /** The environment every CLI run of this world gets (the token; the master's URL on PostgreSQL). */
  env: Record<string, string>;
  /** Whether the master (SQLite file or PostgreSQL database) holds `text` anywhere. */
  masterContains(text: string): boolean;
}

/** The demo master wired to a Shopify sandbox; on PostgreSQL the same master, copied there. */
export async function shopifyWorld(extraConfig = '', engine: Engine = 'sqlite'): Promise<ShopifyWorld> {
  const sandbox = await startShopifySandbox({ port: 0, accessToken: TOKEN });
  const dir = tempDir();
  await seedDemoMaster(dir);
  writeFileSync(path.join(dir, 'config.yaml'), shopifyConfig(sandbox.url, extraConfig));
  const master = moveMasterTo(engine, dir);
  const env = { SHOPIFY_TOKEN: TOKEN, ...(engine === 'postgres' ? { OMNI_DATABASE_URL: master } : {}) };
  return { dir, sandbox, env, masterContains: (t) => masterContains(master, t), ...boundCli(dir, env) };
}
