// The watch loop in-process with a fake clock (no sleeping on wall time): the writer lock is free
// while it waits (another omni process writes then, and watch pushes that change next), and a
// channel that fails backs off, capped and announced, while the others keep pushing.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { amazonQuantity, channelsWorld, type ChannelsWorld } from '../support/channels-workspace.js';
import { cleanup } from '../support/workspace.js';
import { openWorkspace, type Workspace } from '../../src/app/workspace.js';
import { watchSettings } from '../../src/app/watch/settings.js';
import { watchLoop, type WatchClock } from '../../src/app/watch/loop.js';

let w: ChannelsWorld | undefined;
let ws: Workspace | undefined;
const saved = { ...process.env };
afterEach(async () => {
  ws?.close(); ws = undefined;
  process.env = { ...saved };
  if (w) { await w.close(); cleanup(w.dir); w = undefined; }
});

const SKU = 'TEA-SENCHA-100';

/** A clock that jumps: each sleep moves time on at once and lets the test act "while watch waits". */
function fakeClock(onSleep: (now: number) => Promise<void> | void): WatchClock & { t: number } {
  const c = {
    t: Date.parse('2026-12-01T09:00:00Z'),
    now: () => c.t,
    sleep: async (ms: number) => { c.t += Math.min(ms, 3_600_000); await onSleep(c.t); },
  };
  return c;
}

async function open(x: ChannelsWorld, extra = ''): Promise<Workspace> {
  const file = path.join(x.dir, 'config.yaml');
  // No waiting for the writer lock: a command that finds it held fails at once.
  writeFileSync(file, `${extra}${readFileSync(file, 'utf8').replace(/^lock_timeout_seconds: .*$/m, 'lock_timeout_seconds: 0')}`);
  process.env = { ...process.env, ...x.env };
  return openWorkspace({ config: path.join(x.dir, 'config.yaml') });
}

const quiet = { info: () => {}, debug: () => {}, warn: () => {} };
const published = async (x: ChannelsWorld) => (await x.json<{ lines: { published: Record<string, number> }[] }>(['stock', SKU])).lines[0]!.published;

describe('omni watch loop (fake clock)', () => {
  it('holds no lock while it waits: another process writes then, and the next look pushes it', async () => {
    w = await channelsWorld();
    ws = await open(w);
    const stop = new AbortController();
    let adjusted: number | undefined;
    let sleeps = 0;
    const clock = fakeClock(async () => {
      sleeps++;
      // The first wait after the start-up reconciles: a terminal command must get the lock at once.
      if (sleeps === 1) adjusted = (await w!.run(['stock', 'adjust', SKU, '-7', '-l', 'warehouse'])).code;
      if (sleeps === 3) stop.abort();
    });
    const cycles: (string | null)[] = [];
    await watchLoop(ws, watchSettings(ws.config, { all: true }), { clock, stop: stop.signal, log: quiet, lockTimeoutMs: 0, onCycle: (c) => cycles.push(c) });
    expect(adjusted).toBe(0);
    // The ledger look found the adjustment and pushed it on both channels without reading either.
    expect(cycles).toContain(null);
    const p = await published(w);
    expect(w.shopify.quantity(SKU, 'Warehouse')).toBe(p.shopify);
    expect(amazonQuantity(w.amazon, SKU)).toBe(p.amazon);
  });

  it('backs a failing channel off (doubling, capped, said) while the others keep pushing', async () => {
    w = await channelsWorld();
    ws = await open(w, 'watch:\n  max_backoff_seconds: 1500\n  interval_seconds: { shopify: 60 }\n');
    const warnings: string[] = [];
    const log = { ...quiet, warn: (m: string) => { warnings.push(m); } };
    const stop = new AbortController();
    const amazonCycles: number[] = [];
    let adjusted = false;
    const clock = fakeClock(async (now) => {
      if (!adjusted && amazonCycles.length >= 2) {
        adjusted = true;
        await w!.run(['stock', 'adjust', SKU, '-3', '-l', 'warehouse']);
      }
      if (now - start > 75 * 60_000) stop.abort();
    });
    const start = clock.t;
    let first = true;
    await watchLoop(ws, watchSettings(ws.config, { all: true }), {
      clock, stop: stop.signal, log, lockTimeoutMs: 0,
      onCycle: (c) => {
        if (c !== 'amazon') return;
        amazonCycles.push(clock.now());
        // After the start-up reconcile, Amazon answers 500 to everything.
        if (first) { first = false; w!.amazon.injectFault({ operation: '*', kind: '500', count: 100_000 }); }
      },
    });
    const gaps = amazonCycles.slice(1).map((t, i) => Math.round((t - amazonCycles[i]!) / 1000));
    // 360 s, then doubled from the first failure (720, 1440) and capped at 1,500, plus the retries' own waits.
    const within = (g: number | undefined, from: number) => g !== undefined && g >= from && g < from + 200;
    expect(gaps.length, gaps.join(',')).toBeGreaterThanOrEqual(4);
    expect([within(gaps[0], 360), within(gaps[1], 720), within(gaps[2], 1440), within(gaps[3], 1500)], gaps.join(',')).toEqual([true, true, true, true]);
    expect(warnings.some((m) => /amazon: watch cycle failed \(\d+ in a row\); next try in \d+ s/.test(m))).toBe(true);
    // Shopify got the adjustment made while Amazon was failing.
    expect(w.shopify.quantity(SKU, 'Warehouse')).toBe((await published(w)).shopify);
  });
});
