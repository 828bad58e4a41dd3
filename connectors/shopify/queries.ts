// The GraphQL documents omni sends to Shopify (Admin API 2026-10). Checked against the real
// schema in test/shopify/queries.test.ts when the introspection is available.

export const API_VERSION = '2026-10';

export const SHOP_QUERY = `query Shop { shop { name currencyCode } }`;

export const LOCATIONS_QUERY = `query Locations { locations(first: 250) { edges { node { id name isActive } } } }`;

export const VARIANTS_QUERY = `query Variants($first: Int!, $after: String, $locationId: ID!) {
  productVariants(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id sku barcode title price
      product { id title descriptionHtml vendor }
      inventoryItem { id inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } } }
    } }
  }
}`;

/**
 * Orders with their lines and refunds. Shopify refuses a query whose requested cost is over
 * 1,000 points: with 25 lines and 10 refund lines an order costs ~150, so pages hold 5 orders.
 */
export const ORDERS_PAGE_SIZE = 5;
export const ORDERS_QUERY = `query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name createdAt updatedAt cancelledAt displayFinancialStatus
      totalPriceSet { shopMoney { amount currencyCode } }
      customer { id defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } firstName lastName }
      lineItems(first: 25) { edges { node { id sku variant { id } quantity originalUnitPriceSet { shopMoney { amount currencyCode } } } } }
      refunds { id createdAt refundLineItems(first: 10) { edges { node { quantity restockType lineItem { id sku } subtotalSet { shopMoney { amount } } } } } }
    } }
  }
}`;

export const SET_QUANTITIES_MUTATION = (key: string) => `mutation SetQuantities($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) @idempotent(key: ${JSON.stringify(key)}) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange item { id } location { id } } }
    userErrors { code field message }
  }
}`;

export const VARIANTS_BULK_UPDATE_MUTATION = `mutation VariantPrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: true) {
    productVariants { id price }
    userErrors { code field message }
  }
}`;

export const PRODUCT_UPDATE_MUTATION = `mutation ProductContent($product: ProductUpdateInput!) {
  productUpdate(product: $product) {
    product { id title descriptionHtml vendor }
    userErrors { field message }
  }
}`;

export const VARIANTS_COUNT_QUERY = `query VariantsCount { productVariantsCount { count } }`;

/** The bulk query: the same fields as VARIANTS_QUERY, as one JSONL line per variant. */
export const BULK_VARIANTS_QUERY = (locationId: string) => `{
  productVariants {
    edges { node {
      id sku barcode title price
      product { id title descriptionHtml vendor }
      inventoryItem { id inventoryLevel(locationId: ${JSON.stringify(locationId)}) { quantities(names: ["available"]) { name quantity } } }
    } }
  }
}`;

export const BULK_RUN_MUTATION = `mutation BulkRun($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status }
    userErrors { field message }
  }
}`;

export const BULK_STATUS_QUERY = `query BulkStatus($id: ID!) {
  bulkOperation(id: $id) { id status errorCode objectCount url }
}`;
