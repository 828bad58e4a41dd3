// The Shopify and Amazon channel blocks the sync benches write into config.yaml: one shape, so the
// latency and large-catalog benches measure the same set-up (warehouse stock, guards off for the
// first full push of a generated catalog).
export const TOKEN = 'shpat_bench';
export const SHOPIFY_LOCATION = 'gid://shopify/Location/70000000001';

/** `channels:` entries for a running Shopify and Amazon sandbox (indented for under `channels:`). */
export function channelBlocks(shopify, amazon) {
  return `  shopify:
    type: shopify
    shop: bench.myshopify.com
    endpoint: ${shopify.url}
    access_token: ${TOKEN}
    location_map: { warehouse: ${SHOPIFY_LOCATION} }
    stock_from: [warehouse]
    guards: { max_zeroed_share: "100%" }
  amazon:
    type: amazon
    endpoint: ${amazon.url}
    lwa_endpoint: ${amazon.lwaUrl}
    seller_id: ${amazon.sellerId}
    marketplace_ids: [${amazon.marketplaceId}]
    client_id: ${amazon.credentials.clientId}
    client_secret: ${amazon.credentials.clientSecret}
    refresh_token: ${amazon.credentials.refreshToken}
    stock_from: [warehouse]
    guards: { max_zeroed_share: "100%" }
`;
}
