// The wall clock for the watch loop; tests pass a fake one (core/watch-timing.ts does the sums).
import type { WatchClock } from './loop.js';

export const realWatchClock: WatchClock = {
  now: () => Date.now(),
  sleep: (ms, wake) => new Promise<void>((resolve) => {
    if (wake.aborted) return resolve();
    const done = () => { clearTimeout(timer); wake.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    wake.addEventListener('abort', done);
  }),
};
