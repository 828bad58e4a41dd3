// The HTTP surface as Shopify shows it: the versioned path, token auth with Shopify's 401 body,
// GraphQL syntax and validation errors in `errors[]`, and the cost extension on every answer.
import { describe, expect, it } from 'vitest';
import { gql, sandbox } from './helpers.js';

describe('Shopify sandbox over HTTP', () => {
  it('serves the 2026-10 GraphQL path on loopback', async () => {
    const s = await sandbox();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.graphqlUrl).toBe(`${s.url}/admin/api/2026-10/graphql.json`);
    const r = await gql<{ shop: { name: string; currencyCode: string } }>(s, 'query Shop { shop { name currencyCode } }');
    expect(r.status).toBe(200);
    expect(r.body.data?.shop).toEqual({ name: 'omni demo shop', currencyCode: 'EUR' });
    expect(r.body.extensions?.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } });
  });

  it.each([['missing', null], ['wrong', 'shpat_wrong']])('answers 401 with Shopify\'s body when the token is %s', async (_label, token) => {
    const s = await sandbox();
    const r = await gql(s, '{ shop { name } }', {}, token);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
  });

  it('accepts a configured token', async () => {
    const s = await sandbox({ accessToken: 'shpat_test_123' });
    expect((await gql(s, '{ shop { name } }', {}, 'shpat_test_123')).status).toBe(200);
    expect((await gql(s, '{ shop { name } }', {}, 'shpat_sandbox')).status).toBe(401);
  });

  it('answers 404 for other API versions', async () => {
    const s = await sandbox();
    const res = await fetch(`${s.url}/admin/api/2024-01/graphql.json`, { method: 'POST', headers: { 'x-shopify-access-token': s.accessToken }, body: '{}' });
    expect(res.status).toBe(404);
  });

  it('reports syntax and validation errors in errors[] with HTTP 200', async () => {
    const s = await sandbox();
    const syntax = await gql(s, '{ shop { name }');
    expect(syntax.status).toBe(200);
    expect(syntax.body.errors?.[0]?.message).toMatch(/Syntax Error/);
    const unknown = await gql(s, '{ shop { nonsense } }');
    expect(unknown.body.errors?.[0]?.message).toMatch(/Cannot query field "nonsense" on type "Shop"/);
    expect(unknown.body.data).toBeUndefined();
  });

  it('requires first or last on a connection, and at most 250', async () => {
    const s = await sandbox();
    const none = await gql(s, '{ products { edges { node { id } } } }');
    expect(none.body.errors?.[0]?.message).toBe('you must provide one of first or last');
    const big = await gql(s, '{ products(first: 251) { edges { node { id } } } }');
    expect(big.body.errors?.[0]?.message).toMatch(/between 0 and 250/);
  });

  it('resolves node(id:) to the real types', async () => {
    const s = await sandbox();
    const r = await gql<{ node: { __typename: string; sku: string } }>(s, 'query($id: ID!) { node(id: $id) { __typename ... on ProductVariant { sku } } }', { id: 'gid://shopify/ProductVariant/4471234560001' });
    expect(r.body.data?.node).toEqual({ __typename: 'ProductVariant', sku: 'MUG-STONE-350' });
  });
});
