// The part of Amazon's product type definitions the sandbox enforces on every listing submission
// (patch or feed message): an attribute the product type's schema does not have is refused, and
// every purchasable_offer names its selectors marketplace_id and currency [A10: an offer is
// "uniquely identified by marketplace_id, currency, and audience"; audience defaults to ALL].
// Amazon serves the real schemas per seller and marketplace (Product Type Definitions API,
// JSON Schema 2019-09) [API-NOTES; spec: definitionsProductTypes_2020-09-01]; none is stored in
// the project, so these lists are small stand-ins with the attributes the sandbox knows.
import type { Issue } from './store.js';

/** Sales terms: every product type has them. */
const OFFER_ATTRIBUTES = [
  'condition_type', 'condition_note', 'fulfillment_availability', 'purchasable_offer', 'merchant_shipping_group', 'list_price',
  'max_order_quantity', 'skip_offer', 'main_offer_image_locator', 'merchant_release_date', 'product_tax_code',
];
/** Product facts: every product type except the offer-only PRODUCT. */
const PRODUCT_ATTRIBUTES = [
  'item_name', 'brand', 'bullet_point', 'product_description', 'externally_assigned_product_identifier', 'manufacturer', 'item_type_keyword',
  'color', 'material', 'size', 'item_package_quantity', 'country_of_origin', 'supplier_declared_dg_hz_regulation', 'batteries_required',
];

const KNOWN = ['DRINKING_CUP', 'GROCERY', 'TEAPOT', 'KETTLE', 'COFFEE_FILTER', 'COFFEE', 'LUGGAGE', 'SHOES', 'HOME', 'KITCHEN'];

export class ProductTypes {
  private readonly types = new Map<string, ReadonlySet<string>>();

  /** `seeded`: the product types of the seed's listings, known as well. */
  constructor(seeded: Iterable<string>) {
    this.types.set('PRODUCT', new Set(OFFER_ATTRIBUTES));
    for (const t of [...KNOWN, ...seeded]) if (!this.types.has(t)) this.types.set(t, new Set([...OFFER_ATTRIBUTES, ...PRODUCT_ATTRIBUTES]));
  }

  /** The issues of submitting these attributes (by name, with their values) under this product type. */
  check(productType: string, attributes: Iterable<[string, unknown]>): Issue[] {
    const allowed = this.types.get(productType);
    if (!allowed) {
      return [{ code: '4000007', severity: 'ERROR', message: `'${productType}' is not a valid Amazon product type in this marketplace.`, categories: ['INVALID_ATTRIBUTE'] }];
    }
    const issues: Issue[] = [];
    for (const [name, value] of attributes) {
      if (!allowed.has(name)) {
        issues.push({ code: '4000006', severity: 'ERROR', message: `The attribute '${name}' is not part of the schema of product type '${productType}'.`, attributeNames: [name], categories: ['INVALID_ATTRIBUTE'] });
        continue;
      }
      if (name === 'purchasable_offer' && Array.isArray(value)) issues.push(...offerSelectors(value));
    }
    return issues;
  }
}

function offerSelectors(offers: unknown[]): Issue[] {
  const issues: Issue[] = [];
  for (const key of ['marketplace_id', 'currency']) {
    if (offers.some((o) => !o || typeof o !== 'object' || typeof (o as Record<string, unknown>)[key] !== 'string')) {
      issues.push({ code: '90220', severity: 'ERROR', message: `'[purchasable_offer.${key}]' is required but not supplied.`, attributeNames: ['purchasable_offer'], categories: ['MISSING_ATTRIBUTE'] });
    }
  }
  return issues;
}
