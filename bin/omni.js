#!/usr/bin/env node
// The executable: loads the compiled CLI. `npm ci` builds it through the `prepare` script.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WATCH_NODE_FLAGS, needsWatchFlags } from '../dist/src/app/watch/node-flags.js';

if (needsWatchFlags(process.argv, process.execArgv)) {
  // A long-running watch restarts node once with its memory flags (src/app/watch/node-flags.ts).
  // Signals are passed on (a terminal's Ctrl-C reaches both; watch stops once either way), and
  // the exit code comes back.
  const child = spawn(process.execPath, [...process.execArgv, ...WATCH_NODE_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('error', (e) => { console.error(`omni: could not start watch: ${e.message}`); process.exitCode = 1; });
  child.on('exit', (code) => { process.exitCode = code ?? 1; });
} else {
  const { main } = await import('../dist/src/cli/main.js');
  process.exitCode = await main(process.argv);
}
