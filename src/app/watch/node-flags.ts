// omni watch runs for days beside a till, so it runs node with a small young generation: V8's
// default lets it grow to 32 MB (two 16 MB semi-spaces), which a watch cycle's short-lived
// objects fill and keep committed; at 2 MB each, collections are more frequent, each one tiny, and
// the process stays about 25 MB smaller (bench/latency.js: 10k listings a channel, peak 172 → 142
// MB over the hour). The flag cannot be set once node runs, so the service unit passes it and a
// watch started by hand is restarted once with it (bin/omni.js). Every other command keeps V8's
// defaults: a big import allocates fast and a larger young generation suits it.
export const WATCH_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/** A long-running `omni watch` (not --once) started without the flags. */
export function needsWatchFlags(argv: readonly string[], execArgv: readonly string[]): boolean {
  const args = argv.slice(2);
  if (!args.includes('watch') || args.includes('--once') || args.includes('--help') || args.includes('-h')) return false;
  return !WATCH_NODE_FLAGS.every((f) => execArgv.includes(f));
}
