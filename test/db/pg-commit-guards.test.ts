// A PostgreSQL transaction never reports a commit that did not happen: COMMIT of a transaction that
// had failed (an error caught inside it and not rolled back to a savepoint) is an error, not the
// server's silent rollback; a pipelined unit must be settled before COMMIT and cannot be sent
// inside a nested transaction, whose rollback would take the unit's savepoint with it unseen.
import { afterEach, describe, expect, it } from 'vitest';
import { PgDatabase, PgError } from '../../src/db/pg/client.js';
import { ENGINES, pgDatabase } from '../support/postgres.js';

const open: PgDatabase[] = [];
afterEach(() => { for (const d of open.splice(0)) d.close(); });

function fresh(): PgDatabase {
  const db = new PgDatabase(pgDatabase(), 'test master');
  open.push(db);
  db.native('CREATE TABLE IF NOT EXISTS guard_t (id int PRIMARY KEY)');
  db.native('DELETE FROM guard_t');
  return db;
}

const onPg = ENGINES.includes('postgres') ? describe : describe.skip;

onPg('PostgreSQL commits', () => {
  it('a transaction that had failed does not commit silently: its COMMIT is an error and nothing is saved', () => {
    const db = fresh();
    const run = db.transaction(() => {
      db.native('INSERT INTO guard_t VALUES (1)');
      try { db.native('INSERT INTO guard_t VALUES (1)'); } catch { /* swallowed: the transaction is now failed */ }
    });
    expect(run).toThrow(PgError);
    expect(() => run()).toThrow(/had failed before its COMMIT; nothing of it was saved/);
    expect(db.inTransaction).toBe(false);
    expect(db.native('SELECT count(*) FROM guard_t').rows![0]![0]).toBe(0);
  });

  it('a failed statement inside a nested transaction is rolled back to its savepoint, and the rest commits', () => {
    const db = fresh();
    db.transaction(() => {
      db.native('INSERT INTO guard_t VALUES (1)');
      expect(() => db.transaction(() => db.native('INSERT INTO guard_t VALUES (1)'))()).toThrow(PgError);
      db.native('INSERT INTO guard_t VALUES (2)');
    })();
    expect(db.native('SELECT array_agg(id ORDER BY id)::text FROM guard_t').rows![0]![0]).toBe('{1,2}');
  });

  it('a sent unit must be settled before COMMIT, and is never sent inside a nested transaction', () => {
    const db = fresh();
    db.native('BEGIN');
    db.sendUnit([{ sql: 'INSERT INTO guard_t VALUES (1)' }]);
    expect(() => db.native('COMMIT')).toThrow(/settled/);
    expect(db.settleUnit()).toBeUndefined();
    db.native('COMMIT');
    expect(db.native('SELECT count(*) FROM guard_t').rows![0]![0]).toBe(1);
    expect(() => db.transaction(() => db.transaction(() => db.sendUnit([{ sql: 'INSERT INTO guard_t VALUES (2)' }]))())()).toThrow(/nested transaction/);
    expect(db.native('SELECT count(*) FROM guard_t').rows![0]![0]).toBe(1);
  });

  it('a unit whose SAVEPOINT was refused (the transaction had failed before it) reports that failure, not a missing savepoint', () => {
    const db = fresh();
    const cause = /^the transaction had already failed on an earlier statement: duplicate key value violates unique constraint "guard_t_pkey"$/;
    for (const between of [false, true]) {
      db.native('BEGIN');
      db.native('INSERT INTO guard_t VALUES (1)');
      try { db.native('INSERT INTO guard_t VALUES (1)'); } catch { /* swallowed: the transaction is now failed */ }
      db.sendUnit([{ sql: 'INSERT INTO guard_t VALUES (2)' }]);
      // A statement run while the unit is in flight meets the failed transaction too.
      if (between) expect(() => db.native('SELECT 1')).toThrow(cause);
      const e = db.settleUnit();
      expect(e).toBeInstanceOf(PgError);
      expect(e!.message).toMatch(cause);
      expect(e!.code).toBe('25P02');
      db.native('ROLLBACK');
    }
    // A transaction after it is whole again: no cause is left over from the one rolled back.
    db.native('BEGIN');
    db.sendUnit([{ sql: 'INSERT INTO guard_t VALUES (3)' }, { sql: 'INSERT INTO guard_t VALUES (3)' }]);
    expect(db.settleUnit()!.message).toMatch(/^duplicate key value/);
    db.native('INSERT INTO guard_t VALUES (4)');
    db.native('COMMIT');
    expect(db.native('SELECT array_agg(id ORDER BY id)::text FROM guard_t').rows![0]![0]).toBe('{4}');
  });
});
