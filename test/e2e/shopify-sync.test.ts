// omni sync against the Shopify sandbox over loopback: real processes, real SQLite, real HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { shopifyWorld, TOKEN, type ShopifyWorld } from '../support/shopify-workspace.js';
import { startShopifySandbox } from '../../connectors/shopify/sandbox/index.js';
import { cleanup, omniAsync } from '../support/workspace.js';
import { ENGINES } from '../support/postgres.js';

let w: ShopifyWorld | undefined;
afterEach(async () => { if (w) { await w.sandbox.close(); cleanup(w.dir); w = undefined; } });

interface StockLine { sku: string; total: number; locations: Record<string, number>; published: Record<string, number> }
interface Report { channels: { status: string; summary: Record<string, number>; guard: { ok: boolean; reasons: string[] } | null }[]; changes: { sku: string; action: string; before: number | string | null; after: number | string | null; outcome: string; message: string }[] }

const mug = async (x: ShopifyWorld) => (await x.json<{ lines: StockLine[] }>(['stock', 'MUG-STONE-350'])).lines[0]!;

// The same sync, on each engine the run has.
describe.each(ENGINES)('omni sync --channel shopify (sandbox) on %s', (engine) => {
  it('first sync publishes the master; a second sends no mutation at all', async () => {
    w = await shopifyWorld('', engine);
    const r = await w.run(['sync', '--channel', 'shopify']);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    // 300 warehouse + 200 shop - buffer 2, set at the Warehouse location
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(498);
    expect(w.sandbox.quantity('TOWEL-LINEN', 'Warehouse')).toBe(12);
    const mutations = w.sandbox.mutationCounts();
    expect(mutations.inventorySetQuantities).toBe(1); // one batched call for every stock change
    const again = await w.json<Report>(['sync', '--channel', 'shopify']);
    expect(again.changes).toEqual([]);
    expect(w.sandbox.mutationCounts()).toEqual(mutations);
    // the token never reaches reports or the database
    expect(w.reports()).not.toContain(TOKEN);
    expect(w.masterContains(TOKEN)).toBe(false);
    expect(w.masterContains('MUG-STONE-350')).toBe(true); // the check can see the master's text
  });

  it('a sale on Shopify comes in once, from the warehouse, and lowers every channel', async () => {
    w = await shopifyWorld('', engine);
    await w.run(['sync', '--channel', 'shopify']);
    const before = await mug(w);
    const order = w.sandbox.createOrder({ lineItems: [{ sku: 'MUG-STONE-350', quantity: 3 }], locationId: 'gid://shopify/Location/71234567001', customer: { email: 'Ada@Example.com', firstName: 'Ada' } });
    expect((await w.run(['sync', '--channel', 'shopify'])).code).toBe(0);
    expect((await w.run(['sync', '--channel', 'shopify'])).code).toBe(0); // the same order pulled again
    const after = await mug(w);
    expect(after.locations.warehouse).toBe(before.locations.warehouse! - 3);
    expect(after.total).toBe(before.total - 3);
    expect(after.published.shopify).toBe(before.published.shopify! - 3);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(495);
    // the buyer came with the order (defaultEmailAddress), normalised, once
    const { customers } = await w.json<{ customers: { email: string | null }[] }>(['customers', 'list']);
    expect(customers.filter((c) => c.email === 'ada@example.com')).toHaveLength(1);
    // the shop knows the order by its name ("#1001"): omni takes that too
    const shown = await w.run(['orders', 'show', `shopify:${order.name}`]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`(${order.name})`);
    const back = await w.run(['returns', 'add', '--order', `shopify:${order.name.replace('#', '')}`, '--sku', 'MUG-STONE-350', '--qty', '1', '--to', 'store']);
    expect(back.code, back.stderr).toBe(0);
    expect((await mug(w)).total).toBe(after.total + 1);
  });

  it('doctor reaches the shop and catches a location id that is not the shop\'s', async () => {
    w = await shopifyWorld('', engine);
    const ok = await w.run(['doctor']);
    expect(ok.stdout).toMatch(/PASS\s+channel shopify: reached shop/);
    const config = path.join(w.dir, 'config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('store: gid://shopify/Location/71234567002', 'store: gid://shopify/Location/1002'));
    const bad = await w.run(['doctor']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('store → gid://shopify/Location/1002 is not a location of shop');
    expect(bad.stdout).toContain('gid://shopify/Location/71234567002 (');
    // the hint is about the config key, not credentials or the network
    expect(bad.stdout).toContain('→ The shop was reached and the token works: put one of the shop\'s location ids listed above under channels.shopify.location_map');
    expect(bad.stdout).not.toMatch(/shopify[^\n]*\n\s+→ Check the credentials/);
  });

  it('an unreachable shop fails with a message a person can act on, not a stack', async () => {
    w = await shopifyWorld('', engine);
    await w.sandbox.close(); // the shop is gone: connection refused
    const r = await w.run(['sync', '--channel', 'shopify']);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr + w.reports();
    expect(out).toContain('omni doctor');
    expect(out).not.toMatch(/\n\s+at /); // no stack frames
    expect(out).not.toContain('HttpError');
    w.sandbox = await startShopifySandbox({ port: 0, accessToken: TOKEN }); // for afterEach
  });

  it('survives THROTTLED, a 429 and 500s', async () => {
    w = await shopifyWorld('', engine);
    w.sandbox.injectFault({ kind: 'throttled', count: 1 });
    w.sandbox.injectFault({ kind: 'status', status: 500, count: 2 });
    w.sandbox.injectFault({ kind: 'http429', retryAfterSeconds: 1, count: 1 });
    const r = await w.run(['sync', '--channel', 'shopify']);
    expect(r.code).toBe(0);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(498);
  });

  it('--dry-run changes nothing in the master or on Shopify, and writes the report', async () => {
    w = await shopifyWorld('', engine);
    w.sandbox.createOrder({ lineItems: [{ sku: 'TEA-EARL-100', quantity: 1 }] });
    const shopBefore = JSON.stringify(w.sandbox.state());
    const dbBefore = await w.json<unknown>(['stock']);
    const report = await w.json<Report & { files: string[] }>(['sync', '--channel', 'shopify', '--dry-run', '--report', 'md,html,csv']);
    expect(report.changes.some((c) => c.sku === 'MUG-STONE-350' && c.after === 498 && c.outcome === 'planned')).toBe(true);
    expect(JSON.stringify(w.sandbox.state())).toBe(shopBefore);
    expect(await w.json<unknown>(['stock'])).toEqual(dbBefore);
    expect((await w.json<{ runs: unknown[] }>(['runs'])).runs).toEqual([]);
    expect(w.sandbox.mutationCounts()).toEqual({});
    // --report adds to the md and json reports, as the README says
    expect(report.files.map((f) => path.extname(f))).toEqual(['.md', '.json', '.html', '.csv']);
    expect(readFileSync(report.files[2]!, 'utf8')).toContain('<meta name="viewport"');
  });

  it('refuses a plan that zeroes everything (exit 3), then --force pushes it', async () => {
    w = await shopifyWorld('', engine);
    await w.run(['sync', '--channel', 'shopify']);
    for (const sku of ['MUG-STONE-350', 'TEA-EARL-100', 'TEA-SENCHA-100', 'FILTER-V60-100', 'POT-GLASS-1L', 'KETTLE-GOOSE']) {
      for (const loc of ['store', 'warehouse']) await w.run(['stock', 'count', sku, '0', '-l', loc]);
    }
    const refused = await w.run(['sync', '--channel', 'shopify']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toMatch(/Refused by a guard/);
    expect(refused.stdout).toMatch(/would be set to zero/);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(498);
    expect((await w.run(['sync', '--channel', 'shopify', '--force'])).code).toBe(0);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(0);
  });

  it('a sale that races the push is reported stale (nothing landed: exit 1) and converges on the next run', async () => {
    w = await shopifyWorld('', engine);
    await w.run(['sync', '--channel', 'shopify']);
    await w.run(['stock', 'adjust', 'MUG-STONE-350', '10', '-l', 'warehouse']); // the plan will want 508
    // a sale lands at Shopify after omni's pull and just before its mutation
    w.sandbox.raceBefore('inventorySetQuantities', { lineItems: [{ sku: 'MUG-STONE-350', quantity: 1 }], locationId: 'gid://shopify/Location/71234567001' });
    const r = await w.run(['--json', 'sync', '--channel', 'shopify']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.changes.find((c) => c.sku === 'MUG-STONE-350')).toMatchObject({ outcome: 'stale' });
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(497); // untouched by us
    expect((await w.run(['sync', '--channel', 'shopify'])).code).toBe(0);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(507); // 300+10-1 + 200 - 2
  });

  it('the same transition in a later run lands: the idempotency key is per request, not per change', async () => {
    w = await shopifyWorld('', engine);
    expect((await w.run(['sync', '--channel', 'shopify'])).code).toBe(0); // MUG → 498 at the Warehouse
    // Someone sets the Warehouse back in Shopify admin (the sandbox's own control endpoint).
    const setBack = async () => {
      const res = await fetch(`${w!.sandbox.url}/_sandbox/inventory`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sku: 'MUG-STONE-350', locationName: 'Warehouse', quantity: 494 }),
      });
      expect(res.status).toBe(200);
    };
    await setBack();
    const second = await w.run(['sync', '--channel', 'shopify']); // 494 → 498
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(498);
    await setBack();
    // The very same transition (494 → 498) again, in a new run: a new request, so a new key.
    const third = await w.run(['--json', 'sync', '--channel', 'shopify']);
    expect(third.code, third.stdout + third.stderr).toBe(0);
    expect(third.stdout).not.toContain('IDEMPOTENCY_KEY_PARAMETER_MISMATCH');
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(498);
    expect(w.sandbox.mutationCounts().inventorySetQuantities).toBe(3);
  });

  it('a run killed mid-push is converged by the next, nothing applied twice', async () => {
    w = await shopifyWorld('', engine);
    // The mutation reaches Shopify, the process dies before it hears back, then Shopify applies it.
    const child = omniAsync(w.dir, ['sync', '--channel', 'shopify'], w.env);
    const exited = new Promise((r) => child.on('exit', r));
    w.sandbox.beforeRequest('inventorySetQuantities', async () => { child.kill('SIGKILL'); await exited; });
    await exited;
    // the held request now executes in this process's event loop: wait for it, not for a time
    while (!w.sandbox.mutationCounts().inventorySetQuantities) await new Promise((r) => setImmediate(r));
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(498);
    expect((await w.run(['sync', '--channel', 'shopify'])).code).toBe(0);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(498);
    expect(w.sandbox.quantity('TEA-EARL-100', 'Warehouse')).toBe(118);
    expect(w.sandbox.mutationCounts().inventorySetQuantities).toBe(1); // the re-run had nothing left to send
    const { runs } = await w.json<{ runs: { status: string; error: string | null }[] }>(['runs']);
    expect(runs.map((r) => r.status)).toEqual(['ok', 'failed']);
    expect(runs[1]!.error).toContain('ended before the run finished');
  });

  it('a run killed before its mutation landed is completed by the next run', async () => {
    w = await shopifyWorld('', engine);
    w.sandbox.injectFault({ kind: 'slow', delayMs: 0, count: 3 }); // locations, count, variants
    w.sandbox.injectFault({ kind: 'drop' }); // the mutation never arrives
    const r = await w.run(['sync', '--channel', 'shopify']);
    expect(r.code).toBe(0); // the client retried the dropped call; the idempotency key makes that safe
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(498);
    expect(w.sandbox.mutationCounts().inventorySetQuantities).toBe(1);
  });
});
