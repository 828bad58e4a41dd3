// The GraphQL documents omni sends to Shopify (Admin API 2026-10). Checked against the real
// schema in test/shopify/queries.test.ts when the introspection is available.

export const API_VERSION = '2026-10';

export const SHOP_QUERY = `query Shop { shop { name currencyCode } }`;

export const LOCATIONS_QUERY = `query Locations { locations(first: 250) { edges { node { id name isActive } } } }`;

/**
 * Variants with the available quantity at each of `n` locations ($l0 … : the publish location
 * first, then the others omni sets to 0, then those it does not manage). Aliases, not the
 * inventoryLevels connection: one object per location keeps the query cost at 3 + 2n a variant.
 */
export function variantsQuery(n: number): string {
  const vars = Array.from({ length: n }, (_x, i) => `, $l${i}: ID!`).join('');
  return `query Variants($first: Int!, $after: String, $query: String${vars}) {
  productVariants(first: $first, after: $after, query: $query) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id sku barcode title price
      product { id title descriptionHtml vendor }
      inventoryItem { id ${levelAliases(n, (i) => `$l${i}`)} }
    } }
  }
}`;
}

/** The query cost of one variant in variantsQuery(n) (Shopify's rules, as the sandbox computes them). */
export const variantCost = (n: number) => 3 + 2 * n;

function levelAliases(n: number, id: (i: number) => string): string {
  return Array.from({ length: n }, (_x, i) => `l${i}: inventoryLevel(locationId: ${id(i)}) { quantities(names: ["available"]) { name quantity } }`).join(' ');
}

export const VARIANTS_QUERY = variantsQuery(1);

/** The available quantity of every item stocked at one location (for `doctor`: stock omni does not manage). */
export const LOCATION_LEVELS_QUERY = `query LocationLevels($id: ID!, $first: Int!, $after: String) {
  location(id: $id) { id name inventoryLevels(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { item { sku } quantities(names: ["available"]) { name quantity } } }
  } }
}`;

/**
 * Orders with their first lines and refunds. Shopify refuses a query whose requested cost is over
 * 1,000 points: with 25 lines and 10 lines per refund an order costs ~150, so pages hold 5
 * orders. Nested connections say whether there is more (pageInfo): an order's further lines and a
 * refund's further lines are read with ORDER_LINES_QUERY and REFUND_LINES_QUERY, to the end.
 */
export const ORDERS_PAGE_SIZE = 5;
export const ORDER_LINES_FIRST = 25;
export const REFUND_LINES_FIRST = 10;
const LINE = 'id sku variant { id } quantity originalUnitPriceSet { shopMoney { amount currencyCode } }';
const REFUND_LINE = 'quantity restockType lineItem { id sku } subtotalSet { shopMoney { amount } }';
export const ORDERS_QUERY = `query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name createdAt updatedAt cancelledAt displayFinancialStatus
      totalPriceSet { shopMoney { amount currencyCode } }
      customer { id defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } firstName lastName }
      lineItems(first: ${ORDER_LINES_FIRST}) { pageInfo { hasNextPage endCursor } edges { node { ${LINE} } } }
      refunds { id createdAt refundLineItems(first: ${REFUND_LINES_FIRST}) { pageInfo { hasNextPage endCursor } edges { node { ${REFUND_LINE} } } } }
    } }
  }
}`;

/**
 * The rest of an order's lines: 200 a page (2 + 200 × 4 = 802 points; a line costs 4 with its
 * variant id, which a line of a variant without a SKU is booked by).
 */
export const ORDER_LINES_PAGE = 200;
export const ORDER_LINE_COST = 4;
export const ORDER_LINES_QUERY = `query OrderLines($id: ID!, $first: Int!, $after: String) {
  order(id: $id) { lineItems(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${LINE} } } } }
}`;

/** The rest of a refund's lines: 200 a page (2 + 200 × 4 = 802 points). */
export const REFUND_LINES_PAGE = 200;
export const REFUND_LINES_QUERY = `query RefundLines($id: ID!, $first: Int!, $after: String) {
  refund(id: $id) { refundLineItems(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${REFUND_LINE} } } } }
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

/** `limit: null`: the exact count, also past 10,000 (the default limit) [spec: productVariantsCount.limit]. */
export const VARIANTS_COUNT_QUERY = `query VariantsCount { productVariantsCount(limit: null) { count precision } }`;

/** The bulk query: the same fields as variantsQuery, as one JSONL line per variant. */
export const BULK_VARIANTS_QUERY = (locationIds: readonly string[]) => `{
  productVariants {
    edges { node {
      id sku barcode title price
      product { id title descriptionHtml vendor }
      inventoryItem { id ${levelAliases(locationIds.length, (i) => JSON.stringify(locationIds[i]))} }
    } }
  }
}`;

export const BULK_RUN_MUTATION = `mutation BulkRun($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status }
    userErrors { field code message }
  }
}`;

export const BULK_STATUS_QUERY = `query BulkStatus($id: ID!) {
  bulkOperation(id: $id) { id status errorCode objectCount url }
}`;
