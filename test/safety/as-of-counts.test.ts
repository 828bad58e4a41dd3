// A count is a statement about the shelf "as of" a time. Sales booked after it are kept; the same
// numbers can be counted again; a count read late (a POS export, a file typed in tonight) undoes
// no sale. Before: the second week's identical stocktake was ignored ("0 of 1 row(s)").
import { afterAll, describe, expect, it } from 'vitest';
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { omni, omniJson, workspace, cleanup } from '../support/workspace.js';
import { shop } from '../business/fixtures.js';
import { applyCount, applyMovement, onHand } from '../../src/db/ledger.js';
import { applyOrders } from '../../src/db/orders.js';
import { order } from '../business/fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

const total = (dir: string) => omniJson<{ lines: { total: number }[] }>(dir, ['stock', 'MUG']).lines[0]?.total ?? 0;

describe('stock import as of a time', () => {
  const dir = workspace(); dirs.push(dir);
  const csv = (name: string, n: number, mtime?: Date) => {
    const file = path.join(dir, name);
    writeFileSync(file, `sku,location,quantity\nMUG,store,${n}\n`);
    if (mtime) utimesSync(file, mtime, mtime);
    return file;
  };

  it('count 10, sell 3, the same numbers counted again a week later: on-hand 10', () => {
    expect(omni(dir, ['init']).code).toBe(0);
    expect(omni(dir, ['products', 'add', 'MUG', '-t', 'Mug']).code).toBe(0);
    expect(omni(dir, ['stock', 'import', csv('week1.csv', 10), '--as-of', '2026-01-05T08:00:00Z']).code).toBe(0);
    expect(omni(dir, ['stock', 'adjust', 'MUG', '-3', '-l', 'store', '-r', 'sold']).code).toBe(0);
    expect(total(dir)).toBe(7);
    const r = omni(dir, ['stock', 'import', csv('week2.csv', 10)]); // the file's date: now
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 of 1 row(s)');
    expect(total(dir)).toBe(10);
  });

  it('the same file again books nothing', () => {
    const r = omni(dir, ['stock', 'import', path.join(dir, 'week2.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 of 1 row(s)');
    expect(total(dir)).toBe(10);
  });

  it('a count as of a time before later sales keeps those sales', () => {
    const countedAt = new Date(); // after week2's count, before the sale below
    const file = csv('typed-in-tonight.csv', 12, countedAt);
    // a sale booked after the shelf was counted, before the file is read
    expect(omni(dir, ['stock', 'adjust', 'MUG', '-2', '-l', 'store', '-r', 'sold']).code).toBe(0);
    expect(omni(dir, ['stock', 'import', file]).code).toBe(0); // as of the file's date
    expect(total(dir)).toBe(10);
  });

  it('--as-of in the future or not a time is exit 2', () => {
    expect(omni(dir, ['stock', 'count', 'MUG', '5', '-l', 'store', '--as-of', '2999-01-01']).code).toBe(2);
    expect(omni(dir, ['stock', 'count', 'MUG', '5', '-l', 'store', '--as-of', 'yesterday-ish']).code).toBe(2);
  });
});

describe('the ledger: counts as of a time', () => {
  it('keeps movements after the as-of, ignores those before, and an older count changes nothing', () => {
    const s = shop(); dirs.push(s.dir);
    try {
      const { db } = s; // POT: nothing at the warehouse yet, never counted there
      const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
      applyMovement(db, { sku: 'POT', location: 'warehouse', delta: 10, kind: 'receipt', idempotencyKey: 'delivery', occurredAt: ago(36_000_000) });
      // a till sale rung up two hours ago, booked only now: a count taken an hour ago reflects it
      applyOrders(db, 'pos', [order('R-1', [['POT', 1, 2900]], { placedAt: ago(7_200_000), stockMovedAt: ago(7_200_000) })], ['warehouse']);
      // a sale after the count
      applyMovement(db, { sku: 'POT', location: 'warehouse', delta: -2, kind: 'sale', idempotencyKey: 'later-sale' });
      expect(onHand(db, 'POT', 'warehouse')).toBe(7);
      const r = applyCount(db, { sku: 'POT', location: 'warehouse', counted: 20, asOf: ago(3_600_000), idempotencyKey: 'count-1h-ago' });
      expect(r.applied).toBe(true);
      expect(onHand(db, 'POT', 'warehouse')).toBe(18);
      // the same count again (same key) books nothing
      expect(applyCount(db, { sku: 'POT', location: 'warehouse', counted: 20, asOf: ago(3_600_000), idempotencyKey: 'count-1h-ago' }).applied).toBe(false);
      // an older count read afterwards is superseded
      const older = applyCount(db, { sku: 'POT', location: 'warehouse', counted: 50, asOf: ago(5_000_000), idempotencyKey: 'count-older' });
      expect(older.supersededBy).toBeDefined();
      expect(onHand(db, 'POT', 'warehouse')).toBe(18);
    } finally { s.close(); }
  });
});
