// Every Shopify location accounted for. Shopify sells the sum over its locations, and omni publishes
// one number per channel, so: the publish location gets that number, every other location in
// location_map gets 0 (compare-and-swapped like the main push), and an active location that is not
// in location_map is left alone — its units are sold on top of omni's number, which sync and doctor
// warn about with the units it adds. (docs/design-notes.md, "Shopify".)
import type { ShopifyGraphql } from './graphql.js';
import { LOCATIONS_QUERY, LOCATION_LEVELS_QUERY } from './queries.js';
import { publishLocationId, type ShopifyConfig } from './config.js';

export interface ShopifyLocations {
  /** The Shopify location that carries the published quantity. */
  publish: string;
  /** Mapped locations other than the publish one: omni sets them to 0 (omni code → Shopify id). */
  zeroed: { code: string; id: string }[];
  /** Active Shopify locations not in location_map: left alone, warned about. */
  unmanaged: { id: string; name: string }[];
}

interface LocationsData { locations: { edges: { node: { id: string; name: string; isActive: boolean } }[] } }

export async function shopifyLocations(gql: ShopifyGraphql, config: ShopifyConfig): Promise<ShopifyLocations> {
  const publish = publishLocationId(config);
  const mapped = new Set(Object.values(config.location_map));
  const d = await gql.run<LocationsData>('locations', LOCATIONS_QUERY, {}, 2);
  return {
    publish,
    zeroed: Object.entries(config.location_map).filter(([, id]) => id !== publish).map(([code, id]) => ({ code, id })),
    unmanaged: d.locations.edges.map((e) => e.node).filter((n) => n.isActive && !mapped.has(n.id)).map((n) => ({ id: n.id, name: n.name })),
  };
}

/** The location ids in the order variantsQuery aliases them ($l0 = publish, then zeroed, then unmanaged). */
export function queriedLocations(l: ShopifyLocations): string[] {
  return [l.publish, ...l.zeroed.map((z) => z.id), ...l.unmanaged.map((u) => u.id)];
}

interface LevelsPage {
  location: { name: string; inventoryLevels: { pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { item: { sku: string | null } | null; quantities: { name: string; quantity: number }[] } }[] } } | null;
}

/**
 * For `omni doctor`: what each location omni does not manage adds to what Shopify sells (available
 * units of items with a SKU), e.g. `"Pop-up" holds 37 unit(s) of 3 item(s) with a SKU (MUG 20, …)`.
 */
export async function unmanagedStock(gql: ShopifyGraphql, l: ShopifyLocations): Promise<string[]> {
  const out: string[] = [];
  for (const loc of l.unmanaged) {
    const bySku = new Map<string, number>();
    let after: string | null = null;
    do {
      const page: LevelsPage = await gql.run<LevelsPage>('location', LOCATION_LEVELS_QUERY, { id: loc.id, first: 250, after }, 2 + 250 * 3);
      const levels = page.location?.inventoryLevels;
      for (const { node } of levels?.edges ?? []) {
        const q = node.quantities.find((x) => x.name === 'available')?.quantity ?? 0;
        if (node.item?.sku && q > 0) bySku.set(node.item.sku, (bySku.get(node.item.sku) ?? 0) + q);
      }
      after = levels?.pageInfo.hasNextPage ? levels.pageInfo.endCursor : null;
    } while (after);
    if (bySku.size === 0) continue;
    const units = [...bySku.values()].reduce((a, b) => a + b, 0);
    const top = [...bySku].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([s, q]) => `${s} ${q}`).join(', ');
    out.push(`Shopify location "${loc.name}" (${loc.id}) is not in location_map and holds ${units} unit(s) of ${bySku.size} item(s) with a SKU (${top}${bySku.size > 5 ? ', …' : ''}): `
      + 'Shopify sells them on top of what omni publishes. Add it to location_map (omni then sets it to 0) or move that stock in Shopify admin.');
  }
  return out;
}
