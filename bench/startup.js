// `omni --help` start-up against `node -e ''` (the floor any Node CLI pays), same machine, same run.
// Goal (issue #2): under 1.5×.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'omni.js');

function timeRuns(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function benchStartup({ runs = 21 } = {}) {
  timeRuns(['-e', ''], 3); // warm the file cache
  timeRuns([bin, '--help'], 3);
  const node = timeRuns(['-e', ''], runs);
  const help = timeRuns([bin, '--help'], runs);
  const version = timeRuns([bin, '--version'], runs);
  return [
    { bench: 'startup', case: "node -e ''", medianMs: node.toFixed(1), ratio: '1.00' },
    { bench: 'startup', case: 'omni --help', medianMs: help.toFixed(1), ratio: (help / node).toFixed(2), goal: '< 1.50' },
    { bench: 'startup', case: 'omni --version', medianMs: version.toFixed(1), ratio: (version / node).toFixed(2) },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(benchStartup());
