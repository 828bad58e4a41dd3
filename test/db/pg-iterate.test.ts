// iterate() on PostgreSQL reads through a server-side cursor in batches: every row once, in order,
// with parameters bound, without a transaction left open, and the cursor closed when the reader
// finishes or stops early.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDatabase } from '../../src/db/pg/client.js';
import { ENGINES, emptyPgDatabase } from '../support/postgres.js';

describe.runIf(ENGINES.includes('postgres'))('PostgreSQL iterate(): a cursor, in batches', () => {
  let db: PgDatabase;
  beforeAll(() => {
    db = new PgDatabase(emptyPgDatabase(), 'test');
    db.native('CREATE TABLE t (id bigint PRIMARY KEY, sku text NOT NULL)');
    db.native(`INSERT INTO t SELECT g, 'SKU-' || g FROM generate_series(1, 2500) g`);
  });
  afterAll(() => db.close());
  const cursors = () => Number(db.native('SELECT count(*) FROM pg_cursors').rows?.[0]?.[0]);

  it('reads every row once, in order, with parameters, fetching a batch at a time', () => {
    const rows = db.prepare('SELECT id, sku AS skuName FROM t WHERE id > ? ORDER BY id').iterate(100) as IterableIterator<{ id: number; skuName: string }>;
    const first = rows.next();
    expect(first.value).toEqual({ id: 101, skuName: 'SKU-101' });
    // Open between batches; the session is usable meanwhile (no transaction held open).
    expect(cursors()).toBe(1);
    expect(db.inTransaction).toBe(false);
    const rest = [...rows];
    expect(rest).toHaveLength(2399);
    expect(rest.at(-1)).toEqual({ id: 2500, skuName: 'SKU-2500' });
    expect(rest.every((r, i) => r.id === 102 + i)).toBe(true);
    expect(cursors()).toBe(0);
  });

  it('a reader that stops early closes its cursor; raw and pluck shapes hold', () => {
    for (const id of db.prepare('SELECT id FROM t ORDER BY id').pluck().iterate() as IterableIterator<number>) if (id === 1500) break;
    expect(cursors()).toBe(0);
    const raw = [...(db.prepare('SELECT id, sku FROM t WHERE id <= @n ORDER BY id').raw().iterate({ n: 2 }) as IterableIterator<unknown[]>)];
    expect(raw).toEqual([[1, 'SKU-1'], [2, 'SKU-2']]);
  });

  it('inside a transaction the rows read are the transaction\'s own, and reading may go on after it commits', () => {
    let rest!: IterableIterator<unknown>;
    db.transaction(() => {
      db.native(`INSERT INTO t VALUES (9999, 'IN-TX')`);
      rest = db.prepare('SELECT sku FROM t WHERE id >= 2499 ORDER BY id').pluck().iterate();
      expect(rest.next().value).toBe('SKU-2499');
    })();
    expect([...rest]).toEqual(['SKU-2500', 'IN-TX']);
    expect(cursors()).toBe(0);
  });
});
