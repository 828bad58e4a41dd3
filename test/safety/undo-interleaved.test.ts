// `omni runs undo` reverses what one run booked. On PostgreSQL other runners book movements while
// an import runs, and their ids fall inside the import's range of ids: undoing the import must
// reverse its own movements only, never a store's sale booked in between. The interleaving is made
// by hand with two connections: no timing.
import { describe, expect, it } from 'vitest';
import { upsertProduct } from '../../src/db/products.js';
import { applyMovement, onHand } from '../../src/db/ledger.js';
import { syncLocations } from '../../src/db/locations.js';
import { startLocalRun, finishLocalRun } from '../../src/app/local-run.js';
import { undoRun } from '../../src/app/undo.js';
import type { Workspace } from '../../src/app/workspace.js';
import type { Db } from '../../src/db/open.js';
import { ENGINES } from '../support/postgres.js';
import { masterConnections } from '../support/connections.js';

const now = new Date('2026-03-01T08:00:00Z');
const masters = masterConnections();

describe.each(ENGINES)('undo of an import while another runner books (%s)', (engine) => {
  it("reverses only the import's own movements; the sale booked in between stays", () => {
    const [importer, store] = masters.connect(engine, 2) as [Db, Db];
    syncLocations(importer, [{ code: 'shop', kind: 'store' }]);
    for (const sku of ['MUG', 'KETTLE']) {
      upsertProduct(importer, { sku, title: sku, currency: 'EUR' });
      applyMovement(importer, { sku, location: 'shop', delta: 20, kind: 'receipt', idempotencyKey: `r-${sku}` });
    }
    const run = startLocalRun(importer, 'import:stock', now);
    const imported = (n: number) => applyMovement(importer, { sku: 'MUG', location: 'shop', delta: 5, kind: 'import', idempotencyKey: `imp-${n}` });
    const sale = () => applyMovement(store, { sku: 'KETTLE', location: 'shop', delta: -2, kind: 'sale', idempotencyKey: 'sale-1' });
    importer.$client.exec('BEGIN IMMEDIATE');
    imported(1);
    // PostgreSQL: the store's sale takes the next id and commits while the import is still open.
    // SQLite has one writer at a time (a command holds the writer lock to its end): the sale waits
    // for the import's run to finish.
    if (engine === 'postgres') sale();
    imported(2);
    importer.$client.exec('COMMIT');
    finishLocalRun(importer, run, 'stock-import', { status: 'ok', summary: {} }, now);
    if (engine === 'sqlite') sale();
    const ws = { db: importer, config: { channels: {} } } as unknown as Workspace;
    const s = undoRun(ws, run.runId, { dryRun: false, now: () => now });
    expect(s.reversed.map((r) => [r.sku, r.delta])).toEqual([['MUG', -5], ['MUG', -5]]);
    expect(onHand(importer, 'MUG', 'shop')).toBe(20);
    expect(onHand(importer, 'KETTLE', 'shop')).toBe(18);
  });
});
