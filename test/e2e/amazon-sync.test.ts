// omni sync against the SP-API sandbox (and the Shopify one) over loopback: real processes, real
// SQLite, real HTTP, Amazon's own rate limits and feed processing.
import { afterEach, describe, expect, it } from 'vitest';
import { amazonQuantity, channelsWorld, type ChannelsWorld } from '../support/channels-workspace.js';
import { cleanup } from '../support/workspace.js';
import { ENGINES } from '../support/postgres.js';

let w: ChannelsWorld | undefined;
afterEach(async () => { if (w) { await w.close(); cleanup(w.dir); w = undefined; } });

interface StockLine { sku: string; total: number; locations: Record<string, number>; published: Record<string, number> }
interface Change { sku: string; action: string; before: number | string | null; after: number | string | null; outcome: string; message: string }
interface Report { channels: { channel: string; status: string }[]; changes: Change[] }

const stock = async (x: ChannelsWorld, sku: string) => (await x.json<{ lines: StockLine[] }>(['stock', sku])).lines[0]!;

// The same syncs, on each engine the run has.
describe.each(ENGINES)('omni sync --channel amazon (sandbox) on %s', (engine) => {
  it('first sync: FBA counts come into the master, MFN offers get 80% of the warehouse; a second run sends nothing', async () => {
    w = await channelsWorld({ engine });
    const r = await w.run(['sync', '--channel', 'amazon']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // Amazon's FBA count is the amazon-fba location's on-hand (fixtures: 200 mugs, 40 tea, 80 filters)
    expect((await stock(w, 'MUG-STONE-350')).locations['amazon-fba']).toBe(200);
    expect((await stock(w, 'TEA-EARL-100')).locations['amazon-fba']).toBe(40);
    // demo master: 30 sencha and 9 teapots in the warehouse → floor(80%)
    expect(amazonQuantity(w.amazon, 'TEA-SENCHA-100')).toBe(24);
    expect(amazonQuantity(w.amazon, 'POT-GLASS-1L')).toBe(7);
    // FBA offers are Amazon's to count: omni never sends them a merchant quantity
    expect(amazonQuantity(w.amazon, 'MUG-STONE-350')).toBeUndefined();
    const calls = w.amazon.calls();
    const again = await w.json<Report>(['sync', '--channel', 'amazon']);
    expect(again.changes.filter((c) => c.outcome !== 'unchanged')).toEqual([]);
    const after = w.amazon.calls();
    for (const op of ['patchListingsItem', 'createFeed', 'createFeedDocument']) expect(after[op] ?? 0, op).toBe(calls[op] ?? 0);
    // the LWA secrets never reach reports or the database
    for (const s of w.secrets) {
      expect(w.reports()).not.toContain(s);
      expect(w.masterContains(s)).toBe(false);
    }
  });

  it('an MFN order lowers Shopify in the same `sync --all`, once, and a cancellation puts it back', async () => {
    w = await channelsWorld({ engine });
    expect((await w.run(['sync', '--all'])).code).toBe(0);
    const before = await stock(w, 'KETTLE-GOOSE');
    const shopifyBefore = w.shopify.quantity('KETTLE-GOOSE', 'Warehouse');
    const order = w.amazon.createOrder({ fulfilledBy: 'MERCHANT', lines: [{ sku: 'KETTLE-GOOSE', quantity: 2 }], buyer: { name: 'Mia Koch' } });
    const r = await w.run(['sync', '--all']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await w.run(['sync', '--all'])).code).toBe(0); // the same order pulled again
    const after = await stock(w, 'KETTLE-GOOSE');
    expect(after.locations.warehouse).toBe(before.locations.warehouse! - 2);
    expect(after.total).toBe(before.total - 2);
    expect(w.shopify.quantity('KETTLE-GOOSE', 'Warehouse')).toBe(shopifyBefore! - 2);
    expect(amazonQuantity(w.amazon, 'KETTLE-GOOSE')).toBe(Math.floor(after.locations.warehouse! * 0.8));

    w.amazon.cancelOrder(order.orderId);
    expect((await w.run(['sync', '--all'])).code).toBe(0);
    expect((await stock(w, 'KETTLE-GOOSE')).total).toBe(before.total);
    expect(w.shopify.quantity('KETTLE-GOOSE', 'Warehouse')).toBe(shopifyBefore);
  });

  it('an FBA order is recorded as a sale but only Amazon\'s count moves the stock', async () => {
    w = await channelsWorld({ engine });
    expect((await w.run(['sync', '--channel', 'amazon'])).code).toBe(0);
    w.amazon.createOrder({ fulfilledBy: 'AMAZON', lines: [{ sku: 'TEA-EARL-100', quantity: 3 }], buyer: { name: 'Lea Roth' } });
    expect((await w.run(['sync', '--channel', 'amazon'])).code).toBe(0);
    const tea = await stock(w, 'TEA-EARL-100');
    expect(tea.locations['amazon-fba']).toBe(37); // 40 - 3, from the FBA summary, not twice
    const { orders } = await w.json<{ orders: { remoteId: string; units: number }[] }>(['orders', 'list', '--channel', 'amazon', '--sku', 'TEA-EARL-100']);
    expect(orders.map((o) => o.units)).toEqual([3]);
  });

  it('an FBA count change flows into the master and into what Shopify may sell', async () => {
    w = await channelsWorld({ engine, shopifyStockFrom: ['warehouse', 'store', 'amazon-fba'] });
    expect((await w.run(['sync', '--all'])).code).toBe(0);
    const before = w.shopify.quantity('MUG-STONE-350', 'Warehouse')!;
    expect(before).toBe(300 + 200 + 200 - 2);
    w.amazon.setFbaQuantity('MUG-STONE-350', 150);
    expect((await w.run(['sync', '--all'])).code).toBe(0);
    expect((await stock(w, 'MUG-STONE-350')).locations['amazon-fba']).toBe(150);
    expect(w.shopify.quantity('MUG-STONE-350', 'Warehouse')).toBe(before - 50);
  });

  it('a feed with failed messages reports exactly those, with Amazon\'s words, and exits 3', async () => {
    w = await channelsWorld({ engine, amazon: '    push_method: feed\n' });
    w.amazon.rejectSku('KETTLE-GOOSE', 'The value for quantity is invalid for this listing.');
    const r = await w.run(['--json', 'sync', '--channel', 'amazon']);
    expect(r.code, r.stderr).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    const failed = report.changes.filter((c) => c.outcome === 'failed');
    expect(failed.map((c) => c.sku)).toEqual(['KETTLE-GOOSE']);
    expect(failed[0]!.message).toContain('The value for quantity is invalid');
    expect(w.amazon.calls().createFeed).toBe(1);
    expect(w.amazon.calls().patchListingsItem ?? 0).toBe(0);
    const others = report.changes.filter((c) => c.sku !== 'KETTLE-GOOSE' && c.outcome !== 'unchanged');
    expect(others.length).toBeGreaterThan(0);
    for (const c of others) expect(c, c.sku).toMatchObject({ outcome: 'applied' });
    expect(amazonQuantity(w.amazon, 'TEA-SENCHA-100')).toBe(24);
    expect(amazonQuantity(w.amazon, 'KETTLE-GOOSE')).toBe(4); // Amazon's own value, untouched
    // the next run sends only what is still wrong
    w.amazon.store().rejects.clear();
    const next = await w.json<Report>(['sync', '--channel', 'amazon']);
    expect(next.changes.filter((c) => c.outcome === 'applied').map((c) => c.sku)).toEqual(['KETTLE-GOOSE']);
  });

  it('ACCEPTED patches: exit 0, the report says they await confirmation, and `runs show` reads applied after the next run', async () => {
    w = await channelsWorld({ engine, amazon: '    push_method: patch\n', sandbox: { applyDelayMs: 3_600_000 } });
    const first = await w.run(['sync', '--channel', 'amazon']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Outcomes: \d+ accepted\./);
    expect(first.stdout).toMatch(/\d+ change\(s\) accepted by amazon and awaiting its confirmation: not failures/);
    const shown = await w.run(['runs', 'show', '1']);
    expect(shown.stdout).toMatch(/TEA-SENCHA-100 +stock +20 +24 +accepted/);
    expect(shown.stdout).toContain('accepted: the channel took the change and applies it later');
    expect(w.amazon.applyQueued()).toBeGreaterThan(0); // Amazon gets round to them
    const second = await w.run(['sync', '--channel', 'amazon']);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toMatch(/Earlier accepted changes: \d+ confirmed\./);
    expect((await w.run(['runs', 'show', '1'])).stdout).toMatch(/TEA-SENCHA-100 +stock +20 +24 +applied +confirmed: Amazon shows it/);
  });

  it('survives a 429 storm and 500s', async () => {
    w = await channelsWorld({ engine });
    expect((await w.run(['sync', '--channel', 'amazon'])).code).toBe(0);
    await w.run(['stock', 'adjust', 'TEA-SENCHA-100', '10', '-l', 'warehouse']);
    // Amazon sends no Retry-After on quota 429s: the client drains its bucket and waits for a token
    w.amazon.injectFault({ operation: '*', kind: '429', count: 3 });
    w.amazon.injectFault({ operation: '*', kind: '500', count: 1 });
    w.amazon.injectFault({ operation: 'getInventorySummaries', kind: '429', count: 3 });
    w.amazon.injectFault({ operation: 'patchListingsItem', kind: '429', count: 2 });
    const r = await w.run(['sync', '--channel', 'amazon']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(amazonQuantity(w.amazon, 'TEA-SENCHA-100')).toBe(32); // floor(40 × 80%)
    expect(w.amazon.requests().filter((q) => q.status === 429).length).toBeGreaterThanOrEqual(8);
  });

  it('an access token that expires mid-run is renewed and the run completes', async () => {
    w = await channelsWorld({ engine });
    // hold the first SP-API call until its token has expired at Amazon (an event, not a delay)
    let reached!: () => void;
    const held = new Promise<void>((r) => { reached = r; });
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    w.amazon.injectFault({ operation: '*', kind: 'slow', hold: () => { reached(); return released; }, count: 1 });
    const running = w.run(['sync', '--channel', 'amazon']);
    await held;
    w.amazon.expireTokens();
    release();
    const r = await running;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(w.amazon.calls().lwaToken).toBe(2);
    expect(w.amazon.requests().some((q) => q.status === 403)).toBe(true);
    expect(amazonQuantity(w.amazon, 'TEA-SENCHA-100')).toBe(24);
  });

  it('--dry-run changes nothing in the master or on Amazon, and writes the report', async () => {
    w = await channelsWorld({ engine });
    w.amazon.createOrder({ fulfilledBy: 'MERCHANT', lines: [{ sku: 'POT-GLASS-1L', quantity: 1 }] });
    const amazonBefore = JSON.stringify(w.amazon.state());
    const dbBefore = await w.json<unknown>(['stock']);
    const report = await w.json<Report & { files: string[] }>(['sync', '--channel', 'amazon', '--dry-run']);
    expect(report.changes.some((c) => c.sku === 'TEA-SENCHA-100' && c.after === 24 && c.outcome === 'planned')).toBe(true);
    expect(JSON.stringify(w.amazon.state())).toBe(amazonBefore);
    expect(await w.json<unknown>(['stock'])).toEqual(dbBefore);
    expect((await w.json<{ runs: unknown[] }>(['runs'])).runs).toEqual([]);
    expect(w.amazon.calls().patchListingsItem ?? 0).toBe(0);
    expect(report.files.length).toBeGreaterThan(0);
  });
});
