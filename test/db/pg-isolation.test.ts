// Where a read decides a write (a count computes its movement from on-hand; a sale refuses to go
// negative), two writers on PostgreSQL must not both act on the same stale read. Transactions run
// SERIALIZABLE and are re-run on a serialization failure (pg/client.ts): these tests inject the
// race deterministically — the second writer commits on its own connection in the middle of the
// first writer's transaction, after the first has read — and check the ledger afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { upsertProduct } from '../../src/db/products.js';
import { applyCount, applyMovement, onHand } from '../../src/db/ledger.js';
import { ledgerMismatches } from '../../src/db/stock.js';
import { UserError } from '../../src/core/errors.js';
import { ENGINES, pgDatabase } from '../support/postgres.js';

describe.runIf(ENGINES.includes('postgres'))('concurrent writers on PostgreSQL', () => {
  let a: Db;
  let b: Db;
  beforeEach(() => {
    const url = pgDatabase();
    a = openDb(url);
    b = openDb(url);
    syncLocations(a, [{ code: 'store', kind: 'store' }]);
    upsertProduct(a, { sku: 'A', title: 'A', currency: 'EUR' });
    applyMovement(a, { sku: 'A', location: 'store', delta: 5, kind: 'receipt', idempotencyKey: 'r1' });
  });
  afterEach(() => { closeDb(a); closeDb(b); });

  it('a count read before a concurrent sale is re-run, so the shelf number wins (no lost update)', () => {
    let attempts = 0;
    const result = a.transaction((tx) => {
      attempts++;
      expect(onHand(tx as unknown as Db, 'A', 'store')).toBeGreaterThan(0); // the snapshot is taken here
      // Another runner sells 2 meanwhile (its own connection, committed at once; a no-op when re-run).
      applyMovement(b, { sku: 'A', location: 'store', delta: -2, kind: 'sale', idempotencyKey: 'sale-1' });
      return applyCount(tx as unknown as Db, { sku: 'A', location: 'store', counted: 10, idempotencyKey: 'count-1' });
    });
    expect(attempts).toBe(2);
    expect(result.onHand).toBe(10);
    expect(onHand(b, 'A', 'store')).toBe(10);
    expect(ledgerMismatches(b)).toEqual([]);
  });

  it('two sales that each fit alone never take stock below zero together', () => {
    let attempts = 0;
    const sell = (db: Db, key: string) => applyMovement(db, { sku: 'A', location: 'store', delta: -4, kind: 'sale', idempotencyKey: key });
    const outcome = (() => {
      try {
        return a.transaction((tx) => {
          attempts++;
          expect(onHand(tx as unknown as Db, 'A', 'store')).toBeGreaterThanOrEqual(0);
          if (attempts === 1) sell(b, 'sale-b'); // commits 5 → 1 while this transaction is open
          return sell(tx as unknown as Db, 'sale-a');
        });
      } catch (e) { return e; }
    })();
    expect(outcome).toBeInstanceOf(UserError); // re-run on fresh data: 1 − 4 would be negative
    expect((outcome as UserError).exitCode).toBe(3);
    expect(onHand(b, 'A', 'store')).toBe(1);
    expect(ledgerMismatches(b)).toEqual([]);
  });

  it('the same idempotency key from two runners books one movement', () => {
    const first = a.transaction((tx) => {
      const r = applyMovement(tx as unknown as Db, { sku: 'A', location: 'store', delta: -1, kind: 'sale', idempotencyKey: 'order-9' });
      return r;
    });
    const second = applyMovement(b, { sku: 'A', location: 'store', delta: -1, kind: 'sale', idempotencyKey: 'order-9' });
    expect(first.applied).toBe(true);
    expect(second).toEqual({ applied: false, onHand: 4 });
    expect(onHand(a, 'A', 'store')).toBe(4);
  });
});
