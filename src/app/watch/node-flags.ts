// omni watch runs for days beside a till, so it runs node with a small young generation: V8's
// default lets it grow to 32 MB (two 16 MB semi-spaces), which a watch cycle's short-lived
// objects fill and keep committed; at 2 MB each, collections are more frequent, each one tiny, and
// the process stays about 25 MB smaller (bench/latency.js: 10k listings a channel, peak 172 → 142
// MB over the hour). The flag cannot be set once node runs, so the service unit passes it and a
// watch started by hand is restarted once with it (bin/omni.js). Scheduled jobs get a small one
// too (JOB_NODE_FLAGS); a command typed by hand keeps V8's defaults (restarting node for it would
// leave a killed parent's child running).
export const WATCH_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/**
 * The flags a scheduled job's node runs with (`omni schedule run` starts each job as its own
 * process, which is where a timer's or cron's sync and imports run). A young generation of two
 * 4 MB semi-spaces instead of 16 MB: a 1M-line POS export read and booked peaked at 170 MB RSS
 * instead of 205 MB, a 1M-row supplier import at 111–116 instead of 134–138 MB, with no measurable
 * loss of speed (bench/catalog.js, alternated). A command typed by hand runs with node's defaults
 * (the flag cannot be set once node runs; `node --max-semi-space-size=4 $(which omni) …` gives it).
 */
export const JOB_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

/** A long-running `omni watch` (not --once) started without the flags. */
export function needsWatchFlags(argv: readonly string[], execArgv: readonly string[]): boolean {
  const args = argv.slice(2);
  if (!args.includes('watch') || args.includes('--once') || args.includes('--help') || args.includes('-h')) return false;
  return !WATCH_NODE_FLAGS.every((f) => execArgv.includes(f));
}
