// omni watch reads the ledger as a queue by movement id. On PostgreSQL several runners write it at
// once, and ids are handed out before commit: a store's sale can take id N, a terminal's adjustment
// N+1, and the adjustment commit first. A watch cycle between the two commits must still plan the
// sale's sku in a later cycle, and its look at the ledger must notice the sale, else that channel
// keeps the old number until the next reconcile (an oversell window). The interleaving is made by
// hand with three connections: no timing.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.js';
import { upsertProduct } from '../../src/db/products.js';
import { applyMovement } from '../../src/db/ledger.js';
import { syncLocations } from '../../src/db/locations.js';
import { movedAfter, queueMark, setWatchCursor, skusMovedSince, watchCursor } from '../../src/db/watch-queue.js';
import { writeCursors } from '../../src/db/cursors.js';
import { ENGINES } from '../support/postgres.js';
import { masterConnections } from '../support/connections.js';

const now = new Date('2026-03-01T08:00:00Z');
const masters = masterConnections();

/** One watch cycle for `channel` as cycle.ts runs it: in a transaction, from its cursor to the queue's mark. */
function cycle(w: Db, channel: string): string[] {
  return w.$client.transaction(() => {
    const from = watchCursor(w, channel)!;
    const upTo = queueMark(w);
    const skus = skusMovedSince(w, from, upTo);
    setWatchCursor(w, channel, upTo, now);
    return skus;
  }).immediate();
}

describe.each(ENGINES)('watch queue with a movement that commits late (%s)', (engine) => {
  it('a sale committed after a later movement was read is planned by the next cycle, and the ledger look notices it', () => {
    const [store, terminal, watch] = masters.connect(engine, 3) as [Db, Db, Db];
    syncLocations(store, [{ code: 'shop', kind: 'store' }]);
    for (const sku of ['MUG', 'KETTLE']) upsertProduct(store, { sku, title: sku, currency: 'EUR' });
    applyMovement(store, { sku: 'MUG', location: 'shop', delta: 10, kind: 'receipt', idempotencyKey: 'r-mug' });
    applyMovement(store, { sku: 'KETTLE', location: 'shop', delta: 10, kind: 'receipt', idempotencyKey: 'r-kettle' });
    watch.$client.transaction(() => setWatchCursor(watch, 'shopify', queueMark(watch), now))();

    if (engine === 'postgres') {
      // The store's sale takes its id first and stays uncommitted while the terminal's adjustment
      // (a higher id) commits and a watch cycle runs.
      store.$client.exec('BEGIN');
      applyMovement(store, { sku: 'MUG', location: 'shop', delta: -1, kind: 'sale', idempotencyKey: 'sale-1' });
      applyMovement(terminal, { sku: 'KETTLE', location: 'shop', delta: -2, kind: 'adjustment', idempotencyKey: 'adj-1' });
      expect(cycle(watch, 'shopify')).toEqual(['KETTLE']);
      expect(movedAfter(watch, watchCursor(watch, 'shopify')!)).toBe(false);
      store.$client.exec('COMMIT');
    } else {
      // SQLite has one writer at a time: the same movements, one after the other.
      applyMovement(terminal, { sku: 'KETTLE', location: 'shop', delta: -2, kind: 'adjustment', idempotencyKey: 'adj-1' });
      expect(cycle(watch, 'shopify')).toEqual(['KETTLE']);
      applyMovement(store, { sku: 'MUG', location: 'shop', delta: -1, kind: 'sale', idempotencyKey: 'sale-1' });
    }
    // The sale is now visible: the look between cycles sees it, the next cycle plans it, once.
    expect(movedAfter(watch, watchCursor(watch, 'shopify')!)).toBe(true);
    expect(cycle(watch, 'shopify')).toEqual(['MUG']);
    expect(movedAfter(watch, watchCursor(watch, 'shopify')!)).toBe(false);
    expect(cycle(watch, 'shopify')).toEqual([]);
  });

  it("a cycle's own movements, booked before its mark (its pull's sales), are not moved after its cursor", () => {
    const [watch] = masters.connect(engine, 1) as [Db];
    syncLocations(watch, [{ code: 'shop', kind: 'store' }]);
    upsertProduct(watch, { sku: 'MUG', title: 'MUG', currency: 'EUR' });
    applyMovement(watch, { sku: 'MUG', location: 'shop', delta: 10, kind: 'receipt', idempotencyKey: 'r-mug' });
    watch.$client.transaction(() => setWatchCursor(watch, 'shopify', queueMark(watch), now))();
    // As cycle.ts: the pull books the sale, then the mark is taken, in the engine's transaction;
    // the cursor is saved after the commit.
    const from = watchCursor(watch, 'shopify')!;
    const upTo = watch.$client.transaction(() => {
      applyMovement(watch, { sku: 'MUG', location: 'shop', delta: -1, kind: 'sale', idempotencyKey: 'own-sale' });
      const mark = queueMark(watch);
      expect(skusMovedSince(watch, from, mark)).toEqual(['MUG']);
      return mark;
    }).immediate();
    setWatchCursor(watch, 'shopify', upTo, now);
    // Planned already: no second cycle for it.
    expect(movedAfter(watch, watchCursor(watch, 'shopify')!)).toBe(false);
    expect(cycle(watch, 'shopify')).toEqual([]);
  });

  it.runIf(engine === 'postgres')('the transaction id kept with a cursor is not read with a cursor an older omni moved', () => {
    const [watch] = masters.connect(engine, 1) as [Db];
    syncLocations(watch, [{ code: 'shop', kind: 'store' }]);
    upsertProduct(watch, { sku: 'MUG', title: 'MUG', currency: 'EUR' });
    const upTo = watch.$client.transaction(() => {
      applyMovement(watch, { sku: 'MUG', location: 'shop', delta: 10, kind: 'receipt', idempotencyKey: 'r-mug' });
      return queueMark(watch);
    }).immediate();
    setWatchCursor(watch, 'shopify', upTo, now);
    expect(upTo.tx).toBeDefined();
    expect(watchCursor(watch, 'shopify')!.tx).toBe(upTo.tx);
    // An older omni moves the cursor and its snapshot, and knows nothing of the id.
    writeCursors(watch, 'shopify', { watch_movement: String(upTo.id + 1), watch_snapshot: upTo.snapshot! }, now);
    expect(watchCursor(watch, 'shopify')!.tx).toBeUndefined();
  });
});
