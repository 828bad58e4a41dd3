// A seed longer than the summary's lists: every product is counted and created, the list keeps
// the first LIST_CAP (copied only for those), and the import hands the connection back with the
// settings it found (its bigger page cache is for its own transaction only).
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINES } from '../support/postgres.js';
import { LIST_CAP } from '../../src/import/summary.js';
import { setup, type TestWs } from './helpers.js';

let ws: TestWs | undefined;
afterEach(() => { ws?.close(); ws = undefined; });

const SHOP = `  shop:
    columns: { sku: sku, title: title, cost: cost, quantity: quantity }
`;

describe.each(ENGINES)('supplier import summary lists on %s', (engine) => {
  it('counts every new product and lists the first LIST_CAP, in file order', async () => {
    ws = setup(SHOP, '', engine);
    const n = LIST_CAP + 37;
    const file = path.join(ws.dir, 'feed.csv');
    writeFileSync(file, ['sku,title,cost,quantity', ...Array.from({ length: n }, (_, i) => `S-${String(i).padStart(5, '0')},"Becher ""${i}""",1.50,${i % 5}`)].join('\n'));
    const s = await ws.run({ supplier: 'shop', source: file, createNew: true });
    expect(s.counts).toMatchObject({ rows: n, newItems: n, newProducts: n, rejected: 0 });
    expect(s.newProducts).toHaveLength(LIST_CAP);
    expect(s.newProducts[0]).toEqual({ sku: 'S-00000', title: 'Becher "0"', costMinor: 150, priceMinor: null });
    expect(s.newProducts[LIST_CAP - 1]!.sku).toBe(`S-${String(LIST_CAP - 1).padStart(5, '0')}`);
    expect(ws.db.$client.prepare('SELECT count(*) AS n FROM products').get()).toEqual({ n });
  });

});

// SQLite only: PostgreSQL has no page cache or temp store of the connection's own to leave as found.
describe('supplier import connection settings on sqlite', () => {
  it('leaves the connection\'s cache size and temp store as it found them', async () => {
    ws = setup(SHOP, '', 'sqlite');
    const c = ws.db.$client;
    const before = { cache: c.pragma('cache_size', { simple: true }), temp: c.pragma('temp_store', { simple: true }) };
    const file = path.join(ws.dir, 'feed.csv');
    writeFileSync(file, 'sku,title,cost,quantity\nA-1,Becher,1.00,3\nA-2,Tasse,2.00,4\n');
    await ws.run({ supplier: 'shop', source: file, createNew: true, bulkIndexesAfter: 1 });
    expect({ cache: c.pragma('cache_size', { simple: true }), temp: c.pragma('temp_store', { simple: true }) }).toEqual(before);
  });
});
