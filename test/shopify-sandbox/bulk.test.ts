// Bulk query operations: run, poll bulkOperation(id:) until COMPLETED, fetch the JSONL from the
// sandbox's own URL; nested connection nodes come as their own lines with __parentId.
import { describe, expect, it } from 'vitest';
import { BULK_RUN_MUTATION, BULK_STATUS_QUERY, BULK_VARIANTS_QUERY } from '../../connectors/shopify/queries.js';
import { WAREHOUSE, gql, sandbox } from './helpers.js';

const SHOP_LOCATION = 'gid://shopify/Location/71234567002';

interface Op { id: string; status: string; objectCount: string; rootObjectCount?: string; url: string | null; errorCode: string | null }
interface RunPayload { bulkOperationRunQuery: { bulkOperation: Op | null; userErrors: { code?: string; field: string[]; message: string }[] } }

const RUN = `mutation($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status objectCount url errorCode } userErrors { code field message } } }`;
const STATUS = `query($id: ID!) { bulkOperation(id: $id) { id status objectCount rootObjectCount url errorCode } }`;

async function lines(url: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(url);
  expect(res.headers.get('content-type')).toBe('application/jsonl');
  return (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('bulk operations', () => {
  it('writes products with their variants as JSONL lines with __parentId', async () => {
    const s = await sandbox();
    const run = await gql<RunPayload>(s, RUN, { query: '{ products { edges { node { id title variants { edges { node { id sku price } } } } } } }' });
    const op = run.body.data!.bulkOperationRunQuery.bulkOperation!;
    expect(op).toMatchObject({ status: 'CREATED', objectCount: '0', url: null });
    const running = await gql<{ bulkOperation: Op }>(s, STATUS, { id: op.id });
    expect(running.body.data!.bulkOperation.status).toBe('RUNNING');
    const done = (await gql<{ bulkOperation: Op }>(s, STATUS, { id: op.id })).body.data!.bulkOperation;
    expect(done).toMatchObject({ status: 'COMPLETED', objectCount: '20', rootObjectCount: '10', errorCode: null });
    expect(done.url).toMatch(new RegExp(`^${s.url}/bulk/\\d+\\.jsonl$`));
    const rows = await lines(done.url!);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toEqual({ id: 'gid://shopify/Product/8812345670001', title: 'Stoneware mug "Fjord", 350 ml' });
    expect(rows[1]).toEqual({ id: 'gid://shopify/ProductVariant/4471234560001', sku: 'MUG-STONE-350', price: '14.90', __parentId: 'gid://shopify/Product/8812345670001' });
  });

  it('runs omni\'s own bulk variant read', async () => {
    const s = await sandbox({ bulkPollsUntilDone: 0 });
    const run = await gql<RunPayload>(s, BULK_RUN_MUTATION, { query: BULK_VARIANTS_QUERY([WAREHOUSE, SHOP_LOCATION]) });
    expect(run.body.data!.bulkOperationRunQuery.userErrors).toEqual([]);
    const done = (await gql<{ bulkOperation: Op }>(s, BULK_STATUS_QUERY, { id: run.body.data!.bulkOperationRunQuery.bulkOperation!.id })).body.data!.bulkOperation;
    expect(done.status).toBe('COMPLETED');
    const rows = await lines(done.url!);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({ sku: 'MUG-STONE-350', inventoryItem: { l0: { quantities: [{ name: 'available', quantity: 300 }] }, l1: { quantities: [{ name: 'available', quantity: 200 }] } } });
    const current = await gql<{ currentBulkOperation: Op }>(s, '{ currentBulkOperation { id status } }');
    expect(current.body.data!.currentBulkOperation).toMatchObject({ id: done.id, status: 'COMPLETED' });
  });

  it('refuses queries without a connection or nested too deep', async () => {
    const s = await sandbox();
    const none = await gql<RunPayload>(s, RUN, { query: '{ shop { name } }' });
    expect(none.body.data!.bulkOperationRunQuery).toMatchObject({ bulkOperation: null, userErrors: [{ code: 'INVALID', field: ['query'] }] });
    const deep = await gql<RunPayload>(s, RUN, { query: '{ products { edges { node { variants { edges { node { inventoryItem { inventoryLevels { edges { node { id } } } } } } } } } } }' });
    expect(deep.body.data!.bulkOperationRunQuery.userErrors[0]?.message).toMatch(/nesting depth/);
    const invalid = await gql<RunPayload>(s, RUN, { query: '{ products { edges { node { nope } } } }' });
    expect(invalid.body.data!.bulkOperationRunQuery.userErrors[0]?.message).toMatch(/Cannot query field "nope"/);
  });

  it('runs one bulk query at a time: a second is refused with OPERATION_IN_PROGRESS until the first is done', async () => {
    const s = await sandbox();
    const first = await gql<RunPayload>(s, RUN, { query: '{ products { edges { node { id } } } }' });
    const id = first.body.data!.bulkOperationRunQuery.bulkOperation!.id;
    const second = await gql<RunPayload>(s, RUN, { query: '{ products { edges { node { id } } } }' });
    expect(second.body.data!.bulkOperationRunQuery).toMatchObject({ bulkOperation: null, userErrors: [{ code: 'OPERATION_IN_PROGRESS' }] });
    expect(second.body.data!.bulkOperationRunQuery.userErrors[0]!.message).toContain(id);
    await gql(s, STATUS, { id }); // RUNNING
    await gql(s, STATUS, { id }); // COMPLETED
    const third = await gql<RunPayload>(s, RUN, { query: '{ products { edges { node { id } } } }' });
    expect(third.body.data!.bulkOperationRunQuery.userErrors).toEqual([]);
  });

  it('refuses a query with more than five connections', async () => {
    const s = await sandbox();
    const six = '{ products { edges { node { id variants { edges { node { id } } } } } } locations { edges { node { id } } } orders { edges { node { id lineItems { edges { node { id } } } } } } customers: productVariants { edges { node { id } } } }';
    const r = await gql<RunPayload>(s, RUN, { query: six });
    expect(r.body.data!.bulkOperationRunQuery.userErrors[0]?.message).toBe('Bulk queries cannot contain more than 5 connections.');
  });

  it('serves 404 for an unknown result file', async () => {
    const s = await sandbox();
    expect((await fetch(`${s.url}/bulk/123.jsonl`)).status).toBe(404);
  });
});
