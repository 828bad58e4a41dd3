// The part of Shopify's Admin GraphQL 2026-10 schema that omni uses, with the real type, field,
// argument and enum names. A test checks it is a faithful subset of the real introspection when
// ../shared/specs is present; this copy exists because the project cannot ship that file.
// Descriptions are left out on purpose: the real schema is the reference, this is only a shape.
export const SANDBOX_SDL = /* GraphQL */ `
schema { query: QueryRoot mutation: Mutation }

directive @idempotent(key: String!) on FIELD

scalar DateTime
scalar Decimal
scalar HTML
scalar Money
scalar URL
scalar UnsignedInt64

interface Node { id: ID! }
interface DisplayableError { field: [String!] message: String! }

type PageInfo { endCursor: String hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String }

enum CurrencyCode { AUD CAD CHF DKK EUR GBP JPY NOK PLN SEK USD }
enum CountPrecision { AT_LEAST EXACT }
type Count { count: Int! precision: CountPrecision! }

enum ProductStatus { ACTIVE ARCHIVED DRAFT UNLISTED }
enum ProductSortKeys { CREATED_AT ID INVENTORY_TOTAL PRODUCT_TYPE PUBLISHED_AT RELEVANCE TITLE UPDATED_AT VENDOR }
enum ProductVariantSortKeys { FULL_TITLE ID INVENTORY_LEVELS_AVAILABLE INVENTORY_MANAGEMENT INVENTORY_POLICY INVENTORY_QUANTITY NAME POPULAR POSITION RELEVANCE SKU TITLE }
enum LocationSortKeys { ID NAME RELEVANCE }
enum OrderSortKeys { CREATED_AT CURRENT_TOTAL_PRICE CUSTOMER_NAME DESTINATION FINANCIAL_STATUS FULFILLMENT_STATUS ID ORDER_NUMBER PO_NUMBER PROCESSED_AT RELEVANCE TOTAL_ITEMS_QUANTITY TOTAL_PRICE UPDATED_AT }
enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderDisplayFulfillmentStatus { FULFILLED FULFILLMENT_NOT_REQUIRED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT REQUEST_DECLINED RESTOCKED SCHEDULED UNFULFILLED }
enum RefundLineItemRestockType { CANCEL LEGACY_RESTOCK NO_RESTOCK RETURN }
enum BulkOperationStatus { CANCELED CANCELING COMPLETED CREATED EXPIRED FAILED RUNNING }
enum BulkOperationType { MUTATION QUERY }
enum BulkOperationErrorCode { ACCESS_DENIED INTERNAL_SERVER_ERROR TIMEOUT }
enum BulkOperationUserErrorCode { INVALID LIMIT_REACHED OPERATION_IN_PROGRESS }
enum InventorySetQuantitiesUserErrorCode {
  CHANGE_FROM_QUANTITY_STALE COMPARE_QUANTITY_REQUIRED COMPARE_QUANTITY_STALE IDEMPOTENCY_CONCURRENT_REQUEST
  IDEMPOTENCY_KEY_PARAMETER_MISMATCH IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED INVALID_INVENTORY_ITEM INVALID_LOCATION
  INVALID_NAME INVALID_QUANTITY_NEGATIVE INVALID_QUANTITY_TOO_HIGH INVALID_QUANTITY_TOO_LOW INVALID_REASON
  INVALID_REFERENCE_DOCUMENT NON_MUTABLE_INVENTORY_ITEM NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR
}
enum ProductVariantsBulkUpdateUserErrorCode {
  BLANK GREATER_THAN_OR_EQUAL_TO INVALID_INPUT MUST_BE_FOR_THIS_PRODUCT NEGATIVE_PRICE_VALUE
  PRODUCT_DOES_NOT_EXIST PRODUCT_VARIANT_DOES_NOT_EXIST PRODUCT_VARIANT_ID_MISSING TOO_LONG
}

type QueryRoot {
  shop: Shop!
  node(id: ID!): Node
  nodes(ids: [ID!]!): [Node]!
  product(id: ID!): Product
  products(after: String, before: String, first: Int, last: Int, query: String, reverse: Boolean = false, sortKey: ProductSortKeys = ID): ProductConnection!
  productsCount(limit: Int = 10000, query: String): Count
  productVariant(id: ID!): ProductVariant
  productVariantsCount(limit: Int = 10000, query: String): Count
  productVariants(after: String, before: String, first: Int, last: Int, query: String, reverse: Boolean = false, sortKey: ProductVariantSortKeys = ID): ProductVariantConnection!
  inventoryItem(id: ID!): InventoryItem
  inventoryLevel(id: ID!): InventoryLevel
  location(id: ID): Location
  locations(after: String, before: String, first: Int, includeInactive: Boolean = false, includeLegacy: Boolean = false, last: Int, query: String, reverse: Boolean = false, sortKey: LocationSortKeys = NAME): LocationConnection!
  order(id: ID!): Order
  refund(id: ID!): Refund
  ordersCount(limit: Int = 10000, query: String): Count
  orders(after: String, before: String, first: Int, last: Int, query: String, reverse: Boolean = false, sortKey: OrderSortKeys = PROCESSED_AT): OrderConnection!
  bulkOperation(id: ID!): BulkOperation
  currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation @deprecated(reason: "Use \`bulkOperations\` with status filter instead.")
}

type Shop implements Node { id: ID! name: String! email: String! myshopifyDomain: String! currencyCode: CurrencyCode! }

type Product implements Node {
  id: ID! title: String! handle: String! descriptionHtml: HTML! description(truncateAt: Int): String! vendor: String!
  status: ProductStatus! createdAt: DateTime! updatedAt: DateTime!
  variants(after: String, before: String, first: Int, last: Int, reverse: Boolean = false, sortKey: ProductVariantSortKeys = POSITION): ProductVariantConnection!
}
type ProductConnection { edges: [ProductEdge!]! nodes: [Product!]! pageInfo: PageInfo! }
type ProductEdge { cursor: String! node: Product! }

type ProductVariant implements Node {
  id: ID! title: String! displayName: String! sku: String barcode: String price: Money! compareAtPrice: Money
  inventoryQuantity: Int inventoryItem: InventoryItem! product: Product! createdAt: DateTime! updatedAt: DateTime!
}
type ProductVariantConnection { edges: [ProductVariantEdge!]! nodes: [ProductVariant!]! pageInfo: PageInfo! }
type ProductVariantEdge { cursor: String! node: ProductVariant! }

type InventoryItem implements Node {
  id: ID! sku: String tracked: Boolean! createdAt: DateTime! updatedAt: DateTime!
  inventoryLevel(includeInactive: Boolean = false, locationId: ID!): InventoryLevel
  inventoryLevels(after: String, before: String, first: Int, includeInactive: Boolean = false, last: Int, query: String, reverse: Boolean = false): InventoryLevelConnection!
}
type InventoryLevel implements Node {
  id: ID! isActive: Boolean! item: InventoryItem! location: Location! createdAt: DateTime! updatedAt: DateTime!
  quantities(names: [String!]!): [InventoryQuantity!]!
}
type InventoryLevelConnection { edges: [InventoryLevelEdge!]! nodes: [InventoryLevel!]! pageInfo: PageInfo! }
type InventoryLevelEdge { cursor: String! node: InventoryLevel! }
type InventoryQuantity implements Node { id: ID! name: String! quantity: Int! updatedAt: DateTime }

type Location implements Node {
  id: ID! name: String! isActive: Boolean! fulfillsOnlineOrders: Boolean! createdAt: DateTime! updatedAt: DateTime!
  inventoryLevel(includeInactive: Boolean = false, inventoryItemId: ID!): InventoryLevel
  inventoryLevels(after: String, before: String, first: Int, includeInactive: Boolean = false, last: Int, query: String, reverse: Boolean = false): InventoryLevelConnection!
}
type LocationConnection { edges: [LocationEdge!]! nodes: [Location!]! pageInfo: PageInfo! }
type LocationEdge { cursor: String! node: Location! }

type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { presentmentMoney: MoneyV2! shopMoney: MoneyV2! }

type CustomerEmailAddress { emailAddress: String! }
type CustomerPhoneNumber { phoneNumber: String! }
type Customer implements Node {
  id: ID! firstName: String lastName: String displayName: String!
  defaultEmailAddress: CustomerEmailAddress defaultPhoneNumber: CustomerPhoneNumber
  email: String @deprecated(reason: "Use \`defaultEmailAddress.emailAddress\` instead.")
  phone: String @deprecated(reason: "Use \`defaultPhoneNumber.phoneNumber\` instead.")
  createdAt: DateTime! updatedAt: DateTime!
}

type Order implements Node {
  id: ID! name: String! createdAt: DateTime! updatedAt: DateTime! processedAt: DateTime! cancelledAt: DateTime
  closed: Boolean! test: Boolean! currencyCode: CurrencyCode!
  displayFinancialStatus: OrderDisplayFinancialStatus displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  totalPriceSet: MoneyBag! currentTotalPriceSet: MoneyBag! totalRefundedSet: MoneyBag!
  customer: Customer
  lineItems(after: String, before: String, first: Int, last: Int, reverse: Boolean = false): LineItemConnection!
  refunds(first: Int): [Refund!]!
}
type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }
type OrderEdge { cursor: String! node: Order! }

type LineItem implements Node {
  id: ID! name: String! title: String! sku: String quantity: Int! currentQuantity: Int! refundableQuantity: Int!
  originalUnitPriceSet: MoneyBag! variant: ProductVariant
}
type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }
type LineItemEdge { cursor: String! node: LineItem! }

type Refund implements Node {
  id: ID! createdAt: DateTime processedAt: DateTime! updatedAt: DateTime! totalRefundedSet: MoneyBag!
  refundLineItems(after: String, before: String, first: Int, last: Int, reverse: Boolean = false): RefundLineItemConnection!
}
type RefundLineItem {
  id: ID lineItem: LineItem! location: Location quantity: Int! restockType: RefundLineItemRestockType! restocked: Boolean!
  priceSet: MoneyBag! subtotalSet: MoneyBag!
}
type RefundLineItemConnection { edges: [RefundLineItemEdge!]! nodes: [RefundLineItem!]! pageInfo: PageInfo! }
type RefundLineItemEdge { cursor: String! node: RefundLineItem! }

type BulkOperation implements Node {
  id: ID! status: BulkOperationStatus! type: BulkOperationType! errorCode: BulkOperationErrorCode query: String!
  createdAt: DateTime! completedAt: DateTime objectCount: UnsignedInt64! rootObjectCount: UnsignedInt64!
  fileSize: UnsignedInt64 url: URL partialDataUrl: URL
}

type Mutation {
  inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
  productVariantsBulkUpdate(allowPartialUpdates: Boolean = false, productId: ID!, variants: [ProductVariantsBulkInput!]!): ProductVariantsBulkUpdatePayload
  productUpdate(identifier: ProductUpdateIdentifiers, product: ProductUpdateInput): ProductUpdatePayload
  bulkOperationRunQuery(groupObjects: Boolean! = false, query: String!): BulkOperationRunQueryPayload
}

input InventoryQuantityInput { changeFromQuantity: Int inventoryItemId: ID! locationId: ID! quantity: Int! }
input InventorySetQuantitiesInput { name: String! quantities: [InventoryQuantityInput!]! reason: String! referenceDocumentUri: String }
type InventorySetQuantitiesPayload { inventoryAdjustmentGroup: InventoryAdjustmentGroup userErrors: [InventorySetQuantitiesUserError!]! }
type InventorySetQuantitiesUserError implements DisplayableError { code: InventorySetQuantitiesUserErrorCode field: [String!] message: String! }
type InventoryAdjustmentGroup implements Node {
  id: ID! createdAt: DateTime! reason: String! referenceDocumentUri: String
  changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]!
}
type InventoryChange { name: String! delta: Int! quantityAfterChange: Int item: InventoryItem location: Location ledgerDocumentUri: String }

input ProductVariantsBulkInput { id: ID price: Money compareAtPrice: Money barcode: String }
type ProductVariantsBulkUpdatePayload { product: Product productVariants: [ProductVariant!] userErrors: [ProductVariantsBulkUpdateUserError!]! }
type ProductVariantsBulkUpdateUserError implements DisplayableError { code: ProductVariantsBulkUpdateUserErrorCode field: [String!] message: String! }

input ProductUpdateIdentifiers { handle: String id: ID }
input ProductUpdateInput { id: ID title: String descriptionHtml: String vendor: String handle: String status: ProductStatus productType: String tags: [String!] }
type ProductUpdatePayload { product: Product userErrors: [UserError!]! }
type UserError implements DisplayableError { field: [String!] message: String! }

type BulkOperationRunQueryPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }
type BulkOperationUserError implements DisplayableError { code: BulkOperationUserErrorCode field: [String!] message: String! }
`;
