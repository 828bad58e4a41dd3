// Price and content writes: productVariantsBulkUpdate (all or nothing unless
// allowPartialUpdates) and productUpdate with the 2026-10 `product: ProductUpdateInput`.
import { MAX_INPUT_ARRAY, tooManyItems } from './resolvers-inventory.js';
import { toMinor } from './ids.js';
import type { ResolverMap } from './context.js';
import type { ProductRec, ShopStore, VariantRec } from './store.js';

interface VariantInput { id?: string | null; price?: string | null; compareAtPrice?: string | null; barcode?: string | null }
interface ProductInput { id?: string | null; title?: string | null; descriptionHtml?: string | null; vendor?: string | null; handle?: string | null; status?: string | null; productType?: string | null; tags?: string[] | null }
interface Err { field: string[]; message: string; code?: string }

function money(v: string): number | undefined {
  try { return toMinor(v); } catch { return undefined; }
}

function checkVariant(store: ShopStore, productId: string, v: VariantInput, i: number): Err[] {
  const at = (f: string): string[] => ['variants', String(i), f];
  if (!v.id) return [{ field: at('id'), code: 'PRODUCT_VARIANT_ID_MISSING', message: 'Product variant is missing ID attribute.' }];
  const rec = store.variants.get(v.id);
  if (!rec) return [{ field: at('id'), code: 'PRODUCT_VARIANT_DOES_NOT_EXIST', message: 'Product variant does not exist' }];
  if (rec.productId !== productId) return [{ field: at('id'), code: 'MUST_BE_FOR_THIS_PRODUCT', message: 'Input must be for this product.' }];
  const errors: Err[] = [];
  for (const f of ['price', 'compareAtPrice'] as const) {
    const raw = v[f];
    if (raw == null) continue;
    const minor = money(raw);
    if (minor === undefined) errors.push({ field: at(f), code: 'INVALID_INPUT', message: `${f === 'price' ? 'Price' : 'Compare at price'} is invalid` });
    else if (minor < 0) errors.push({ field: at(f), code: 'GREATER_THAN_OR_EQUAL_TO', message: 'Price must be greater than or equal to 0' });
  }
  return errors;
}

function applyVariant(store: ShopStore, v: VariantInput): VariantRec {
  const rec = store.variants.get(v.id!)!;
  if (v.price != null) rec.priceMinor = toMinor(v.price);
  if (v.compareAtPrice !== undefined) rec.compareAtMinor = v.compareAtPrice == null ? null : toMinor(v.compareAtPrice);
  if (v.barcode !== undefined) rec.barcode = v.barcode;
  rec.updatedAt = store.stamp();
  const product = store.products.get(rec.productId);
  if (product) product.updatedAt = rec.updatedAt;
  return rec;
}

export const productResolvers: ResolverMap = {
  Mutation: {
    productVariantsBulkUpdate: (_s, a: { productId: string; variants: VariantInput[]; allowPartialUpdates: boolean }, ctx) => {
      const { store } = ctx;
      if (a.variants.length > MAX_INPUT_ARRAY) throw tooManyItems(a.variants.length);
      const product = store.products.get(a.productId);
      if (!product) return { product: null, productVariants: null, userErrors: [{ field: ['productId'], code: 'PRODUCT_DOES_NOT_EXIST', message: 'Product does not exist' }] };
      const checked = a.variants.map((v, i) => ({ v, errors: checkVariant(store, a.productId, v, i) }));
      const userErrors = checked.flatMap((c) => c.errors);
      if (userErrors.length && !a.allowPartialUpdates) return { product, productVariants: null, userErrors };
      const updated = checked.filter((c) => !c.errors.length).map((c) => applyVariant(store, c.v));
      return { product, productVariants: updated, userErrors };
    },
    productUpdate: (_s, a: { product?: ProductInput | null; identifier?: { id?: string | null; handle?: string | null } | null }, ctx) => {
      const { store } = ctx;
      const input = a.product ?? {};
      const id = a.identifier?.id ?? input.id;
      const handle = a.identifier?.handle;
      const product: ProductRec | undefined = id ? store.products.get(id) : handle ? [...store.products.values()].find((p) => p.handle === handle) : undefined;
      if (!product) return { product: null, userErrors: [{ field: ['id'], message: 'Product does not exist' }] };
      if (input.title != null && !input.title.trim()) return { product, userErrors: [{ field: ['title'], message: "Title can't be blank" }] };
      if (input.title != null) product.title = input.title;
      if (input.descriptionHtml != null) product.descriptionHtml = input.descriptionHtml;
      if (input.vendor != null) product.vendor = input.vendor;
      if (input.handle != null) product.handle = input.handle;
      if (input.status != null) product.status = input.status;
      if (input.productType != null) product.productType = input.productType;
      if (input.tags != null) product.tags = input.tags;
      product.updatedAt = store.stamp();
      return { product, userErrors: [] };
    },
  },
};
