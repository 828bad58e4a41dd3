// When the PostgreSQL master refuses a batch for a reason other than a duplicate key, the person
// reads the master's own error, with the file and the rows of that batch, even when the batch was
// sent without waiting and a later row of the file (a CSV syntax error) stopped the import before
// the batch was settled. The refusal is provoked by a trigger made in the test database only.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINES } from '../support/postgres.js';
import { pgClient } from '../../src/db/open.js';
import { isUserError } from '../../src/core/errors.js';
import { items, setup, type TestWs } from './helpers.js';

let ws: TestWs | undefined;
afterEach(() => { ws?.close(); ws = undefined; });

const SHOP = `  shop:
    columns: { sku: sku, title: title, cost: cost, quantity: quantity }
`;
const line = (i: number) => `P-${String(i).padStart(3, '0')},Becher ${i},${(1 + i / 100).toFixed(2)},${i % 5}`;

/** Items with supplier sku `sku` are refused by the master (any way they are written: COPY or INSERT). */
function refuse(t: TestWs, sku: string): void {
  pgClient(t.db)!.native(`CREATE FUNCTION refuse_item() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.supplier_sku = '${sku}' THEN RAISE EXCEPTION 'item % is not allowed here', NEW.supplier_sku USING ERRCODE = 'P0001'; END IF; RETURN NEW; END $$;
    CREATE TRIGGER refuse_item BEFORE INSERT ON supplier_items FOR EACH ROW EXECUTE FUNCTION refuse_item();`);
}

const onPg = ENGINES.includes('postgres') ? describe : describe.skip;

onPg('a batch the PostgreSQL master refuses', () => {
  // Batches of 8: file rows 2–9, 10–17 (P-010 is on row 12), 18–25, …
  const run = (t: TestWs, lines: string[]) => {
    const file = path.join(t.dir, 'feed.csv');
    writeFileSync(file, ['sku,title,cost,quantity', ...lines].join('\n'));
    return t.run({ supplier: 'shop', source: file, pgInsertBatch: 8 }).then(() => undefined, (e: unknown) => e);
  };

  it('is reported with its rows and the master\'s error, not as a CSV error found on a later row; nothing is written', async () => {
    ws = setup(SHOP, '', 'postgres');
    refuse(ws, 'P-010');
    const before = ws.snapshot();
    // Rows 10–17 are sent when row 17 is read; row 18 breaks off before they are settled.
    const e = await run(ws, [...Array.from({ length: 16 }, (_, i) => line(i)), 'P-999,"no closing quote,1.00,1']);
    expect(isUserError(e)).toBe(true);
    expect((e as Error).message).toBe('feed.csv, rows 10–17: the PostgreSQL master refused them: item P-010 is not allowed here; nothing was imported.');
    expect(ws.snapshot()).toEqual(before);
  });

  it('is reported the same way when it is settled by the next batch, or written in the last, partial one', async () => {
    ws = setup(SHOP, '', 'postgres');
    refuse(ws, 'P-010');
    const before = ws.snapshot();
    const sent = await run(ws, Array.from({ length: 40 }, (_, i) => line(i)));
    expect((sent as Error).message).toBe('feed.csv, rows 10–17: the PostgreSQL master refused them: item P-010 is not allowed here; nothing was imported.');
    const last = await run(ws, Array.from({ length: 12 }, (_, i) => line(i)));
    expect((last as Error).message).toBe('feed.csv, rows 10–13: the PostgreSQL master refused them: item P-010 is not allowed here; nothing was imported.');
    expect(ws.snapshot()).toEqual(before);
    expect(items(ws.db)).toHaveLength(0);
  });
});
