// A key the user chose (-k) repeats one command: the same command again changes nothing, the same
// key on another movement is exit 2 naming the first use (it used to print "Already recorded" and
// drop the second movement).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { omni, omniJson, workspace, cleanup } from '../support/workspace.js';
import { shop, order, type Shop } from '../business/fixtures.js';
import { applyOrders } from '../../src/db/orders.js';
import { addReturn } from '../../src/app/returns.js';
import { isUserError } from '../../src/core/errors.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

function stockOf(dir: string, sku: string): number {
  return omniJson<{ lines: { total: number }[] }>(dir, ['stock', sku]).lines[0]?.total ?? 0;
}

describe('stock commands under -k', () => {
  const dir = workspace(); dirs.push(dir);
  it('set up', () => {
    expect(omni(dir, ['init']).code).toBe(0);
    for (const sku of ['MUG', 'KETTLE']) {
      expect(omni(dir, ['products', 'add', sku, '-t', sku]).code).toBe(0);
      expect(omni(dir, ['stock', 'count', sku, '10', '-l', 'store']).code).toBe(0);
    }
  });

  it('the same adjustment again is a no-op', () => {
    expect(omni(dir, ['stock', 'adjust', 'MUG', '-3', '-l', 'store', '-k', 'K']).code).toBe(0);
    const again = omni(dir, ['stock', 'adjust', 'MUG', '-3', '-l', 'store', '-k', 'K', '-r', 'retry from cron']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Already recorded under this key');
    expect(stockOf(dir, 'MUG')).toBe(7);
  });

  it('the same key on another sku, location or number is exit 2 naming the first use', () => {
    for (const args of [['KETTLE', '-3', '-l', 'store'], ['MUG', '-4', '-l', 'store'], ['MUG', '-3', '-l', 'warehouse']]) {
      const r = omni(dir, ['stock', 'adjust', ...args, '-k', 'K']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('The key "K" was already used on');
      expect(r.stderr).toContain('`omni stock adjust` (delta -3, location store, sku MUG)');
      expect(r.stderr).not.toContain('omni hit a bug');
    }
    expect(stockOf(dir, 'MUG')).toBe(7);
    expect(stockOf(dir, 'KETTLE')).toBe(10);
  });

  it('counts and transfers keep their parameters too', () => {
    expect(omni(dir, ['stock', 'count', 'KETTLE', '8', '-l', 'store', '-k', 'C1']).code).toBe(0);
    expect(omni(dir, ['stock', 'count', 'KETTLE', '8', '-l', 'store', '-k', 'C1']).code).toBe(0);
    const other = omni(dir, ['stock', 'count', 'KETTLE', '5', '-l', 'store', '-k', 'C1']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('counted 8');
    expect(omni(dir, ['stock', 'transfer', 'KETTLE', '2', '--from', 'store', '--to', 'warehouse', '-k', 'T1']).code).toBe(0);
    expect(omni(dir, ['stock', 'transfer', 'KETTLE', '3', '--from', 'store', '--to', 'warehouse', '-k', 'T1']).code).toBe(2);
    expect(omniJson<{ lines: { locations: Record<string, number> }[] }>(dir, ['stock', 'KETTLE']).lines[0]!.locations).toMatchObject({ store: 6, warehouse: 2 });
  });
});

describe('returns under -k', () => {
  let s: Shop;
  afterEach(() => s.close());
  it('the same key on another return is refused, the same return again is a no-op', () => {
    s = shop(); dirs.push(s.dir);
    applyOrders(s.db, 'shopify', [order('1001', [['MUG', 2, 1490], ['TEA', 1, 750]])], ['warehouse', 'store']);
    const first = { order: { channel: 'shopify', remoteId: '1001' }, sku: 'MUG', quantity: 1, location: 'store', disposition: 'restock' as const, key: 'R1' };
    expect(addReturn(s.db, first).applied).toBe(true);
    expect(addReturn(s.db, first).applied).toBe(false);
    let err: unknown;
    try { addReturn(s.db, { ...first, sku: 'TEA' }); } catch (e) { err = e; }
    expect(isUserError(err) && err.exitCode).toBe(2);
    expect((err as Error).message).toContain('The key "R1" was already used');
  });
});
