// Every document omni sends to Shopify must validate against the real 2026-10 schema. The schema
// lives in ../shared (not shipped with omni): without it the suite says so and skips (fails under
// CI=true: test/support/specs.ts).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { buildClientSchema, parse, validate, NoDeprecatedCustomRule, type IntrospectionQuery } from 'graphql';
import * as q from '../../connectors/shopify/queries.js';
import { describeWithSpecs, specFile } from '../support/specs.js';

const SCHEMA = specFile('shopify', 'admin_2026-10.introspection.json.gz');
const have = existsSync(SCHEMA);

describeWithSpecs('Shopify documents against the 2026-10 schema', SCHEMA, () => {
  const schema = have ? buildClientSchema((JSON.parse(gunzipSync(readFileSync(SCHEMA)).toString()) as { data: IntrospectionQuery }).data) : undefined;
  const docs: Record<string, string> = {
    SHOP_QUERY: q.SHOP_QUERY, LOCATIONS_QUERY: q.LOCATIONS_QUERY, VARIANTS_QUERY: q.VARIANTS_QUERY, 'variantsQuery(3)': q.variantsQuery(3),
    LOCATION_LEVELS_QUERY: q.LOCATION_LEVELS_QUERY, ORDERS_QUERY: q.ORDERS_QUERY,
    SET_QUANTITIES_MUTATION: q.SET_QUANTITIES_MUTATION('k'), VARIANTS_BULK_UPDATE_MUTATION: q.VARIANTS_BULK_UPDATE_MUTATION,
    PRODUCT_UPDATE_MUTATION: q.PRODUCT_UPDATE_MUTATION, VARIANTS_COUNT_QUERY: q.VARIANTS_COUNT_QUERY,
    BULK_VARIANTS_QUERY: q.BULK_VARIANTS_QUERY(['gid://shopify/Location/1', 'gid://shopify/Location/2']), BULK_RUN_MUTATION: q.BULK_RUN_MUTATION,
    BULK_STATUS_QUERY: q.BULK_STATUS_QUERY, ORDER_LINES_QUERY: q.ORDER_LINES_QUERY, REFUND_LINES_QUERY: q.REFUND_LINES_QUERY,
  };
  it.each(Object.keys(docs))('%s validates', (name) => {
    expect(validate(schema!, parse(docs[name]!)).map((e) => e.message)).toEqual([]);
  });
  // a deprecated field is one Shopify will remove: omni should not be reading it
  it.each(Object.keys(docs))('%s uses no deprecated field', (name) => {
    expect(validate(schema!, parse(docs[name]!), [NoDeprecatedCustomRule]).map((e) => e.message)).toEqual([]);
  });
});
