// Price and content writes: productVariantsBulkUpdate with its userErrors, productUpdate.
import { describe, expect, it } from 'vitest';
import { PRODUCT_UPDATE_MUTATION, VARIANTS_BULK_UPDATE_MUTATION } from '../../connectors/shopify/queries.js';
import { EARL, MUG, gql, sandbox } from './helpers.js';

interface BulkPayload { productVariantsBulkUpdate: { productVariants: { id: string; price: string }[] | null; userErrors: { code: string; field: string[]; message: string }[] } }
const STRICT = `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id price } userErrors { code field message } }
}`;

describe('product writes', () => {
  it('updates a variant price', async () => {
    const s = await sandbox();
    const r = await gql<BulkPayload>(s, VARIANTS_BULK_UPDATE_MUTATION, { productId: MUG.product, variants: [{ id: MUG.variant, price: '15.50' }] });
    expect(r.body.data!.productVariantsBulkUpdate).toEqual({ productVariants: [{ id: MUG.variant, price: '15.50' }], userErrors: [] });
    expect(s.mutationCounts()).toEqual({ productVariantsBulkUpdate: 1 });
  });

  it('names an unknown variant in userErrors and changes nothing', async () => {
    const s = await sandbox();
    const r = await gql<BulkPayload>(s, STRICT, { productId: MUG.product, variants: [{ id: MUG.variant, price: '1.00' }, { id: 'gid://shopify/ProductVariant/1', price: '2.00' }] });
    expect(r.body.data!.productVariantsBulkUpdate.productVariants).toBeNull();
    expect(r.body.data!.productVariantsBulkUpdate.userErrors).toEqual([{ code: 'PRODUCT_VARIANT_DOES_NOT_EXIST', field: ['variants', '1', 'id'], message: expect.any(String) }]);
    const price = await gql<{ productVariant: { price: string } }>(s, `{ productVariant(id: "${MUG.variant}") { price } }`);
    expect(price.body.data!.productVariant.price).toBe('14.90');
  });

  it('refuses a variant of another product and an unknown product', async () => {
    const s = await sandbox();
    const other = await gql<BulkPayload>(s, STRICT, { productId: MUG.product, variants: [{ id: EARL.variant, price: '1.00' }] });
    expect(other.body.data!.productVariantsBulkUpdate.userErrors[0]?.code).toBe('MUST_BE_FOR_THIS_PRODUCT');
    const none = await gql<BulkPayload>(s, STRICT, { productId: 'gid://shopify/Product/1', variants: [{ id: MUG.variant, price: '1.00' }] });
    expect(none.body.data!.productVariantsBulkUpdate.userErrors[0]).toMatchObject({ code: 'PRODUCT_DOES_NOT_EXIST', field: ['productId'] });
  });

  it('applies the valid variants with allowPartialUpdates', async () => {
    const s = await sandbox();
    const r = await gql<BulkPayload>(s, VARIANTS_BULK_UPDATE_MUTATION, { productId: MUG.product, variants: [{ id: MUG.variant, price: '16.00' }, { id: 'gid://shopify/ProductVariant/1', price: '1.00' }] });
    expect(r.body.data!.productVariantsBulkUpdate.productVariants).toEqual([{ id: MUG.variant, price: '16.00' }]);
    expect(r.body.data!.productVariantsBulkUpdate.userErrors).toHaveLength(1);
  });

  it('updates title and description with productUpdate(product:)', async () => {
    const s = await sandbox();
    const r = await gql<{ productUpdate: { product: Record<string, string>; userErrors: unknown[] } }>(s, PRODUCT_UPDATE_MUTATION, {
      product: { id: EARL.product, title: 'Earl Grey 100 g', descriptionHtml: '<p>Bergamot &amp; black tea</p>' },
    });
    expect(r.body.data!.productUpdate).toEqual({
      product: { id: EARL.product, title: 'Earl Grey 100 g', descriptionHtml: '<p>Bergamot &amp; black tea</p>', vendor: 'Teehaus Berg' }, userErrors: [],
    });
    const missing = await gql<{ productUpdate: { userErrors: { field: string[] }[] } }>(s, PRODUCT_UPDATE_MUTATION, { product: { id: 'gid://shopify/Product/1', title: 'x' } });
    expect(missing.body.data!.productUpdate.userErrors[0]?.field).toEqual(['id']);
  });
});
