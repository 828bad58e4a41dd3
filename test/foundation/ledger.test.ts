import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { syncLocations } from '../../src/db/locations.js';
import { upsertProduct } from '../../src/db/products.js';
import { applyCount, applyMovement, applyTransfer, onHand } from '../../src/db/ledger.js';
import { ledgerMismatches, ledgerSums, allLevels } from '../../src/db/stock.js';
import { UserError } from '../../src/core/errors.js';
import { tempDir, cleanup } from '../support/workspace.js';
import { ENGINES, masterTarget } from '../support/postgres.js';

let dir: string;
let db: Db;

// The same guarantees on both engines: one suite, run once per engine.
describe.each(ENGINES)('ledger on %s', (engine) => {
  beforeEach(() => {
    dir = tempDir();
    db = openDb(masterTarget(engine, dir), { create: true });
    syncLocations(db, [{ code: 'store', kind: 'store' }, { code: 'warehouse', kind: 'warehouse' }]);
    for (const sku of ['A', 'B']) upsertProduct(db, { sku, title: `Product ${sku}`, currency: 'EUR' });
  });
  afterEach(() => { closeDb(db); cleanup(dir); });

    it('applies a movement once per idempotency key', () => {
      expect(applyMovement(db, { sku: 'A', location: 'store', delta: 5, kind: 'receipt', idempotencyKey: 'k1' })).toEqual({ applied: true, onHand: 5 });
      expect(applyMovement(db, { sku: 'A', location: 'store', delta: 5, kind: 'receipt', idempotencyKey: 'k1' })).toEqual({ applied: false, onHand: 5 });
      expect(onHand(db, 'A', 'store')).toBe(5);
      expect(db.$client.prepare('select count(*) n from stock_movements').get()).toEqual({ n: 1 });
    });

    it('refuses to go negative (exit 3) and leaves nothing behind', () => {
      applyMovement(db, { sku: 'A', location: 'store', delta: 2, kind: 'receipt', idempotencyKey: 'in' });
      const attempt = () => applyMovement(db, { sku: 'A', location: 'store', delta: -3, kind: 'sale', idempotencyKey: 'out' });
      expect(attempt).toThrow(UserError);
      try { attempt(); } catch (e) { expect((e as UserError).exitCode).toBe(3); }
      expect(onHand(db, 'A', 'store')).toBe(2);
      expect(db.$client.prepare("select count(*) n from stock_movements where idempotency_key='out'").get()).toEqual({ n: 0 });
      expect(applyMovement(db, { sku: 'A', location: 'store', delta: -3, kind: 'sale', idempotencyKey: 'out' }, { allowNegative: true }).onHand).toBe(-1);
    });

    it('rejects unknown skus and locations with exit 2', () => {
      for (const m of [{ sku: 'NOPE', location: 'store' }, { sku: 'A', location: 'attic' }]) {
        try {
          applyMovement(db, { ...m, delta: 1, kind: 'adjustment', idempotencyKey: `x-${m.sku}-${m.location}` });
          expect.unreachable();
        } catch (e) {
          expect((e as UserError).exitCode).toBe(2);
          expect((e as Error).message).toMatch(m.sku === 'NOPE' ? /Unknown sku "NOPE"/ : /Unknown location "attic"/);
        }
      }
    });

    it('writes a count as the movement from on-hand to the counted number', () => {
      applyMovement(db, { sku: 'A', location: 'store', delta: 7, kind: 'receipt', idempotencyKey: 'r' });
      expect(applyCount(db, { sku: 'A', location: 'store', counted: 4, idempotencyKey: 'c1' }).onHand).toBe(4);
      const last = db.$client.prepare("select delta, kind from stock_movements where idempotency_key='c1'").get();
      expect(last).toEqual({ delta: -3, kind: 'count' });
    });

    it('transfers atomically: both legs or neither', () => {
      applyMovement(db, { sku: 'A', location: 'warehouse', delta: 3, kind: 'receipt', idempotencyKey: 'r' });
      expect(applyTransfer(db, { sku: 'A', from: 'warehouse', to: 'store', quantity: 2, idempotencyKey: 't1' })).toEqual({ applied: true, from: 1, to: 2 });
      expect(() => applyTransfer(db, { sku: 'A', from: 'warehouse', to: 'store', quantity: 5, idempotencyKey: 't2' })).toThrow(/would leave -4/);
      expect(onHand(db, 'A', 'store')).toBe(2);
      expect(applyTransfer(db, { sku: 'A', from: 'warehouse', to: 'store', quantity: 2, idempotencyKey: 't1' }).applied).toBe(false);
    });

    it('keeps on-hand equal to the ledger sum for any sequence of movements (property)', () => {
      const op = fc.record({
        type: fc.constantFrom('move', 'count', 'transfer'),
        sku: fc.constantFrom('A', 'B'),
        location: fc.constantFrom('store', 'warehouse'),
        n: fc.integer({ min: -20, max: 20 }),
        key: fc.integer({ min: 0, max: 30 }),
      });
      fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        db.$client.exec('delete from stock_levels; delete from stock_movements;');
        for (const o of ops) {
          try {
            if (o.type === 'move') applyMovement(db, { sku: o.sku, location: o.location, delta: o.n, kind: 'adjustment', idempotencyKey: `m${o.key}` });
            else if (o.type === 'count') applyCount(db, { sku: o.sku, location: o.location, counted: Math.abs(o.n), idempotencyKey: `c${o.key}` });
            else applyTransfer(db, { sku: o.sku, from: o.location, to: o.location === 'store' ? 'warehouse' : 'store', quantity: Math.abs(o.n) || 1, idempotencyKey: `t${o.key}` });
          } catch (e) {
            if (!(e instanceof UserError)) throw e; // refused (negative): must leave no trace
          }
        }
        expect(ledgerMismatches(db)).toEqual([]);
        const levels = allLevels(db).filter((l) => l.onHand !== 0);
        expect(ledgerSums(db).filter((l) => l.onHand !== 0)).toEqual(levels);
        expect(levels.every((l) => l.onHand >= 0)).toBe(true);
      }), { numRuns: 150 });
    });
});
