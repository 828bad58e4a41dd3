// Reading the catalogue: cursor paging, search filters, inventory levels and quantities by name,
// and omni's own Shopify documents running unchanged against the sandbox.
import { describe, expect, it } from 'vitest';
import * as q from '../../connectors/shopify/queries.js';
import { EARL, MUG, SHOP, WAREHOUSE, gql, sandbox } from './helpers.js';

interface Page<T> { edges: { cursor: string; node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

describe('catalogue reads', () => {
  it('pages products with cursors until hasNextPage is false', async () => {
    const s = await sandbox();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const r: Awaited<ReturnType<typeof gql<{ products: Page<{ id: string; title: string }> }>>> = await gql(s,
        'query($after: String) { products(first: 3, after: $after) { edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } }', { after });
      const page = r.body.data!.products;
      seen.push(...page.edges.map((e) => e.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect(seen[0]).toBe(MUG.product);
  });

  it('filters productVariants by sku and reads levels per location', async () => {
    const s = await sandbox();
    const r = await gql<{ productVariants: Page<Record<string, unknown>> }>(s, `{
      productVariants(first: 5, query: "sku:TEA-EARL-100") { edges { node {
        id sku price barcode updatedAt product { id title descriptionHtml vendor }
        inventoryItem { id inventoryLevels(first: 5) { edges { node { location { id name } quantities(names: ["available", "on_hand"]) { name quantity } } } } }
      } } }
    }`);
    expect(r.body.errors).toBeUndefined();
    const nodes = r.body.data!.productVariants.edges.map((e) => e.node);
    expect(nodes).toEqual([{
      id: EARL.variant, sku: 'TEA-EARL-100', price: '7.50', barcode: '4012345000017', updatedAt: '2026-10-04T12:30:00Z',
      product: { id: EARL.product, title: 'Earl Grey loose leaf tea 100 g', descriptionHtml: '<p>Black tea with bergamot oil</p>', vendor: 'Teehaus Berg' },
      inventoryItem: { id: EARL.item, inventoryLevels: { edges: [
        { node: { location: { id: WAREHOUSE, name: 'Warehouse' }, quantities: [{ name: 'available', quantity: 96 }, { name: 'on_hand', quantity: 96 }] } },
        { node: { location: { id: SHOP, name: 'Shop' }, quantities: [{ name: 'available', quantity: 24 }, { name: 'on_hand', quantity: 24 }] } },
      ] } },
    }]);
  });

  it('lists the two locations by name', async () => {
    const s = await sandbox();
    const r = await gql<{ locations: Page<{ id: string; name: string }> }>(s, '{ locations(first: 10) { edges { node { id name } } } }');
    expect(r.body.data!.locations.edges.map((e) => e.node)).toEqual([{ id: SHOP, name: 'Shop' }, { id: WAREHOUSE, name: 'Warehouse' }]);
  });

  it('rejects an unknown quantity name', async () => {
    const s = await sandbox();
    const r = await gql(s, `query($id: ID!) { inventoryItem(id: $id) { inventoryLevel(locationId: "${WAREHOUSE}") { quantities(names: ["sellable"]) { quantity } } } }`, { id: MUG.item });
    expect(r.body.errors?.[0]?.message).toMatch(/Invalid quantity name/);
  });

  it('runs omni\'s own documents without errors', async () => {
    const s = await sandbox();
    expect((await gql(s, q.SHOP_QUERY)).body.errors).toBeUndefined();
    expect((await gql(s, q.LOCATIONS_QUERY)).body.errors).toBeUndefined();
    expect((await gql(s, q.VARIANTS_COUNT_QUERY)).body.data).toEqual({ productVariantsCount: { count: 10, precision: 'EXACT' } });
    type Level = { quantities: { quantity: number }[] } | null;
    const v = await gql<{ productVariants: Page<{ sku: string; inventoryItem: { l0: Level; l1: Level } }> }>(s, q.variantsQuery(2), { first: 50, after: null, l0: WAREHOUSE, l1: 'gid://shopify/Location/71234567002' });
    expect(v.body.errors).toBeUndefined();
    const mug = v.body.data!.productVariants.edges.find((e) => e.node.sku === 'MUG-STONE-350');
    expect(mug?.node.inventoryItem.l0!.quantities).toEqual([{ name: 'available', quantity: 300 }]);
    expect(mug?.node.inventoryItem.l1!.quantities).toEqual([{ name: 'available', quantity: 200 }]);
    const levels = await gql<{ location: { inventoryLevels: Page<{ item: { sku: string }; quantities: { quantity: number }[] }> } }>(s, q.LOCATION_LEVELS_QUERY, { id: WAREHOUSE, first: 3, after: null });
    expect(levels.body.errors).toBeUndefined();
    expect(levels.body.data!.location.inventoryLevels.edges[0]!.node).toEqual({ item: { sku: 'MUG-STONE-350' }, quantities: [{ name: 'available', quantity: 300 }] });
    const o = await gql(s, q.ORDERS_QUERY, { first: 1, after: null, query: "updated_at:>'2026-01-01T00:00:00Z'" });
    expect(o.body.errors).toBeUndefined();
  });
});
