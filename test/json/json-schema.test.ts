// The schema checker and the schemas together catch what the issue found wrong with the old
// outputs: JSON text inside JSON, quantities as strings, undocumented fields, times without offset.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadSchemas, SchemaChecker } from '../support/json-schema.js';
import { ROOT } from '../support/workspace.js';

const checker = new SchemaChecker(loadSchemas(path.join(ROOT, 'docs', 'json')));
const product = {
  sku: 'MUG', title: 'Mug', description: null, brand: null, barcode: null, priceMinor: 1490, costMinor: null, currency: 'EUR', attributes: {},
  contentHash: 'ab12', reorderPoint: null, reorderQty: null, archived: false, createdAt: '2026-06-01T08:00:00.000Z', updatedAt: '2026-06-01T08:00:00.000Z',
};
const change = { channel: 'shopify', sku: 'MUG', channelSku: 'MUG', location: null, action: 'stock', before: 10, after: 8, outcome: 'applied', message: '', why: 'warehouse 10 − buffer 2 = 8' };
const sync = { formatVersion: 2, generatedAt: '2026-06-01T08:00:00.000Z', dryRun: false, currency: 'EUR', channels: [], changes: [change], settled: [] };

describe('JSON shapes: the checker', () => {
  it('accepts a conforming output', () => {
    expect(checker.check('products-list.schema.json', { formatVersion: 1, products: [product] })).toEqual([]);
    expect(checker.check('sync.schema.json', sync)).toEqual([]);
  });

  it.each([
    ['attributes as JSON text', 'products-list.schema.json', { formatVersion: 1, products: [{ ...product, attributes: '{}' }] }, /attributes: "\{\}" is not object/],
    ['a field nobody documented', 'products-list.schema.json', { formatVersion: 1, products: [{ ...product, colour: 'red' }] }, /"colour" is not documented/],
    ['a missing field', 'products-list.schema.json', { formatVersion: 1, products: [Object.fromEntries(Object.entries(product).filter(([k]) => k !== 'sku'))] }, /missing "sku"/],
    ['the wrong version', 'products-list.schema.json', { formatVersion: 2, products: [] }, /formatVersion: 2 is not 1/],
    ['a time without offset', 'products-list.schema.json', { formatVersion: 1, products: [{ ...product, createdAt: '2026-06-01 08:00:00' }] }, /not an ISO 8601 time with an offset/],
    ['money as a decimal string', 'products-list.schema.json', { formatVersion: 1, products: [{ ...product, priceMinor: '14.90' }] }, /priceMinor/],
    ['a stock quantity as text', 'sync.schema.json', { ...sync, changes: [{ ...change, before: '10' }] }, /matches 0 of the oneOf/],
    ['a content hash as a number', 'sync.schema.json', { ...sync, changes: [{ ...change, action: 'content', before: 1, after: 2 }] }, /matches 0 of the oneOf/],
  ])('refuses %s', (_what, file, data, problem) => {
    expect(checker.check(file, data).join('\n')).toMatch(problem);
  });

  it('refuses a schema keyword it does not check (no check may silently not happen)', () => {
    const c = new SchemaChecker(new Map([['x.schema.json', { type: 'object', patternProperties: {} }]]));
    expect(() => c.check('x.schema.json', {})).toThrow(/unsupported schema keyword "patternProperties"/);
  });
});
