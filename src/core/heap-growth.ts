// How far V8 lets its heap grow past what is live before the next full collection. By default up
// to 4× when collections are cheap, which they are here (a few ms: little is live), so a million-
// line POS read let ~100 MB of garbage pile up above a ~25 MB live heap and peaked at 232–263 MB
// RSS; at 1.3× it collects more often, each time in a few ms. Unlike the young generation's size
// (watch/node-flags.ts), this one is read at every collection, so it can be set once node runs.
import v8 from 'node:v8';

let set = false;

/**
 * Called by the big-read paths before they read; process-wide, once, and never over a value the
 * user gave node (`--heap-growing-percent` on its command line; NODE_OPTIONS refuses V8 flags). It stays for
 * the rest of the process (a watch collects a little more often after its first POS read).
 */
export function keepHeapTight(): void {
  if (set) return;
  set = true;
  const given = process.execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a));
  if (!given) v8.setFlagsFromString('--heap-growing-percent=30');
}
