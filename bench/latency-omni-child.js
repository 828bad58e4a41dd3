// omni watch in a process of its own for `bench/latency.js`, so its RSS is omni's alone (the
// sandboxes stay in the parent). Time is the parent's fake clock: every wait is a message to the
// parent, which advances the shared clock (firing the sales due in between) and answers with the
// new time. A loop wait (not a connector's rate-limit wait) ends early at a POS file drop, as the
// real file events would end it. It runs with node's watch flags (src/app/watch/node-flags.ts), as the
// service unit and `omni watch` run it; BENCH_OMNI_FLAGS='' runs it without. Usage: forked by bench/latency.js with CONFIG_YAML START_MS.
import { readFileSync } from 'node:fs';
import { openWorkspace } from '../dist/src/app/workspace.js';
import { watchSettings } from '../dist/src/app/watch/settings.js';
import { watchLoop } from '../dist/src/app/watch/loop.js';

const [configFile, startMs] = process.argv.slice(2);
let t = Number(startMs);
const waiting = new Map();
let seq = 0;
process.on('message', (m) => { waiting.get(m.id)?.(m); waiting.delete(m.id); });
const ask = (msg) => new Promise((resolve) => { const id = ++seq; waiting.set(id, resolve); process.send({ ...msg, id }); });

const stop = new AbortController();
let notifyFiles;
let cycleFrom = t;
const clock = {
  now: () => t,
  sleep: async (ms, wake) => {
    const r = await ask({ type: 'sleep', ms, interruptible: wake !== stop.signal });
    t = r.t;
    if (wake !== stop.signal) cycleFrom = t;
    if (r.fileEvent) notifyFiles?.('pos');
    if (r.stop) stop.abort();
  },
};
const ws = await openWorkspace({ config: configFile });
const startRss = process.memoryUsage().rss;
const silent = { info() {}, debug() {}, warn() {}, error() {} };
await watchLoop(ws, watchSettings(ws.config, { all: true }), {
  clock, stop: stop.signal, log: silent, lockTimeoutMs: 30_000,
  watchFiles: (notify) => { notifyFiles = notify; return () => {}; },
  onCycle: (channel, kind) => {
    if (process.env.BENCH_TRACE && t - cycleFrom > 20_000) console.error(`omni: ${channel ?? 'ledger'} ${kind} cycle took ${(t - cycleFrom) / 1000}s (from ${new Date(cycleFrom).toISOString()})`);
    cycleFrom = t;
    const m = process.memoryUsage();
    // BENCH_MEM=1: where the memory is after every cycle (V8 heap, Buffers, anonymous and file-backed RSS).
    if (process.env.BENCH_MEM) {
      const kb = (k) => Math.round(Number(new RegExp(`${k}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024);
      console.error(`omni mem ${channel ?? 'ledger'} ${kind}: rss ${Math.round(m.rss / 1048576)} (anon ${kb('RssAnon')}, file ${kb('RssFile')}) heapUsed ${Math.round(m.heapUsed / 1048576)} heapTotal ${Math.round(m.heapTotal / 1048576)} external ${Math.round(m.external / 1048576)} MB`);
    }
    process.send({ type: 'cycle', channel, kind, rss: m.rss, heap: m.heapUsed });
  },
});
ws.close();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
const end = process.memoryUsage();
process.send({ type: 'done', startRss, endRss: end.rss, heapTotal: end.heapTotal, external: end.external, peakRss: hwm ? Number(hwm[1]) * 1024 : NaN }, () => process.disconnect());
