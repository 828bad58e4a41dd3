// The chunked count statement of the PostgreSQL stock import books movements and moves levels in
// one statement. A movement whose key is already booked is skipped by the ledger's unique key, and
// must move no level either: on-hand equals the ledger whatever the caller checked before.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.js';
import { pgClient } from '../../src/db/open.js';
import { upsertProduct } from '../../src/db/products.js';
import { applyMovement, onHand } from '../../src/db/ledger.js';
import { syncLocations } from '../../src/db/locations.js';
import { ledgerMismatches } from '../../src/db/stock.js';
import { pgBookCounts } from '../../src/db/pg/import-batch.js';
import { ENGINES } from '../support/postgres.js';
import { masterConnections } from '../support/connections.js';

const masters = masterConnections();

describe.runIf(ENGINES.includes('postgres'))('chunked count booking (PostgreSQL)', () => {
  it('a key already booked moves no level; the others are booked once', () => {
    const [db] = masters.connect('postgres', 1) as [Db];
    syncLocations(db, [{ code: 'shop', kind: 'store' }]);
    for (const sku of ['MUG', 'KETTLE']) upsertProduct(db, { sku, title: sku, currency: 'EUR' });
    applyMovement(db, { sku: 'MUG', location: 'shop', delta: 4, kind: 'count', idempotencyKey: 'count:1:MUG' });
    pgBookCounts(pgClient(db)!, [
      { sku: 'MUG', location: 'shop', delta: 4, idempotencyKey: 'count:1:MUG' },
      { sku: 'KETTLE', location: 'shop', delta: 7, idempotencyKey: 'count:1:KETTLE' },
    ], 'stocktake', null, null);
    expect(onHand(db, 'MUG', 'shop')).toBe(4);
    expect(onHand(db, 'KETTLE', 'shop')).toBe(7);
    expect(ledgerMismatches(db)).toEqual([]);
  });
});
