// omni watch --once against both sandboxes over loopback: a change is pushed by one pass, reading
// only what changed; a failing channel does not hold up the others and gets its queue later.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { amazonQuantity, channelsWorld, type ChannelsWorld } from '../support/channels-workspace.js';
import { cleanup, omniAsync } from '../support/workspace.js';
import { ENGINES, type Engine } from '../support/postgres.js';

let w: ChannelsWorld | undefined;
afterEach(async () => { if (w) { await w.close(); cleanup(w.dir); w = undefined; } });

interface StockLine { sku: string; total: number; published: Record<string, number> }
const SKU = 'TEA-SENCHA-100';
const line = async (x: ChannelsWorld) => (await x.json<{ lines: StockLine[] }>(['stock', SKU])).lines[0]!;
const WAREHOUSE = 'gid://shopify/Location/71234567001';

/** The first pass reconciles every channel (nothing watched yet) and leaves the watch cursors. */
async function started(engine: Engine = 'sqlite'): Promise<ChannelsWorld> {
  const x = await channelsWorld({ engine });
  const r = await x.run(['watch', '--all', '--once']);
  expect(r.code, r.stderr).toBe(0);
  return x;
}

// On PostgreSQL each pass takes its channels' scope locks (db/master-locks.ts) instead of the file lock.
describe.each(ENGINES)('omni watch --once on %s', (engine) => {
  it('pushes a terminal adjustment to Shopify and Amazon without re-reading either catalog', async () => {
    w = await started(engine);
    const before = await line(w);
    let catalogReads = 0;
    w.shopify.beforeRequest('productVariantsCount', () => { catalogReads++; });
    const calls = w.amazon.calls();
    const fullPull = (c: Record<string, number>) => (c.getInventorySummaries ?? 0) + (c.createReport ?? 0);
    expect((await w.run(['stock', 'adjust', SKU, '-6', '-l', 'warehouse'])).code).toBe(0);
    const r = await w.run(['watch', '--all', '--once']);
    expect(r.code, r.stderr).toBe(0);
    const after = await line(w);
    expect(after.total).toBe(before.total - 6);
    expect(w.shopify.quantity(SKU, 'Warehouse')).toBe(after.published.shopify);
    expect(amazonQuantity(w.amazon, SKU)).toBe(after.published.amazon);
    expect(after.published.shopify).toBeLessThan(before.published.shopify!);
    // Only what changed was read: no catalog page on either channel.
    expect(catalogReads).toBe(0);
    // Logged as the scheduled jobs log: JSON lines in the log file, tagged as watch's, and on stderr.
    const lines = readFileSync(path.join(w.dir, 'logs/omni.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { job?: string; msg: string });
    const pushed = lines.filter((l) => l.job === 'watch' && /change\(s\) pushed/.test(l.msg));
    expect(pushed.length).toBeGreaterThan(0);
    expect(r.stderr).toContain(pushed.at(-1)!.msg);
    expect(fullPull(w.amazon.calls())).toBe(fullPull(calls));
    // And a pass with nothing new sends nothing and journals nothing.
    const runs = (await w.json<unknown[]>(['runs'])).length;
    const mutations = w.shopify.mutationCounts();
    expect((await w.run(['watch', '--all', '--once'])).code).toBe(0);
    expect(w.shopify.mutationCounts()).toEqual(mutations);
    expect((await w.json<unknown[]>(['runs'])).length).toBe(runs);
  });

  it('brings a Shopify sale to Amazon in one pass, and Shopify itself is not raced', async () => {
    w = await started(engine);
    const before = await line(w);
    w.shopify.createOrder({ lineItems: [{ sku: SKU, quantity: 4 }], locationId: WAREHOUSE });
    const r = await w.run(['watch', '--all', '--once']);
    // 0, not 3: the sold listing was re-read, so no compare-and-swap went stale.
    expect(r.code, r.stderr).toBe(0);
    const after = await line(w);
    expect(after.total).toBe(before.total - 4);
    expect(amazonQuantity(w.amazon, SKU)).toBe(after.published.amazon);
    expect(w.shopify.quantity(SKU, 'Warehouse')).toBe(after.published.shopify);
    // Pulled again (the orders read overlaps): booked once.
    expect((await w.run(['watch', '--all', '--once'])).code).toBe(0);
    expect((await line(w)).total).toBe(before.total - 4);
  });

  it('a channel answering 500 fails alone; the others are pushed, and it gets its queue once back', async () => {
    w = await started(engine);
    w.amazon.injectFault({ operation: '*', kind: '500', count: 1000 });
    expect((await w.run(['stock', 'adjust', SKU, '-5', '-l', 'warehouse'])).code).toBe(0);
    const amazonBefore = amazonQuantity(w.amazon, SKU);
    const r = await w.run(['watch', '--all', '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('amazon');
    const after = await line(w);
    expect(w.shopify.quantity(SKU, 'Warehouse')).toBe(after.published.shopify);
    expect(amazonQuantity(w.amazon, SKU)).toBe(amazonBefore);
    await fetch(`${w.amazon.url}/_sandbox/faults`, { method: 'DELETE' });
    const again = await w.run(['watch', '--all', '--once']);
    expect(again.code, again.stderr).toBe(0);
    expect(amazonQuantity(w.amazon, SKU)).toBe(after.published.amazon);
  });
});

describe('omni watch: SIGTERM', () => {
  // (SQLite only: the lock and loop code is the same on both engines, and the cycles above run on both.)
  it('mid-push: finishes the push, exits 0, and a restart converges with every sale booked once', async () => {
    w = await started();
    const child = omniAsync(w.dir, ['watch', '--all'], w.env);
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // The moment watch sends its stock change to Shopify: a sale lands there first (the push goes
    // stale) and SIGTERM arrives while the request is in flight.
    w.shopify.beforeRequest('inventorySetQuantities', () => {
      w!.shopify.createOrder({ lineItems: [{ sku: SKU, quantity: 2 }], locationId: WAREHOUSE });
      child.kill('SIGTERM');
    });
    const before = await line(w);
    // Written while watch runs (it holds no lock between cycles): its ledger look picks it up.
    expect((await w.run(['stock', 'adjust', SKU, '-3', '-l', 'warehouse'])).code).toBe(0);
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: finishing the current push');
    const r = await w.run(['watch', '--all', '--once']);
    expect([0, 3]).toContain(r.code);
    const settle = await w.run(['watch', '--all', '--once']);
    expect(settle.code, settle.stderr).toBe(0);
    const after = await line(w);
    expect(after.total).toBe(before.total - 3 - 2);
    expect(w.shopify.quantity(SKU, 'Warehouse')).toBe(after.published.shopify);
    expect(amazonQuantity(w.amazon, SKU)).toBe(after.published.amazon);
  });
});
