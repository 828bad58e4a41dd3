// The demo's channels: a Shopify and an Amazon sandbox started on loopback for the length of the
// demo, and the POS and supplier files from fixtures/. Returns the config.yaml text that points
// omni at them — the same keys a real shop writes, only other endpoints — and the omni.env that
// holds the sandboxes' (fake) credentials, as the README asks a real shop to keep its secrets.
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { ENV_FILE_HEADER } from './schedule/install-common.js';

export interface DemoEndpoints {
  shopify: { url: string; token: string };
  amazon: { url: string; lwaUrl: string; clientId: string; clientSecret: string; refreshToken: string; sellerId: string; marketplaceId: string };
}

/** The secrets config.yaml names as ${VARIABLES}: the sandboxes' credentials. */
export function demoSecrets(e: DemoEndpoints): Record<string, string> {
  return {
    SHOPIFY_ACCESS_TOKEN: e.shopify.token,
    AMAZON_CLIENT_ID: e.amazon.clientId,
    AMAZON_CLIENT_SECRET: e.amazon.clientSecret,
    AMAZON_REFRESH_TOKEN: e.amazon.refreshToken,
  };
}

/** omni.env for the demo: the format header, then the sandboxes' credentials (not real ones). */
export function demoEnvFile(e: DemoEndpoints): string {
  return [
    ...ENV_FILE_HEADER,
    '#',
    "# The demo's values are the local sandboxes' credentials: not real ones, and useless once the demo",
    '# has stopped them. A real shop puts its own tokens here the same way.',
    ...Object.entries(demoSecrets(e)).map(([k, v]) => `${k}=${v}`),
    '',
  ].join('\n');
}

export function demoConfig(e: DemoEndpoints): string {
  const fixtures = path.join(packageRoot(), 'fixtures');
  return `# The demo shop: a high-street shop, a back-room warehouse and Amazon FBA stock, with a
# Shopify store and an Amazon seller account emulated on loopback by omni's sandboxes.
# Secrets are \${VARIABLES}: their values are in omni.env beside this file.
database: omni.sqlite
timezone: Europe/Berlin
currency: EUR
lock_timeout_seconds: 10
reports_dir: reports
low_stock:
  default_reorder_point: 5
locations:
  - { code: store, name: Shop on the high street, kind: store }
  - { code: warehouse, name: Back-room warehouse, kind: warehouse }
  - { code: amazon-fba, name: Amazon fulfilment centres, kind: channel, managed_by: amazon }
channels:
  shopify:
    type: shopify
    shop: omni-demo.myshopify.com
    endpoint: ${e.shopify.url}
    access_token: \${SHOPIFY_ACCESS_TOKEN}
    location_map: { warehouse: gid://shopify/Location/71234567001, store: gid://shopify/Location/71234567002 }
    publish_location: warehouse
    stock_from: [warehouse, store]
    fulfil_from: [warehouse, store]
    buffer: 2
  amazon:
    type: amazon
    region: eu
    endpoint: ${e.amazon.url}
    lwa_endpoint: ${e.amazon.lwaUrl}
    seller_id: ${e.amazon.sellerId}
    marketplace_ids: [${e.amazon.marketplaceId}]
    client_id: \${AMAZON_CLIENT_ID}
    client_secret: \${AMAZON_CLIENT_SECRET}
    refresh_token: \${AMAZON_REFRESH_TOKEN}
    # merchant-fulfilled offers come from the warehouse; FBA stock is Amazon's own count
    stock_from: [warehouse]
    fulfil_from: [warehouse, store]
    allocation: "80%"
  pos:
    type: pos-file
    preset: square
    location: store
    pos_location: High Street
    timezone: Europe/Berlin
    sales_file: ${path.join(fixtures, 'pos', 'square', 'items-2026-06-01-2026-06-03.csv')}
    import_file: pos-import-{date}.csv
    stock_from: [store]
    fulfil_from: [store]
suppliers:
  acme:
    name: Acme Wholesale
    file: ${path.join(fixtures, 'suppliers', 'acme.csv')}
    match: { barcode_fallback: true }
    columns:
      sku: Item No
      barcode: EAN
      title: Description
      brand: Brand
      cost: Unit Cost
      price: RRP
      quantity: Stock
      pack_size: Pack Qty
      min_order: MOQ
      lead_time: Lead Time (days)
`;
}
