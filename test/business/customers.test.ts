import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyOrders } from '../../src/db/orders.js';
import { customerDetail, mergeCustomers, splitCustomer } from '../../src/app/customers.js';
import { listCustomers } from '../../src/db/customers-queries.js';
import { addReturn } from '../../src/app/returns.js';
import { UserError } from '../../src/core/errors.js';
import * as cmd from '../../src/cli/commands/customers.js';
import { cleanup } from '../support/workspace.js';
import { annaBuysOnlineAndInShop, capture, order, shop, type Shop } from './fixtures.js';

let s: Shop;
beforeEach(() => { s = shop(); });
afterEach(() => { s.close(); cleanup(s.dir); });

const exitOf = (f: () => unknown) => { try { f(); } catch (e) { return (e as UserError).exitCode; } return 0; };

describe('one customer across channels', () => {
  it('recognises the online customer in the shop by normalised e-mail and keeps both identities', () => {
    annaBuysOnlineAndInShop(s.db);
    const all = listCustomers(s.db);
    expect(all).toHaveLength(1);
    const d = customerDetail(s.db, all[0]!.id);
    expect(d.customer).toMatchObject({ name: 'Anna Berg', email: 'anna.berg@example.com', phone: '+491511234567' });
    expect(d.identities.map((i) => i.channel)).toEqual(['pos', 'shopify']);
    expect(d.orders.map((o) => `${o.channel}:${o.remoteId}`).sort()).toEqual(['pos:R-5', 'shopify:1001']);
  });

  it('matches by phone (E.164) when there is no e-mail', () => {
    applyOrders(s.db, 'pos', [order('R-1', [['TEA', 1, 750]], { customer: { phone: '+49 (151) 999-0000' } })], ['store']);
    applyOrders(s.db, 'shopify', [order('2001', [['TEA', 1, 750]], { customer: { remoteId: 'c9', phone: '0049 151 9990000' } })], ['warehouse']);
    expect(listCustomers(s.db)).toHaveLength(1);
  });

  it('show lists orders and returns on every channel (an online order returned in the shop)', () => {
    annaBuysOnlineAndInShop(s.db);
    addReturn(s.db, { order: { channel: 'shopify', remoteId: '1001' }, sku: 'MUG', quantity: 1, location: 'store', disposition: 'restock' });
    const d = customerDetail(s.db, listCustomers(s.db)[0]!.id);
    expect(d.returns).toEqual([expect.objectContaining({ channel: 'shopify', orderRemoteId: '1001', sku: 'MUG', quantity: 1, location: 'store', disposition: 'restock' })]);
  });
});

describe('merge and split', () => {
  beforeEach(() => {
    applyOrders(s.db, 'shopify', [order('3001', [['MUG', 1, 1490]], { customer: { remoteId: 's1', name: 'Bob', email: 'bob@work.example' } })], ['warehouse']);
    applyOrders(s.db, 'amazon', [order('AMZ-1', [['TEA', 2, 750]], { customer: { remoteId: 'a1', name: 'Robert', email: 'bob@home.example' } })], ['warehouse']);
  });
  const ids = () => listCustomers(s.db, { includeMerged: true }).map((c) => c.id);

  it('merges one into another, journals what moved, and splits it back exactly', () => {
    const [bob, robert] = ids() as [number, number];
    const m = mergeCustomers(s.db, robert, bob, new Date('2026-03-01T10:00:00Z'), 'same person, two addresses');
    expect(m).toMatchObject({ source: robert, target: bob, identities: [{ channel: 'amazon', remoteId: 'a1' }] });
    expect(listCustomers(s.db).map((c) => c.id)).toEqual([bob]);
    const d = customerDetail(s.db, bob);
    expect(d.orders.map((o) => o.channel).sort()).toEqual(['amazon', 'shopify']);
    expect(d.identities).toHaveLength(2);
    expect(d.merges).toEqual([expect.objectContaining({ sourceId: robert, targetId: bob, splitAt: null, reason: 'same person, two addresses' })]);

    // a new Amazon order for the merged identity lands on the merged customer
    applyOrders(s.db, 'amazon', [order('AMZ-2', [['TEA', 1, 750]], { customer: { remoteId: 'a1', email: 'bob@home.example' } })], ['warehouse']);
    expect(customerDetail(s.db, bob).orders).toHaveLength(3);

    const split = splitCustomer(s.db, robert, new Date('2026-03-02T10:00:00Z'));
    expect(split).toMatchObject({ customer: robert, from: bob, identities: [{ channel: 'amazon', remoteId: 'a1' }], warnings: [] });
    expect(listCustomers(s.db).map((c) => c.id)).toEqual([bob, robert]);
    expect(customerDetail(s.db, robert).orders.map((o) => o.remoteId)).toEqual(['AMZ-1']);
    expect(customerDetail(s.db, robert).identities.map((i) => i.remoteId)).toEqual(['a1']);
    expect(customerDetail(s.db, bob).merges[0]!.splitAt).toBe('2026-03-02T10:00:00.000Z');
  });

  it('refuses bad merges and splits with clear exit codes', () => {
    const [bob, robert] = ids() as [number, number];
    expect(exitOf(() => mergeCustomers(s.db, bob, bob, new Date()))).toBe(2);
    expect(exitOf(() => mergeCustomers(s.db, 999, bob, new Date()))).toBe(2);
    expect(exitOf(() => splitCustomer(s.db, bob, new Date()))).toBe(3);
    mergeCustomers(s.db, robert, bob, new Date());
    expect(exitOf(() => mergeCustomers(s.db, robert, bob, new Date()))).toBe(3);
    expect(exitOf(() => mergeCustomers(s.db, bob, robert, new Date()))).toBe(3);
  });

  it('commands: list, show, merge and split print and return 0; bad ids are exit 2', async () => {
    const [bob, robert] = ids() as [number, number];
    const listed = await capture(() => cmd.list([], {}, s.g));
    expect(listed.stdout).toMatch(/bob@work\.example/);
    const merged = await capture(() => cmd.merge([String(robert)], { into: String(bob) }, s.g));
    expect(merged.stdout).toContain(`Merged customer ${robert} into ${bob}`);
    const shown = await capture(() => cmd.show([String(bob)], {}, { ...s.g, json: true }));
    const json = JSON.parse(shown.stdout) as { orders: unknown[]; mergedFrom: number[] };
    expect(json.orders).toHaveLength(2);
    expect(json.mergedFrom).toEqual([robert]);
    const split = await capture(() => cmd.split([String(robert)], {}, s.g));
    expect(split.stdout).toContain(`Split customer ${robert} from ${bob}`);
    await expect(cmd.show(['abc'], {}, s.g)).rejects.toMatchObject({ exitCode: 2 });
    await expect(cmd.show(['4242'], {}, s.g)).rejects.toMatchObject({ exitCode: 2 });
  });
});
