import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyOrders } from '../../src/db/orders.js';
import { onHand } from '../../src/db/ledger.js';
import { findOrder, linesOf, listOrders } from '../../src/db/orders-queries.js';
import { listCustomers } from '../../src/db/customers-queries.js';
import { ledgerMismatches } from '../../src/db/stock.js';
import { addReturn, type ReturnInput } from '../../src/app/returns.js';
import { parseOrderRef } from '../../src/app/refs.js';
import { UserError } from '../../src/core/errors.js';
import * as orders from '../../src/cli/commands/orders.js';
import * as returns from '../../src/cli/commands/returns.js';
import { cleanup } from '../support/workspace.js';
import { annaBuysOnlineAndInShop, capture, daysAgo, order, shop, type Shop } from './fixtures.js';

let s: Shop;
beforeEach(() => {
  s = shop();
  annaBuysOnlineAndInShop(s.db);
  applyOrders(s.db, 'amazon', [
    order('AMZ-9', [['TEA', 3, 700]], { placedAt: daysAgo(40), status: 'fulfilled' }),
    order('AMZ-10', [['MUG', 1, 1590]], { placedAt: daysAgo(1), status: 'cancelled' }),
  ], ['warehouse']);
});
afterEach(() => { s.close(); cleanup(s.dir); });

const shopify1001 = (o: Partial<ReturnInput> = {}): ReturnInput =>
  ({ order: { channel: 'shopify', remoteId: '1001' }, sku: 'MUG', quantity: 1, location: 'store', disposition: 'restock', ...o });

describe('orders across channels', () => {
  it('filters by channel, status, date, customer and sku', () => {
    const anna = listCustomers(s.db)[0]!.id;
    const ids = (f: Parameters<typeof listOrders>[1]) => listOrders(s.db, f).map((o) => `${o.channel}:${o.remoteId}`).sort();
    expect(ids({})).toEqual(['amazon:AMZ-10', 'amazon:AMZ-9', 'pos:R-5', 'shopify:1001']);
    expect(ids({ channel: 'amazon' })).toEqual(['amazon:AMZ-10', 'amazon:AMZ-9']);
    expect(ids({ status: 'cancelled' })).toEqual(['amazon:AMZ-10']);
    expect(ids({ since: new Date(daysAgo(30)) })).toEqual(['amazon:AMZ-10', 'pos:R-5', 'shopify:1001']);
    expect(ids({ customerIds: [anna] })).toEqual(['pos:R-5', 'shopify:1001']);
    expect(ids({ sku: 'TEA' })).toEqual(['amazon:AMZ-9', 'pos:R-5']);
  });

  it('commands: list with filters and show; unknown order and bad status are exit 2', async () => {
    const listed = await capture(() => orders.list([], { channel: 'shopify' }, s.g));
    expect(listed.stdout).toContain('shopify:1001');
    expect(listed.stdout).not.toContain('pos:R-5');
    const shown = await capture(() => orders.show(['shopify:1001'], {}, s.g));
    expect(shown.stdout).toMatch(/MUG\s+2\s+14\.90 EUR\s+warehouse/);
    expect(shown.stdout).toContain('anna.berg@example.com');
    await expect(orders.show(['shopify:404'], {}, s.g)).rejects.toMatchObject({ exitCode: 2, message: 'Unknown order shopify:404.' });
    await expect(orders.show(['1001'], {}, s.g)).rejects.toMatchObject({ exitCode: 2 });
    await expect(orders.list([], { status: 'lost' }, s.g)).rejects.toMatchObject({ exitCode: 2 });
    await expect(orders.list([], { since: 'yesterday' }, s.g)).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('returns on any channel at any location', () => {
  it('an online order returned in the shop: restocked at the store through the ledger', () => {
    expect(onHand(s.db, 'MUG', 'store')).toBe(10);
    const r = addReturn(s.db, shopify1001());
    expect(r).toMatchObject({ applied: true, channel: 'shopify', location: 'store', movementKey: 'return:manual:shopify:1001:MUG:1', onHand: 11, refundMinor: 1490, sold: 2, returnedBefore: 0 });
    expect(onHand(s.db, 'MUG', 'store')).toBe(11);
    expect(onHand(s.db, 'MUG', 'warehouse')).toBe(28); // sold from the warehouse, back in the shop
    const second = addReturn(s.db, shopify1001());
    expect(second.movementKey).toBe('return:manual:shopify:1001:MUG:2');
    // returns stay on their own line (the pos order's line is not touched)
    const pos = findOrder(s.db, 'pos', 'R-5')!;
    expect(linesOf(s.db, pos.id).map((l) => l.returned)).toEqual([0]);
    expect(linesOf(s.db, findOrder(s.db, 'shopify', '1001')!.id).map((l) => l.returned)).toEqual([2]);
    expect(ledgerMismatches(s.db)).toEqual([]);
  });

  it('refuses returning more than sold minus already returned (exit 3, with the numbers), writing nothing', () => {
    addReturn(s.db, shopify1001());
    let err: UserError | undefined;
    try { addReturn(s.db, shopify1001({ quantity: 2 })); } catch (e) { err = e as UserError; }
    expect(err?.exitCode).toBe(3);
    expect(err?.message).toBe('Cannot return 2 × MUG on shopify:1001: 2 sold, 1 already returned, so at most 1 can come back.');
    expect(onHand(s.db, 'MUG', 'store')).toBe(11);
  });

  it('counts returns pulled from the channel (Shopify refunds) as already returned', () => {
    applyOrders(s.db, 'shopify', [order('1001', [['MUG', 2, 1490]], { refunds: [{ remoteId: 'rf1', lineKey: 'L1', sku: 'MUG', quantity: 2, restock: true }] })], ['warehouse']);
    expect(() => addReturn(s.db, shopify1001())).toThrow(/2 sold, 2 already returned/);
  });

  it('refuses an unknown order, a sku not on the order, an unknown location (exit 2) and a cancelled order (exit 3)', () => {
    const code = (i: ReturnInput) => { try { addReturn(s.db, i); return 0; } catch (e) { return (e as UserError).exitCode; } };
    expect(code(shopify1001({ order: { channel: 'shopify', remoteId: '9999' } }))).toBe(2);
    expect(() => addReturn(s.db, shopify1001({ sku: 'TEA' }))).toThrow(/has no line with sku "TEA"/);
    expect(code(shopify1001({ sku: 'TEA' }))).toBe(2);
    expect(code(shopify1001({ location: 'attic' }))).toBe(2);
    expect(code({ ...shopify1001(), order: { channel: 'amazon', remoteId: 'AMZ-10' } })).toBe(3);
    expect(() => parseOrderRef('shopify')).toThrow(/is not an order reference/);
  });

  it('--damaged records the return without stock; --key makes it idempotent', () => {
    const d = addReturn(s.db, shopify1001({ disposition: 'damaged', key: 'slip-42' }));
    expect(d).toMatchObject({ applied: true, movementKey: null, onHand: null });
    expect(onHand(s.db, 'MUG', 'store')).toBe(10);
    expect(addReturn(s.db, shopify1001({ disposition: 'damaged', key: 'slip-42' })).applied).toBe(false);
    const k = addReturn(s.db, shopify1001({ key: 'slip-43' }));
    expect(k.movementKey).toBe('return:manual:slip-43');
    expect(addReturn(s.db, shopify1001({ key: 'slip-43' })).applied).toBe(false);
    expect(onHand(s.db, 'MUG', 'store')).toBe(11);
  });

  it('command: returns add (and its bad input)', async () => {
    const r = await capture(() => returns.add([], { order: 'shopify:1001', sku: 'MUG', qty: '1', to: 'store', restock: true }, s.g));
    expect(r.stdout).toContain('1 × MUG of shopify:1001 returned at store and restocked: 11 on hand there.');
    await expect(returns.add([], { order: 'shopify:1001', sku: 'MUG', qty: '5', to: 'store' }, s.g)).rejects.toMatchObject({ exitCode: 3 });
    await expect(returns.add([], { order: 'shopify:1001', sku: 'MUG', qty: '0', to: 'store' }, s.g)).rejects.toMatchObject({ exitCode: 2 });
    await expect(returns.add([], { order: 'shopify:1001', sku: 'MUG', qty: '1', to: 'store', restock: true, damaged: true }, s.g)).rejects.toMatchObject({ exitCode: 2 });
    await expect(returns.add([], { order: 'nope:1', sku: 'MUG', qty: '1', to: 'store' }, s.g)).rejects.toMatchObject({ exitCode: 2 });
  });
});
