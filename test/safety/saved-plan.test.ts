// `omni sync --plan-out` and `omni apply`: a saved plan is pushed exactly, or refused (exit 3,
// nothing sent) when the master or the channel moved since it was made, as Terraform does.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { shopifyWorld, WAREHOUSE, type ShopifyWorld } from '../support/shopify-workspace.js';
import { cleanup } from '../support/workspace.js';

let w: ShopifyWorld | undefined;
afterEach(async () => { if (w) { await w.sandbox.close(); cleanup(w.dir); w = undefined; } });

interface PlanFile { formatVersion: number; kind: string; channel: string; fingerprint: { master: { lastMovementId: number }; channel: string }; changes: { sku: string; channelSku: string; action: string; before: number | string | null; after: number | string; key: string }[] }
const readPlan = (x: ShopifyWorld) => JSON.parse(readFileSync(path.join(x.dir, 'plan.json'), 'utf8')) as PlanFile;

describe('saved plans', () => {
  it('--plan-out sends nothing; apply pushes exactly the plan, and the same plan again is stale', async () => {
    w = await shopifyWorld();
    const before = w.sandbox.mutationCounts();
    const out = await w.run(['sync', '--channel', 'shopify', '--plan-out', 'plan.json']);
    expect(out.code, out.stderr).toBe(0);
    expect(w.sandbox.mutationCounts()).toEqual(before); // like --dry-run: no push
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).not.toBe(498);
    const plan = readPlan(w);
    expect(Object.keys(plan)[0]).toBe('formatVersion');
    expect(plan.kind).toBe('omni-plan');
    const mug = plan.changes.find((c) => c.sku === 'MUG-STONE-350' && c.action === 'stock')!;
    expect(mug).toMatchObject({ channelSku: 'MUG-STONE-350', after: 498 });
    expect(typeof mug.before).toBe('number');
    expect(plan.fingerprint.master.lastMovementId).toBeGreaterThan(0);

    const applied = await w.run(['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).toBe(498);
    const runs = await w.json<{ runs: { job: string; status: string }[] }>(['runs']);
    expect(runs.runs[0]).toMatchObject({ job: 'shopify', status: 'ok' });

    // The channel now shows what the plan set: its "before" no longer holds.
    const again = await w.run(['apply', 'plan.json']);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('is stale; nothing was sent');
    expect(again.stderr).toMatch(/channel value differs for sku MUG-STONE-350: stock was \d+ when planned, shopify shows 498 now/);
  });

  it('a stock movement after the plan: refused, master moved since, nothing sent', async () => {
    w = await shopifyWorld();
    expect((await w.run(['sync', '--channel', 'shopify', '--plan-out', 'plan.json'])).code).toBe(0);
    const adj = await w.run(['stock', 'adjust', 'MUG-STONE-350', '-3', '-l', 'warehouse', '-r', 'breakage']);
    expect(adj.code, adj.stderr).toBe(0);
    const mutations = w.sandbox.mutationCounts();
    const r = await w.run(['apply', 'plan.json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/master moved since the plan: the stock ledger has movements after #\d+/);
    expect(w.sandbox.mutationCounts()).toEqual(mutations);
    const runs = await w.json<{ runs: { job: string; status: string; error: string | null }[] }>(['runs']);
    expect(runs.runs[0]).toMatchObject({ job: 'shopify', status: 'refused' });
    expect(runs.runs[0]!.error).toContain('The saved plan is stale');
  });

  it('a channel value that moved after the plan: refused, naming the sku', async () => {
    w = await shopifyWorld();
    expect((await w.run(['sync', '--channel', 'shopify', '--plan-out', 'plan.json'])).code).toBe(0);
    w.sandbox.setQuantity({ sku: 'TOWEL-LINEN', locationId: WAREHOUSE, quantity: 7 });
    const r = await w.run(['apply', 'plan.json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/channel value differs for sku TOWEL-LINEN: stock was \d+ when planned, shopify shows 7 now/);
    expect(w.sandbox.quantity('MUG-STONE-350', 'Warehouse')).not.toBe(498); // nothing of the plan was sent
  });

  it('a changed channel rule in config.yaml makes the plan stale', async () => {
    w = await shopifyWorld();
    expect((await w.run(['sync', '--channel', 'shopify', '--plan-out', 'plan.json'])).code).toBe(0);
    const config = path.join(w.dir, 'config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('buffer: 2', 'buffer: 5'));
    const r = await w.run(['apply', 'plan.json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the channel\'s rules in config.yaml changed');
  });

  it('a file that is not a plan, or of another version, is exit 2 naming the file', async () => {
    w = await shopifyWorld();
    expect((await w.run(['sync', '--channel', 'shopify', '--plan-out', 'plan.json'])).code).toBe(0);
    const plan = readPlan(w);
    const cases: [string, string, RegExp][] = [
      ['junk.json', 'not json {', /junk\.json is not a plan omni can apply: it is not JSON/],
      ['v9.json', JSON.stringify({ ...plan, formatVersion: 9 }), /v9\.json is not a plan omni can apply: its formatVersion is 9/],
      ['report.json', JSON.stringify({ formatVersion: 1, channels: [] }), /report\.json is not a plan omni can apply: "kind" is not "omni-plan"/],
      ['other.json', JSON.stringify({ ...plan, changes: [{ ...plan.changes[0], channel: 'amazon' }] }), /change 1 is incomplete or for another channel/],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(path.join(w.dir, name), text);
      const r = await w.run(['apply', name]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr, name).not.toContain('    at ');
    }
    expect((await w.run(['apply', 'missing.json'])).code).toBe(2);
    expect((await w.run(['sync', '--all', '--plan-out', 'x.json'])).code).toBe(2);
  });
});
