// "Accepted" is not "applied": Amazon queues an ACCEPTED patch and processes a feed later. The
// journal says `accepted` until a later run sees the value (patches) or reads the processing
// report (feeds), and reports the ones Amazon rejected or never applied. And a run where nothing
// landed is `failed` (exit 1), not `partial`. In-process on a fake clock, against the sandbox.
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessWorld, type InProcessWorld } from '../support/inprocess-world.js';
import { amazonQuantity } from '../support/channels-workspace.js';
import { getRun } from '../../src/db/runs.js';
import { pushStatus } from '../../src/core/outcomes.js';
import { readPlanMark } from '../../src/db/plan-marks.js';

let w: InProcessWorld | undefined;
afterEach(async () => { await w?.close(); w = undefined; });

const MIN = 60_000;
type Result = Awaited<ReturnType<InProcessWorld['sync']>>[number];
const skuOf = (r: Result, key: string) => r.plan!.changes.find((c) => c.key === key)?.sku;
const journal = (x: InProcessWorld, runId: number) => x.withDb((ws) => getRun(ws.db, runId)!);

describe('accepted changes (Amazon applies later)', () => {
  it('an ACCEPTED patch is `accepted`, held back while it waits, and `applied` once a pull shows it', async () => {
    w = await inProcessWorld({ amazon: '    push_method: patch\n', amazonSandbox: { applyDelayMs: 10 * MIN } });
    const sencha = amazonQuantity(w.amazon, 'TEA-SENCHA-100');
    const [first] = await w.sync(['amazon']);
    expect(first!.status).toBe('ok'); // accepted is not a failure
    expect(new Set(first!.outcomes.map((o) => o.outcome))).toEqual(new Set(['accepted']));
    expect(amazonQuantity(w.amazon, 'TEA-SENCHA-100')).toBe(sencha); // queued at Amazon, not applied yet
    expect((await journal(w, first!.runId!)).changes.every((c) => c.outcome === 'accepted' && c.confirmRef?.startsWith('patch:'))).toBe(true);

    // A minute later Amazon still shows the old values: the same changes are not queued twice.
    w.clock.advance(MIN);
    const patches = w.amazon.calls().patchListingsItem;
    const [waiting] = await w.sync(['amazon']);
    expect(waiting!.status).toBe('ok');
    expect(waiting!.outcomes).toEqual([]);
    expect(w.amazon.calls().patchListingsItem).toBe(patches);
    expect(waiting!.awaiting!.length).toBe(first!.outcomes.length);
    expect(waiting!.plan!.warnings.join('\n')).toMatch(/TEA-SENCHA-100: stock → 24 was accepted in run \d+ and awaits the channel's confirmation; not sent again/);

    // Amazon applies them; the next run sees the values and confirms every one.
    w.clock.advance(10 * MIN);
    const [later] = await w.sync(['amazon']);
    expect(later!.settled!.map((s) => s.outcome)).toEqual(first!.outcomes.map(() => 'applied'));
    expect(later!.outcomes).toEqual([]);
    const run1 = await journal(w, first!.runId!);
    expect(run1.run.status).toBe('ok');
    expect(run1.changes.map((c) => c.outcome)).toEqual(run1.changes.map(() => 'applied'));
    expect(run1.changes[0]!.settledAt).not.toBeNull();
  });

  it('a patch Amazon refuses while processing is reported by the next run, and its run is partial', async () => {
    w = await inProcessWorld({ amazon: '    push_method: patch\n', amazonSandbox: { applyDelayMs: 10 * MIN } });
    w.amazon.rejectSku('TEA-SENCHA-100', 'The listing is restricted in this marketplace.');
    const [first] = await w.sync(['amazon']);
    expect(first!.outcomes.every((o) => o.outcome === 'accepted')).toBe(true); // judged later, as on Amazon
    w.clock.advance(11 * MIN);
    const [later] = await w.sync(['amazon']);
    const refused = later!.settled!.filter((s) => s.outcome === 'failed');
    expect(refused.map((s) => s.sku)).toEqual(['TEA-SENCHA-100']);
    expect(refused[0]!.message).toContain('The listing is restricted in this marketplace.');
    expect(w.log.warn.join('\n')).toMatch(/amazon: TEA-SENCHA-100: stock → 24 \(accepted in run \d+\) did not land: Amazon did not apply it/);
    expect((await journal(w, first!.runId!)).run.status).toBe('partial');
    // still wanted: sent again in this run
    expect(later!.outcomes.map((o) => skuOf(later!, o.key))).toEqual(['TEA-SENCHA-100']);
  });

  it('a patch Amazon never applies is reported as such after confirm_within_minutes', async () => {
    w = await inProcessWorld({ amazon: '    push_method: patch\n    confirm_within_minutes: 30\n', amazonSandbox: { applyDelayMs: 24 * 60 * MIN } });
    const [first] = await w.sync(['amazon']);
    w.clock.advance(20 * MIN);
    const [early] = await w.sync(['amazon']);
    expect(early!.settled).toEqual([]);
    w.clock.advance(20 * MIN);
    const [late] = await w.sync(['amazon']);
    expect(late!.settled!.length).toBe(first!.outcomes.length);
    expect(late!.settled!.every((s) => s.outcome === 'failed' && /still shows .* after 30 min/.test(s.message ?? ''))).toBe(true);
    expect((await journal(w, first!.runId!)).run.status).toBe('failed');
  });

  it('a feed still processing at the cap is `accepted`; the next run reads its processing report', async () => {
    w = await inProcessWorld({ amazon: '    push_method: feed\n', amazonSandbox: { feedProcessingMs: 30 * MIN } });
    w.amazon.rejectSku('KETTLE-GOOSE', 'The value for quantity is invalid for this listing.');
    const [first] = await w.sync(['amazon']);
    expect(first!.status).toBe('ok');
    expect(first!.outcomes.every((o) => o.outcome === 'accepted' && o.confirmBy?.startsWith('feed:'))).toBe(true);
    expect(Math.max(...w.clock.slept)).toBeLessThanOrEqual(60_000);
    expect(w.log.info.some((l) => /^amazon: waiting for Amazon to process feed \d+ \(at most 60 s/.test(l))).toBe(true);
    w.clock.advance(31 * MIN);
    const [later] = await w.sync(['amazon']);
    const bySku = new Map(later!.settled!.map((s) => [s.sku, s]));
    expect(bySku.get('KETTLE-GOOSE')).toMatchObject({ outcome: 'failed' });
    expect(bySku.get('KETTLE-GOOSE')!.message).toMatch(/Amazon rejected it \(feed \d+\): .*The value for quantity is invalid/);
    expect(bySku.get('TEA-SENCHA-100')).toMatchObject({ outcome: 'applied' });
    expect(amazonQuantity(w.amazon, 'TEA-SENCHA-100')).toBe(24);
  });
});

describe('exit codes: nothing landed is failed, not partial', () => {
  it('the status follows what landed', () => {
    expect(pushStatus({ applied: 3 })).toBe('ok');
    expect(pushStatus({ accepted: 3, skipped: 1 })).toBe('ok');
    expect(pushStatus({ applied: 2, failed: 1 })).toBe('partial');
    expect(pushStatus({ accepted: 1, stale: 1 })).toBe('partial');
    expect(pushStatus({ failed: 2 })).toBe('failed');
    expect(pushStatus({ failed: 1, stale: 1, skipped: 3 })).toBe('failed');
  });

  it('createFeed answering 503 on every try: failed', async () => {
    w = await inProcessWorld({ amazon: '    push_method: feed\n' });
    w.amazon.injectFault({ operation: 'createFeed', kind: '503', count: 20 });
    const [r] = await w.sync(['amazon']);
    expect(r!.outcomes.every((o) => o.outcome === 'failed' && /createFeed: HTTP 503/.test(o.message ?? ''))).toBe(true);
    expect(r!.status).toBe('failed');
  });

  it('patchListingsItem answering 503 on every try: failed', async () => {
    w = await inProcessWorld({ amazon: '    push_method: patch\n' });
    w.amazon.injectFault({ operation: 'patchListingsItem', kind: '503', count: 100 });
    const [r] = await w.sync(['amazon']);
    expect(r!.outcomes.every((o) => o.outcome === 'failed')).toBe(true);
    expect(r!.status).toBe('failed');
    expect((await journal(w, r!.runId!)).run.status).toBe('failed');
  });

  it('a FATAL feed: failed', async () => {
    w = await inProcessWorld({ amazon: '    push_method: feed\n', amazonSandbox: { feedProcessingMs: 10_000 } });
    w.amazon.failNextFeeds();
    const [r] = await w.sync(['amazon']);
    expect(r!.outcomes.every((o) => o.outcome === 'failed' && /could not be processed/.test(o.message ?? ''))).toBe(true);
    expect(r!.status).toBe('failed');
  });

  it('a watch reconcile planned as if accepted changes had landed keeps the plan mark it found', async () => {
    w = await inProcessWorld({ amazon: '    push_method: patch\n', amazonSandbox: { applyDelayMs: 10 * MIN } });
    const [first] = await w.sync(['amazon']);
    expect(first!.outcomes.some((o) => o.outcome === 'accepted')).toBe(true);
    const mark = await w.withDb((ws) => readPlanMark(ws.db, 'amazon'));
    expect(mark?.pending.length).toBeGreaterThan(0); // the accepted changes are looked at again
    w.clock.advance(MIN);
    // A reconcile reads the channel in full and plans the accepted changes as done: if one then
    // failed, nothing in the master would say so, so its plan is no baseline for the next sync.
    const [reconcile] = await w.sync(['amazon'], { pulls: { amazon: 'full' } });
    expect(reconcile!.awaiting!.length).toBeGreaterThan(0);
    expect(await w.withDb((ws) => readPlanMark(ws.db, 'amazon'))).toEqual(mark);
  });
});
