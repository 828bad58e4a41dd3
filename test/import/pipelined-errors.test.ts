// When the PostgreSQL master refuses a batch for a reason other than a duplicate key, the person
// reads the master's own error, with the file and the rows of that batch, even when the batch was
// sent without waiting and a later row of the file (a CSV syntax error) stopped the import before
// the batch was settled. The refusal is provoked by a trigger made in the test database only.
// And a session the server ends while a batch is being written fails as a lost connection, with
// nothing written. No sleeps: each case is driven by the event itself (onUnitSent, a lock wait).
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINES } from '../support/postgres.js';
import { pgClient } from '../../src/db/open.js';
import { PgDatabase } from '../../src/db/pg/client.js';
import { isUserError, type UserError } from '../../src/core/errors.js';
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

  it('a connection the server ends while a batch is in flight fails the import as a lost connection; nothing is written, and a new connection imports', async () => {
    ws = setup(SHOP, '', 'postgres');
    const before = ws.snapshot();
    const pid = pgClient(ws.db)!.native('SELECT pg_backend_pid()').rows![0]![0] as number;
    // A second session holds a lock that the first batch's COPY waits for, so that batch is still
    // being written when the server ends the import's session: once the import's backend is seen
    // waiting, its backend is terminated (the call waits until it is gone) and the lock let go.
    const admin = new PgDatabase(ws.target, 'test admin');
    admin.native('BEGIN');
    admin.native('LOCK TABLE supplier_items IN SHARE MODE');
    let killed = 0;
    const onUnitSent = () => {
      if (killed++ > 0) return;
      const waiting = () => admin.native("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [pid]).rows!.length > 0;
      for (let i = 0; !waiting(); i++) if (i > 100_000) throw new Error('the import never waited for the lock');
      expect(admin.native('SELECT pg_terminate_backend($1, 60000)', [pid]).rows![0]![0]).toBe(1);
      admin.native('ROLLBACK');
    };
    const file = path.join(ws.dir, 'feed.csv');
    writeFileSync(file, ['sku,title,cost,quantity', ...Array.from({ length: 40 }, (_, i) => line(i))].join('\n'));
    let e: unknown;
    try {
      e = await ws.run({ supplier: 'shop', source: file, pgInsertBatch: 8, onUnitSent }).then(() => undefined, (x: unknown) => x);
    } finally { admin.close(); }
    expect(killed).toBe(1); // the first batch's own answer met the lost connection
    expect(isUserError(e)).toBe(true); // a message and a hint for people, no stack
    expect((e as UserError).message).toMatch(/^The connection to the PostgreSQL master .+ was lost: the server ended the connection \((terminating connection due to administrator command|Connection terminated unexpectedly)\)\.$/);
    expect((e as UserError).hint).toContain('run the command again');
    expect(ws.db.$client.open && pgClient(ws.db)!.lost).toBe(true);

    ws.reopen();
    expect(ws.snapshot()).toEqual(before);
    const s = await ws.run({ supplier: 'shop', source: file, pgInsertBatch: 8 });
    expect(s.counts).toMatchObject({ rows: 40, newItems: 40 });
    expect(items(ws.db)).toHaveLength(40);
  });
});
