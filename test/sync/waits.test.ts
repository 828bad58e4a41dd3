// Waits are capped (max_wait_seconds), announced when long, and planned around: all on a fake
// clock shared by omni and the sandboxes, so nothing here sleeps on wall time.
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessWorld, type InProcessWorld } from '../support/inprocess-world.js';
import { amazonQuantity } from '../support/channels-workspace.js';
import { applyCount } from '../../src/db/ledger.js';

let w: InProcessWorld | undefined;
afterEach(async () => { await w?.close(); w = undefined; });

const outcomeOf = (r: Awaited<ReturnType<InProcessWorld['sync']>>[number], sku: string) =>
  r.outcomes.find((o) => r.plan?.changes.find((c) => c.key === o.key)?.sku === sku);

describe('waits', () => {
  it('a Retry-After over the cap is not waited: that change fails saying so, the others land', async () => {
    w = await inProcessWorld({ amazon: '    push_method: patch\n' });
    w.amazon.injectFault({ operation: 'patchListingsItem', kind: '429', retryAfterSeconds: 90, count: 1 });
    const [r] = await w.sync(['amazon']);
    expect(Math.max(...w.clock.slept)).toBeLessThan(60_000);
    const refused = r!.outcomes.filter((o) => o.outcome === 'failed');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.message).toMatch(/asked to wait \(Retry-After\).*90 s, longer than max_wait_seconds \(60 s\)/);
    expect(r!.outcomes.filter((o) => o.outcome !== 'failed').length).toBeGreaterThan(0);
    expect(r!.status).toBe('partial');
  });

  it('a Retry-After under the cap is waited on the clock and announced in one line', async () => {
    w = await inProcessWorld({ amazon: '    push_method: patch\n    max_wait_seconds: 120\n' });
    w.amazon.injectFault({ operation: 'patchListingsItem', kind: '429', retryAfterSeconds: 90, count: 1 });
    const [r] = await w.sync(['amazon']);
    expect(r!.status).toBe('ok');
    expect(w.clock.slept).toContain(90_000);
    const said = w.log.info.filter((l) => /^amazon: waiting \d/.test(l));
    expect(said).toEqual(['amazon: waiting 90 s: patchListingsItem answered HTTP 429 and asked to wait (Retry-After) before trying again']);
    expect(amazonQuantity(w.amazon, 'TEA-SENCHA-100')).toBe(24);
  });

  it('an empty searchOrders allowance skips the orders read without waiting; the next run books them', async () => {
    w = await inProcessWorld();
    expect((await w.sync(['amazon']))[0]!.status).toBe('ok');
    w.clock.advance(60_000);
    w.amazon.createOrder({ fulfilledBy: 'MERCHANT', lines: [{ sku: 'KETTLE-GOOSE', quantity: 2 }], buyer: { name: 'Mia Koch' } });
    const warehouse = () => w!.withDb((ws) => ws.db.$client.prepare("SELECT on_hand FROM stock_levels WHERE sku = 'KETTLE-GOOSE' AND location = 'warehouse'").pluck().get() as number);
    const before = await warehouse();
    w.amazon.drainBucket('searchOrders'); // other runs (or apps) used Amazon's allowance up
    w.clock.slept.length = 0;
    const [skipped] = await w.sync(['amazon']);
    expect(skipped!.status).toBe('ok');
    expect(Math.max(0, ...w.clock.slept)).toBeLessThan(60_000);
    expect(skipped!.applied!.warnings.join('\n')).toMatch(/amazon: orders not read completely this run: .*searchOrders.*the next run reads them/);
    expect(await warehouse()).toBe(before);
    w.clock.advance(200_000); // one call refills in 3 minutes
    await w.sync(['amazon']);
    expect(await warehouse()).toBe(before - 2);
  });

  it('a sixth listing feed within five minutes is not waited for: its changes fail saying why, a later run sends them', async () => {
    w = await inProcessWorld({ amazon: '    push_method: feed\n', amazonSandbox: { feedProcessingMs: 2000 } });
    const recount = (n: number) => w!.withDb((ws) => applyCount(ws.db, { sku: 'TEA-SENCHA-100', location: 'warehouse', counted: n, idempotencyKey: `recount:${n}`, reason: 'test' }));
    for (let i = 0; i < 5; i++) {
      if (i > 0) await recount(30 + i * 5);
      expect((await w.sync(['amazon']))[0]!.status).toBe('ok');
      w.clock.advance(10_000);
    }
    await recount(60);
    w.clock.slept.length = 0;
    const [sixth] = await w.sync(['amazon']);
    expect(sixth!.status).toBe('failed');
    expect(sixth!.outcomes[0]!.message).toMatch(/createFeed answered HTTP 429 \(QuotaExceeded: .*JSON_LISTINGS_FEED allows 5 submissions per 5 minutes.*would have to wait .* longer than max_wait_seconds/);
    expect(Math.max(0, ...w.clock.slept)).toBeLessThan(60_000);
    w.clock.advance(5 * 60_000);
    const [later] = await w.sync(['amazon']);
    expect(later!.status).toBe('ok');
    expect(amazonQuantity(w.amazon, 'TEA-SENCHA-100')).toBe(48);
  });
});
